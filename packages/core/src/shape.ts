import { ArgumentError, IndexError, ShapeError } from './errors.js';

export type Shape = readonly number[];

export function numelOf(shape: Shape): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  return n;
}

export function stridesOf(shape: Shape): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function fmtShape(s: Shape): string {
  return `[${s.join(',')}]`;
}

/** NumPy/PyTorch broadcasting: align trailing dims; each pair equal or one of them 1. */
export function broadcastShapes(a: Shape, b: Shape, op = 'broadcast'): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = i < n - a.length ? 1 : a[i - (n - a.length)];
    const db = i < n - b.length ? 1 : b[i - (n - b.length)];
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(
        `${op}: shapes ${fmtShape(a)} and ${fmtShape(b)} cannot be broadcast — dim ${i} has sizes ${da} and ${db}; ` +
          `sizes must match or one of them be 1 (reshape or unsqueeze one operand)`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Normalises a possibly negative dim against `ndim`; throws IndexError when out of range. */
export function normDim(dim: number, ndim: number, op: string): number {
  const n = Math.max(ndim, 1);
  if (!Number.isInteger(dim) || dim < -n || dim >= n) {
    throw new IndexError(`${op}: dim ${dim} is out of range for a tensor with ${ndim} dims (expected -${n}..${n - 1})`);
  }
  return dim < 0 ? dim + n : dim;
}

export function checkShape(shape: Shape, op: string): number[] {
  const out: number[] = [];
  for (const d of shape) {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) {
      throw new ArgumentError(`${op}: invalid size ${d} in shape ${fmtShape(shape)} — sizes must be non-negative integers`);
    }
    out.push(d);
  }
  return out;
}
