/** Python-style formatting for module reprs, so `toString()` reads exactly like PyTorch's. */

export function pyBool(b: boolean): string {
  return b ? 'True' : 'False';
}

/** A float as Python's repr prints it: `1.0`, `0.1`, `1e-05`. */
export function pyFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return `${x}.0`;
  const a = Math.abs(x);
  if (a < 1e-4 || a >= 1e16) {
    const [m, e] = x.toExponential().split('e');
    const exp = Number(e);
    return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return String(x);
}

/** A tuple as Python prints it: `(3, 3)`, `(4,)`. */
export function pyTuple(xs: readonly number[]): string {
  return xs.length === 1 ? `(${xs[0]},)` : `(${xs.join(', ')})`;
}

/** An int-or-tuple argument as given (PyTorch prints pooling sizes unexpanded). */
export function pyIntOrTuple(x: number | readonly number[]): string {
  return typeof x === 'number' ? String(x) : pyTuple(x);
}
