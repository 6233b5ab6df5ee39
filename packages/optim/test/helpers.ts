/** Shared fixtures of the optimizer law and error tests: seeded tensors, gradient sequences, a convex quadratic. */
import { tensor, Tensor, type DType } from '@gradstack/core';
import type { Optimizer } from '../src/index.js';

/** mulberry32: a tiny seeded generator, so a fast-check counterexample replays from its seed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform values in [-scale, scale) that never sit at 0 (so sign(g) is defined and Adam's first step is ±lr). */
export function randomTensor(shape: number[], rand: () => number, opts: { dtype?: DType; scale?: number; awayFromZero?: number } = {}): Tensor {
  const { dtype = 'float64', scale = 1, awayFromZero = 0 } = opts;
  const n = shape.reduce((a, b) => a * b, 1);
  const values = Array.from({ length: n }, () => {
    const u = rand() * 2 - 1;
    return Math.sign(u || 1) * (awayFromZero + Math.abs(u) * (scale - awayFromZero));
  });
  return tensor(values, { shape, dtype });
}

export const copies = (params: Tensor[]): Tensor[] => params.map((p) => p.detach().clone());

/** grads[step][param], with `null` where a parameter has no gradient that step. */
export type GradSequence = (Tensor | null)[][];

export function randomGrads(params: Tensor[], steps: number, rand: () => number, opts: { scale?: number; dropRate?: number } = {}): GradSequence {
  const { scale = 1, dropRate = 0 } = opts;
  return Array.from({ length: steps }, () =>
    params.map((p) => (rand() < dropRate ? null : randomTensor(p.shape, rand, { dtype: p.dtype, scale, awayFromZero: 1e-2 * scale }))),
  );
}

/** Puts each step's gradients on the params (a fresh copy, so optimizers cannot alias them) and steps. */
export function runSteps(opt: Optimizer, params: Tensor[], grads: GradSequence): void {
  for (const step of grads) {
    step.forEach((g, i) => {
      params[i].grad = g === null ? null : g.clone();
    });
    opt.step();
  }
}

export const values = (params: Tensor[]): number[][] => params.map((p) => Array.from(p.data()));

/**
 * f(x) = ½(x − x*)ᵀA(x − x*) over the flat concatenation of the params, A = MᵀM/n + μI
 * (strictly convex, minimum 0 at x*). `closure` sets each param's grad and returns f.
 */
export function convexQuadratic(shapes: number[][], rand: () => number, mu = 0.5) {
  const sizes = shapes.map((s) => s.reduce((a, b) => a * b, 1));
  const n = sizes.reduce((a, b) => a + b, 0);
  const M = Array.from({ length: n * n }, () => rand() * 2 - 1);
  const A = Array.from({ length: n * n }, (_, idx) => {
    const i = Math.floor(idx / n);
    const j = idx % n;
    let s = i === j ? mu : 0;
    for (let k = 0; k < n; k++) s += (M[k * n + i] * M[k * n + j]) / n;
    return s;
  });
  const xStar = Array.from({ length: n }, () => rand() * 2 - 1);
  const flat = (params: Tensor[]) => params.flatMap((p) => Array.from(p.data()));
  const loss = (params: Tensor[]): number => {
    const e = flat(params).map((x, i) => x - xStar[i]);
    let f = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) f += 0.5 * e[i] * A[i * n + j] * e[j];
    return f;
  };
  const closure = (params: Tensor[]) => (): number => {
    const e = flat(params).map((x, i) => x - xStar[i]);
    const g = Array.from({ length: n }, (_, i) => e.reduce((acc, ej, j) => acc + A[i * n + j] * ej, 0));
    let offset = 0;
    params.forEach((p, k) => {
      p.grad = tensor(g.slice(offset, (offset += sizes[k])), { shape: p.shape, dtype: p.dtype });
    });
    return loss(params);
  };
  const start = (): Tensor[] => shapes.map((s) => randomTensor(s, rand, { scale: 2 }));
  return { loss, closure, start };
}
