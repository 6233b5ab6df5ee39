/**
 * Helper functions kernels may call, as gpu.js source (its JS subset, evaluated in float32 on the
 * device). They stand in for the `H.*` helpers of cpuKernels.ts, which compute in float64.
 */

/**
 * erf in float32: the Maclaurin series where it converges without cancellation (|x| < 1), and
 * Numerical Recipes' erfc Chebyshev fit (relative error < 1.2e-7) beyond, so 1 − erfc loses nothing.
 */
const gsErf = `function gsErf(x) {
  const ax = Math.abs(x);
  if (ax < 1) {
    const x2 = x * x;
    let term = x;
    let sum = x;
    for (let n = 1; n < 14; n++) {
      term = term * (0 - x2) / n;
      sum = sum + term / (2 * n + 1);
    }
    return 1.1283791670955126 * sum;
  }
  const t = 1 / (1 + 0.5 * ax);
  const poly = -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const erfc = t * Math.exp(0 - ax * ax + poly);
  if (x > 0) {
    return 1 - erfc;
  }
  return erfc - 1;
}`;

/** Round half to even from floor and the exact fraction (x + 0.5 would round in float32). */
const gsRoundHalfEven = `function gsRoundHalfEven(x) {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) {
    return f + 1;
  }
  if (d < 0.5) {
    return f;
  }
  const h = f * 0.5;
  if (Math.floor(h) === h) {
    return f;
  }
  return f + 1;
}`;

/** What storing into an Int32Array does to a value (truncation; NaN and ±Infinity become 0). */
const gsToInt = `function gsToInt(v) {
  if (v !== v) {
    return 0;
  }
  if (v === Infinity || v === -Infinity) {
    return 0;
  }
  if (v < 0) {
    return Math.ceil(v);
  }
  return Math.floor(v);
}`;

/**
 * JS `%` (fmod) exactly in float32. gpu.js lowers `%` to x − y·trunc(x/y) in float32, whose
 * product rounds (an error of ~1e-8·|x| that dominates small remainders); here the product is
 * split exactly (Dekker's two-product, 12-bit halves) so the representable remainder comes out
 * exact. Quotients past 2^24 fall back to gpu.js's `%`.
 */
const gsFmod = `function gsFmod(x, y) {
  const ax = Math.abs(x);
  const ay = Math.abs(y);
  if (x !== x || y !== y || y === 0 || ax === Infinity) {
    return x % y;
  }
  if (ay === Infinity || ax < ay) {
    return x;
  }
  if (ax / ay >= 16777216) {
    return x % y;
  }
  const q = Math.floor(ax / ay);
  let c = 4097 * q;
  const qh = c - (c - q);
  const ql = q - qh;
  c = 4097 * ay;
  const yh = c - (c - ay);
  const yl = ay - yh;
  const hi = q * ay;
  const lo = ((qh * yh - hi) + qh * yl + ql * yh) + ql * yl;
  let r = (ax - hi) - lo;
  if (r < 0) {
    r = r + ay;
  }
  if (r >= ay) {
    r = r - ay;
  }
  if (x < 0) {
    return r * -1;
  }
  return r;
}`;

export const HELPERS: Record<string, string> = { gsErf, gsRoundHalfEven, gsToInt, gsFmod };

/** Rewrites cpuKernels' `H.name(` calls to the device helpers, returning the helpers used. */
export function deviceExpr(expr: string): { expr: string; functions: string[] } {
  const functions = new Set<string>();
  const out = expr.replace(/H\.(\w+)\(/g, (_m, name: string) => {
    const gs = `gs${name[0].toUpperCase()}${name.slice(1)}`;
    if (!HELPERS[gs]) throw new Error(`no device helper for H.${name}`);
    functions.add(gs);
    return `${gs}(`;
  });
  return { expr: out, functions: [...functions].map((f) => HELPERS[f]) };
}
