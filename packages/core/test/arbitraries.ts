/**
 * Shared fast-check generators and helpers for the core tests: shapes (including broadcastable
 * pairs), seeded float64 tensors whose values avoid an op's non-differentiable points, and a
 * gradcheck wrapper that fast-check can use as a property.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { broadcastShapes, gradcheck, tensor, type GradcheckOptions, type Tensor } from '@gradstack/core';

/** Runs per property: small enough that the whole core folder stays well under a minute. */
export const NUM_RUNS = 20;

/** mulberry32: a tiny seeded stream, so fast-check shrinks one seed instead of long float arrays. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const seedArb = fc.integer({ min: 0, max: 0x7fffffff });

export interface ShapeOptions {
  minRank?: number;
  maxRank?: number;
  minDim?: number;
  maxDim?: number;
}

export function shapeArb(o: ShapeOptions = {}): fc.Arbitrary<number[]> {
  return fc.array(fc.integer({ min: o.minDim ?? 1, max: o.maxDim ?? 4 }), { minLength: o.minRank ?? 0, maxLength: o.maxRank ?? 3 });
}

export interface BroadcastPair {
  a: number[];
  b: number[];
  /** The broadcast result shape (a sub-shape of the one drawn when both operands drop dims). */
  out: number[];
}

/**
 * Two shapes that broadcast to `out`: each drops some leading dims of `out` and sets some of the
 * remaining dims to 1 (so both "missing dim" and "size-1 dim" broadcasting occur).
 */
export function broadcastPairArb(o: ShapeOptions = {}): fc.Arbitrary<BroadcastPair> {
  const maxRank = o.maxRank ?? 3;
  return fc
    .tuple(
      shapeArb({ ...o, maxRank }),
      fc.array(fc.boolean(), { minLength: maxRank, maxLength: maxRank }),
      fc.array(fc.boolean(), { minLength: maxRank, maxLength: maxRank }),
      fc.nat(maxRank),
      fc.nat(maxRank),
    )
    .map(([out, onesA, onesB, dropA, dropB]) => {
      const derive = (ones: boolean[], drop: number) => out.slice(Math.min(drop, out.length)).map((d, i) => (ones[i] ? 1 : d));
      const a = derive(onesA, dropA);
      const b = derive(onesB, dropB);
      return { a, b, out: broadcastShapes(a, b) };
    });
}

/** Three mutually broadcastable shapes (for where, lerp, addcmul, addcdiv). */
export function broadcastTripleArb(o: ShapeOptions = {}): fc.Arbitrary<[number[], number[], number[]]> {
  return fc.tuple(broadcastPairArb(o), fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), fc.nat(3)).map(([p, ones, drop]) => {
    const c = p.out.slice(Math.min(drop, p.out.length)).map((d, i) => (ones[i] ? 1 : d));
    return [p.a, p.b, c];
  });
}

export interface ValueOptions {
  lo?: number;
  hi?: number;
  /** Points the values keep at least `gap` away from (non-differentiable points of the op). */
  avoid?: readonly number[];
  gap?: number;
  /** All values pairwise at least (hi − lo) / (3n) apart (for max/min/sort-like ops). */
  distinct?: boolean;
}

export function numelOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Seeded values in [lo, hi) honouring `avoid` and `distinct`. */
export function values(n: number, seed: number, o: ValueOptions = {}): Float64Array {
  const r = rng(seed);
  const lo = o.lo ?? -2;
  const hi = o.hi ?? 2;
  const gap = o.gap ?? 0.1;
  const out = new Float64Array(n);
  if (o.distinct) {
    // A shuffled grid with jitter: distinct by construction.
    const perm = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [perm[i], perm[j]] = [perm[j], perm[i]];
    }
    for (let i = 0; i < n; i++) out[i] = lo + ((hi - lo) * (perm[i] + 0.35 + 0.3 * r())) / n;
    return out;
  }
  for (let i = 0; i < n; i++) {
    let x = lo + (hi - lo) * r();
    for (let tries = 0; o.avoid && o.avoid.some((p) => Math.abs(x - p) < gap) && tries < 1000; tries++) x = lo + (hi - lo) * r();
    out[i] = x;
  }
  return out;
}

/** A float64 tensor of `shape` with seeded values; requires grad unless told otherwise. */
export function f64(shape: readonly number[], seed: number, o: ValueOptions = {}, requiresGrad = true): Tensor {
  return tensor(values(numelOf(shape), seed, o), { shape, requiresGrad });
}

/** A seeded 0/1 int32 mask of `shape`. */
export function mask(shape: readonly number[], seed: number, p = 0.5): Tensor {
  const r = rng(seed ^ 0x9e3779b9);
  return tensor(Int32Array.from({ length: numelOf(shape) }, () => (r() < p ? 1 : 0)), { shape });
}

/** Seeded int32 indices in [0, bound) (negative ones too when `allowNegative`). */
export function indices(shape: readonly number[], bound: number, seed: number, allowNegative = false): Tensor {
  const r = rng(seed ^ 0x5bd1e995);
  return tensor(
    Int32Array.from({ length: numelOf(shape) }, () => {
      const i = Math.floor(r() * bound);
      return allowNegative && r() < 0.3 ? i - bound : i;
    }),
    { shape },
  );
}

/** gradcheck as a fast-check predicate (throws GradcheckError with the worst element on mismatch). */
export function checkGrad(fn: (...xs: Tensor[]) => Tensor, inputs: readonly Tensor[], opts: GradcheckOptions = {}): true {
  return gradcheck(fn, inputs, opts);
}

/** Runs a property with the shared run count. */
export function assertProperty<Ts extends [unknown, ...unknown[]]>(
  ...args: [...arbs: { [K in keyof Ts]: fc.Arbitrary<Ts[K]> }, predicate: (...xs: Ts) => boolean | void]
): void {
  fc.assert(fc.property(...args), { numRuns: NUM_RUNS });
}

/** Elementwise |got − want| ≤ atol + rtol·|want|, reporting the first offending index. */
export function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, atol = 1e-12, rtol = 1e-9, label = ''): void {
  expect(got.length, `${label} length`).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const g = got[i];
    const w = want[i];
    if (Number.isNaN(w)) {
      expect(Number.isNaN(g), `${label}[${i}]: ${g} vs NaN`).toBe(true);
      continue;
    }
    if (!(Math.abs(g - w) <= atol + rtol * Math.abs(w)) && g !== w) expect.fail(`${label}[${i}]: got ${g}, want ${w}`);
  }
}
