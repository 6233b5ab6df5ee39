/** Gradients of reductions (and softmax/logSoftmax) against central finite differences in float64. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logSoftmax, softmax, tensor, type Tensor } from '@gradstack/core';
import { assertProperty, checkGrad, f64, seedArb, shapeArb, type ValueOptions } from './arbitraries.js';
import { setBackend } from '@gradstack/core';

// float64 gradchecks are cpu-only (the gpu backend computes in float32): this file pins the cpu
// backend even under GRADSTACK_BACKEND=gpu:<mode>. test/gpu/autograd-parity.test.ts checks gpu
// gradients against cpu ones instead.
setBackend('cpu');

interface DimsCase {
  shape: number[];
  /** A non-empty subset of dims, some given as negative numbers. */
  dims: number[];
  /** One dim (possibly negative). */
  dim: number;
  keepdim: boolean;
}

const dimsArb: fc.Arbitrary<DimsCase> = fc
  .tuple(shapeArb({ minRank: 1 }), fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), fc.nat(2), fc.boolean())
  .map(([shape, pick, negative, one, keepdim]) => {
    const n = shape.length;
    let dims = shape.map((_, i) => i).filter((i) => pick[i]);
    if (dims.length === 0) dims = [n - 1];
    dims = dims.map((d, i) => (negative[i] ? d - n : d));
    const d = Math.min(one, n - 1);
    return { shape, dims, dim: negative[0] ? d - n : d, keepdim };
  });

interface ReduceCase {
  name: string;
  all: (x: Tensor) => Tensor;
  dims?: (x: Tensor, c: DimsCase) => Tensor;
  domain?: ValueOptions;
  /** var/std: at least two reduced elements (one element gives NaN/undefined derivative, as in PyTorch). */
  needsTwo?: boolean;
}

const DISTINCT: ValueOptions = { distinct: true, lo: -3, hi: 3 };

const REDUCE: ReduceCase[] = [
  { name: 'sum', all: (x) => x.sum(), dims: (x, c) => x.sum(c.dims, c.keepdim) },
  { name: 'mean', all: (x) => x.mean(), dims: (x, c) => x.mean(c.dims, c.keepdim) },
  { name: 'prod', all: (x) => x.prod(), dims: (x, c) => x.prod(c.dims, c.keepdim), domain: { lo: 0.5, hi: 1.5 } },
  { name: 'prod with negatives', all: (x) => x.prod(), dims: (x, c) => x.prod(c.dim, c.keepdim), domain: { lo: -1.5, hi: 1.5, avoid: [0], gap: 0.3 } },
  { name: 'var (unbiased)', all: (x) => x.var(), dims: (x, c) => x.var(c.dims, { keepdim: c.keepdim }), needsTwo: true },
  { name: 'var (biased)', all: (x) => x.var(undefined, { unbiased: false }), dims: (x, c) => x.var(c.dims, { unbiased: false, keepdim: c.keepdim }), needsTwo: true },
  { name: 'var (correction 2)', all: (x) => x.var(undefined, { correction: 2 }).mul(0).add(x.var(undefined, { correction: 0 })), needsTwo: true },
  { name: 'std (unbiased)', all: (x) => x.std(), dims: (x, c) => x.std(c.dims, { keepdim: c.keepdim }), domain: DISTINCT, needsTwo: true },
  { name: 'std (biased)', all: (x) => x.std(undefined, { unbiased: false }), dims: (x, c) => x.std(c.dim, { unbiased: false }), domain: DISTINCT, needsTwo: true },
  { name: 'max()', all: (x) => x.max(), dims: (x, c) => x.max(c.dim, c.keepdim).values, domain: DISTINCT },
  { name: 'min()', all: (x) => x.min(), dims: (x, c) => x.min(c.dim, c.keepdim)[0], domain: DISTINCT },
  { name: 'amax', all: (x) => x.amax(), dims: (x, c) => x.amax(c.dims, c.keepdim), domain: DISTINCT },
  { name: 'amin', all: (x) => x.amin(), dims: (x, c) => x.amin(c.dims, c.keepdim), domain: DISTINCT },
  { name: 'logsumexp', all: (x) => x.logsumexp(), dims: (x, c) => x.logsumexp(c.dims, c.keepdim), domain: { lo: -4, hi: 4 } },
  { name: 'norm(2)', all: (x) => x.norm(), dims: (x, c) => x.norm(2, c.dims, c.keepdim), domain: { avoid: [0], gap: 0.2 } },
  { name: "norm('fro')", all: (x) => x.norm('fro'), dims: (x, c) => x.norm('fro', c.dims, c.keepdim), domain: { avoid: [0], gap: 0.2 } },
  { name: 'norm(1)', all: (x) => x.norm(1), dims: (x, c) => x.norm(1, c.dims, c.keepdim), domain: { avoid: [0], gap: 0.1 } },
  { name: 'norm(Infinity)', all: (x) => x.norm(Infinity), dims: (x, c) => x.norm(Infinity, c.dims, c.keepdim), domain: { distinct: true, lo: 0.2, hi: 3 } },
  { name: 'norm(-Infinity)', all: (x) => x.norm(-Infinity), dims: (x, c) => x.norm(-Infinity, c.dim, c.keepdim), domain: { distinct: true, lo: 0.2, hi: 3 } },
  { name: 'norm(3)', all: (x) => x.norm(3), dims: (x, c) => x.norm(3, c.dims, c.keepdim), domain: { avoid: [0], gap: 0.2 } },
  { name: 'softmax', all: (x) => softmax(x.reshape([-1]), 0), dims: (x, c) => x.softmax(c.dim), domain: { lo: -4, hi: 4 } },
  { name: 'logSoftmax', all: (x) => logSoftmax(x.reshape([-1]), 0), dims: (x, c) => x.logSoftmax(c.dim), domain: { lo: -4, hi: 4 } },
];

describe('reduction gradients', () => {
  for (const c of REDUCE) {
    it(`${c.name} over all elements`, () => {
      assertProperty(shapeArb(), seedArb, (shape, seed) => {
        fc.pre(!c.needsTwo || shape.reduce((a, b) => a * b, 1) >= 3);
        checkGrad(c.all, [f64(shape, seed, c.domain)]);
      });
    });
    if (c.dims) {
      const dims = c.dims;
      it(`${c.name} over dims (negative dims, keepdim)`, () => {
        assertProperty(dimsArb, seedArb, (d, seed) => {
          const n = d.shape.length;
          const reduced = [...new Set(d.dims.map((k) => (k + n) % n))].reduce((a, k) => a * d.shape[k], 1);
          fc.pre(!c.needsTwo || (reduced >= 2 && d.shape[(d.dim + n) % n] >= 2));
          checkGrad((x) => dims(x, d), [f64(d.shape, seed, c.domain)]);
        });
      });
    }
  }
});

describe('reduction gradients at special points', () => {
  it('prod with zeros: the gradient at a zero is the product of the others', () => {
    const x = tensor([[2, 0, 3], [0, 0, 5], [1, 4, 2]], { dtype: 'float64', requiresGrad: true });
    x.prod(1).sum().backward();
    expect(x.grad!.toArray()).toEqual([[0, 6, 0], [0, 0, 0], [8, 2, 4]]);
    checkGrad((t) => t.prod(1), [x]);
    checkGrad((t) => t.prod(), [tensor([1.5, 0, -2], { dtype: 'float64', requiresGrad: true })]);
  });
  it('amax splits the gradient evenly among ties; max(dim) sends it to the returned index', () => {
    const x = tensor([1, 3, 3, 2], { dtype: 'float64', requiresGrad: true });
    x.amax().backward();
    expect(Array.from(x.grad!.data())).toEqual([0, 0.5, 0.5, 0]);
    const y = tensor([[1, 3, 3, 2]], { dtype: 'float64', requiresGrad: true });
    const { values, indices } = y.max(1);
    values.sum().backward();
    const g = Array.from(y.grad!.data());
    expect(g.reduce((a, b) => a + b, 0)).toBe(1);
    expect(g[indices.item()]).toBe(1);
  });
  it('norm(2) of the zero vector has gradient 0, not NaN', () => {
    const x = tensor([0, 0, 0], { dtype: 'float64', requiresGrad: true });
    x.norm().backward();
    expect(Array.from(x.grad!.data())).toEqual([0, 0, 0]);
  });
  it('logsumexp is stable for large inputs and its gradient is the softmax', () => {
    const x = tensor([1000, 1001, 1002], { dtype: 'float64', requiresGrad: true });
    const l = x.logsumexp();
    expect(l.item()).toBeCloseTo(1002 + Math.log(1 + Math.exp(-1) + Math.exp(-2)), 10);
    l.backward();
    const sm = x.detach().softmax().data();
    Array.from(x.grad!.data()).forEach((g, i) => expect(g).toBeCloseTo(sm[i], 12));
  });
  it('var of one element is NaN when unbiased (division by N − 1 = 0), 0 when biased', () => {
    expect(Number.isNaN(tensor([3]).var().item())).toBe(true);
    expect(tensor([3]).var(undefined, { unbiased: false }).item()).toBe(0);
    expect(tensor([1, 2, 3, 4]).var().item()).toBeCloseTo(5 / 3, 6);
    expect(tensor([1, 2, 3, 4]).std(undefined, { unbiased: false }).item()).toBeCloseTo(Math.sqrt(1.25), 6);
  });
  it('mean of an int32 tensor is float32', () => {
    expect(tensor([1, 2, 4], { dtype: 'int32' }).mean().dtype).toBe('float32');
  });
});
