/** Typed errors. Each message names the op, what was seen, and the fix. */

export class GradstackError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Shapes that cannot be broadcast, multiplied or reshaped together. */
export class ShapeError extends GradstackError {}

/** A tensor of the wrong dtype for the op (e.g. float indices). */
export class DTypeError extends GradstackError {}

/** A dim or index out of range. Extends RangeError so `instanceof RangeError` also holds. */
export class IndexError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'IndexError';
  }
}

/** Misuse of autograd: backward on a tensor without grad, freed graph, version mismatch. */
export class AutogradError extends GradstackError {}

/** A backend that is unavailable here, or tensors of two backends mixed in one op. */
export class BackendError extends GradstackError {}

/** An invalid argument value (negative size, NaN shape, ...). Extends RangeError. */
export class ArgumentError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'ArgumentError';
  }
}
