/**
 * Scalar expressions of every elementwise op, as source text. The cpu backend compiles them into
 * monomorphic loops (one JS function per op and access pattern), so V8 inlines the arithmetic
 * instead of calling through a table per element. `x`, `y`, `z` are operands, `p1`, `p2`, `v` scalars.
 */
import type { BinaryOp, TernaryOp, UnaryOp } from './backend.js';

export const UNARY_EXPR: Record<UnaryOp, string> = {
  identity: 'x',
  neg: '-x',
  exp: 'Math.exp(x)',
  exp2: 'Math.pow(2, x)',
  log: 'Math.log(x)',
  log2: 'Math.log2(x)',
  log1p: 'Math.log1p(x)',
  expm1: 'Math.expm1(x)',
  sqrt: 'Math.sqrt(x)',
  rsqrt: '1 / Math.sqrt(x)',
  abs: 'Math.abs(x)',
  sign: '(x > 0 ? 1 : x < 0 ? -1 : x)',
  sin: 'Math.sin(x)',
  cos: 'Math.cos(x)',
  atan: 'Math.atan(x)',
  tanh: 'Math.tanh(x)',
  sigmoid: '(x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)))',
  relu: '(x < 0 ? 0 : x)',
  square: 'x * x',
  reciprocal: '1 / x',
  erf: 'H.erf(x)',
  floor: 'Math.floor(x)',
  ceil: 'Math.ceil(x)',
  round: 'H.roundHalfEven(x)',
  logicalNot: '(x === 0 ? 1 : 0)',
  isnan: '(x !== x ? 1 : 0)',
  isinf: '(x === Infinity || x === -Infinity ? 1 : 0)',
  leakyRelu: '(x < 0 ? x * p1 : x)',
  // min(max(x, lo), hi) as PyTorch: hi wins when lo > hi; NaN passes through.
  clamp: '(x < p1 ? (p1 > p2 ? p2 : p1) : x > p2 ? p2 : x)',
  softplus: '(x * p1 > p2 ? x : Math.log1p(Math.exp(x * p1)) / p1)',
  powScalar: 'Math.pow(x, p1)',
  rpowScalar: 'Math.pow(p1, x)',
  // elu-like: x > 0 ? x : p1 * expm1(x)  (ELU with alpha = p1)
  eluLike: '(x > 0 ? x : p1 * Math.expm1(x))',
  heaviside: '(x > 0 ? 1 : x < 0 ? 0 : p1)',
};

export const BINARY_EXPR: Record<BinaryOp, string> = {
  add: 'x + y',
  sub: 'x - y',
  mul: 'x * y',
  div: 'x / y',
  pow: 'Math.pow(x, y)',
  maximum: '(x > y || x !== x ? x : y)',
  minimum: '(x < y || x !== x ? x : y)',
  atan2: 'Math.atan2(x, y)',
  fmod: 'x % y',
  eq: '(x === y ? 1 : 0)',
  ne: '(x !== y ? 1 : 0)',
  lt: '(x < y ? 1 : 0)',
  le: '(x <= y ? 1 : 0)',
  gt: '(x > y ? 1 : 0)',
  ge: '(x >= y ? 1 : 0)',
  and: '(x !== 0 && y !== 0 ? 1 : 0)',
  or: '(x !== 0 || y !== 0 ? 1 : 0)',
  xor: '((x !== 0) !== (y !== 0) ? 1 : 0)',
};

export const TERNARY_EXPR: Record<TernaryOp, string> = {
  where: '(x !== 0 ? y : z)',
  lerp: 'x + z * (y - x)',
  addcmul: 'x + v * y * z',
  addcdiv: 'x + v * (y / z)',
};

/** Helpers the generated code may call through `H`. */
export const H = {
  erf,
  roundHalfEven(x: number): number {
    const r = Math.round(x);
    return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
  },
};

/**
 * erf to ~1e-15 relative: Maclaurin series for |x| < 2.5, continued fraction for erfc beyond.
 * (A cheap rational approximation is not enough: gradient checks difference its forward.)
 */
export function erf(x: number): number {
  if (x !== x) return x;
  const ax = Math.abs(x);
  if (ax < 2.5) {
    // erf(x) = 2/sqrt(pi) * sum_n (-1)^n x^(2n+1) / (n! (2n+1))
    const x2 = x * x;
    let term = x;
    let sum = x;
    for (let n = 1; n < 80; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  if (ax > 6) return x > 0 ? 1 : -1;
  // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + 1/2/(x + 1/(x + 3/2/(x + 2/(x + ...))))) via modified Lentz.
  const tiny = 1e-300;
  let f = ax;
  let C = ax;
  let D = 0;
  for (let i = 1; i < 200; i++) {
    const a = i / 2;
    D = ax + a * D;
    D = D === 0 ? tiny : D;
    C = ax + a / C;
    C = C === 0 ? tiny : C;
    D = 1 / D;
    const delta = C * D;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  const erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
  return x > 0 ? 1 - erfc : erfc - 1;
}
