import type { OptimizerLike } from '../optimizerLike.js';

// Option checks shared by the schedulers. PyTorch raises ValueError for bad hyperparameters;
// we raise RangeError naming the option and the value, so the message says what to fix.

export function fail(scheduler: string, option: string, value: unknown, expected: string): never {
  throw new RangeError(`${scheduler}: ${option} must be ${expected}, got ${show(value)}`);
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(show).join(', ')}]`;
  return String(value);
}

export function checkNumber(scheduler: string, option: string, value: unknown): number {
  if (typeof value !== 'number' || Number.isNaN(value)) fail(scheduler, option, value, 'a number');
  return value;
}

export function checkInteger(scheduler: string, option: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    fail(scheduler, option, value, min === 0 ? 'a non-negative integer' : `an integer >= ${min}`);
  }
  return value;
}

export function checkPositive(scheduler: string, option: string, value: unknown): number {
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
    fail(scheduler, option, value, 'a positive finite number');
  }
  return value;
}

export function checkOneOf<T extends string>(scheduler: string, option: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    fail(scheduler, option, value, `one of ${allowed.map((a) => `"${a}"`).join(', ')}`);
  }
  return value as T;
}

/**
 * PyTorch's `_format_param`: a scalar is broadcast to every param group, a list must have
 * one entry per group.
 */
export function perGroup(scheduler: string, option: string, optimizer: OptimizerLike, value: number | readonly number[]): number[] {
  const n = optimizer.paramGroups.length;
  if (Array.isArray(value)) {
    if (value.length !== n) {
      throw new RangeError(
        `${scheduler}: ${option} must have the same length as optimizer.paramGroups: ${option} has ${value.length} values, paramGroups has ${n}`,
      );
    }
    return value.map((v, i) => checkNumber(scheduler, `${option}[${i}]`, v));
  }
  return new Array<number>(n).fill(checkNumber(scheduler, option, value));
}

/** Number of entries of the sorted list `xs` that are <= x (Python's bisect_right). */
export function bisectRight(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x < xs[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Whether the optimizer has a hyperparameter, as PyTorch checks `key in optimizer.defaults`.
 * Without `defaults` on the optimizer, every param group must carry it.
 */
export function optimizerHas(optimizer: OptimizerLike, key: string): boolean {
  if (optimizer.defaults !== undefined) return optimizer.defaults[key] !== undefined;
  return optimizer.paramGroups.length > 0 && optimizer.paramGroups.every((g) => g[key] !== undefined);
}

/** The optimizer's default lr (PyTorch `optimizer.defaults["lr"]`); falls back to the first group's starting lr. */
export function defaultLr(optimizer: OptimizerLike): number {
  const fromDefaults = optimizer.defaults?.['lr'];
  if (typeof fromDefaults === 'number') return fromDefaults;
  const first = optimizer.paramGroups[0];
  return first.initialLr ?? first.lr;
}
