/** Gradients of index ops (indexSelect, gather, scatter, masks, triangles) against central finite differences. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tensor } from '@gradstack/core';
import { assertProperty, checkGrad, f64, indices, mask, numelOf, rng, seedArb, shapeArb } from './arbitraries.js';
import { setBackend } from '@gradstack/core';

// float64 gradchecks are cpu-only (the gpu backend computes in float32): this file pins the cpu
// backend even under GRADSTACK_BACKEND=gpu:<mode>. test/gpu/autograd-parity.test.ts checks gpu
// gradients against cpu ones instead.
setBackend('cpu');

const shapeDimArb = fc.tuple(shapeArb({ minRank: 1, maxRank: 3 }), fc.nat(2), fc.boolean()).map(([shape, d, neg]) => {
  const pos = d % shape.length;
  return { shape, pos, dim: neg ? pos - shape.length : pos };
});

/** An index for scatter along `dim` whose entries are distinct along that dim (deterministic 'set'). */
function uniqueIndex(shape: readonly number[], dim: number, size: number, seed: number) {
  const r = rng(seed);
  const outer = numelOf(shape.slice(0, dim));
  const len = shape[dim];
  const inner = numelOf(shape.slice(dim + 1));
  const data = new Int32Array(numelOf(shape));
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const perm = Array.from({ length: size }, (_, k) => k);
      for (let k = size - 1; k > 0; k--) {
        const j = Math.floor(r() * (k + 1));
        [perm[k], perm[j]] = [perm[j], perm[k]];
      }
      for (let j = 0; j < len; j++) data[(o * len + j) * inner + i] = perm[j];
    }
  }
  return tensor(data, { shape });
}

describe('index op gradients', () => {
  it('indexSelect (repeated and negative indices)', () => {
    assertProperty(shapeDimArb, fc.integer({ min: 0, max: 5 }), seedArb, ({ shape, dim, pos }, n, seed) => {
      const idx = indices([n], shape[pos], seed, true);
      checkGrad((x) => x.indexSelect(dim, idx).sin(), [f64(shape, seed)]);
    });
  });
  it('gather (index smaller than the input off the gather dim)', () => {
    assertProperty(shapeDimArb, fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 3, maxLength: 3 }), seedArb, ({ shape, dim, pos }, sz, seed) => {
      const ishape = shape.map((d, k) => (k === pos ? sz[k] + 1 : Math.min(d, sz[k] + 1)));
      const idx = indices(ishape, shape[pos], seed);
      checkGrad((x) => x.gather(dim, idx).exp(), [f64(shape, seed)]);
    });
  });
  it('scatter with a tensor src (distinct indices) and a scalar src', () => {
    assertProperty(shapeDimArb, seedArb, ({ shape, dim, pos }, seed) => {
      const ishape = shape.map((d, k) => (k === pos ? Math.max(1, d - 1) : d));
      const idx = uniqueIndex(ishape, pos, shape[pos], seed);
      checkGrad((x, s) => x.scatter(dim, idx, s).square(), [f64(shape, seed), f64(ishape, seed + 1)]);
      checkGrad((x) => x.scatter(dim, idx, 0.5).square(), [f64(shape, seed)]);
    });
  });
  it('scatter with src larger than the index', () => {
    assertProperty(shapeDimArb, seedArb, ({ shape, dim, pos }, seed) => {
      const ishape = shape.map((d, k) => (k === pos ? 1 : d));
      const sshape = shape.map((d, k) => (k === pos ? 2 : d));
      const idx = uniqueIndex(ishape, pos, shape[pos], seed);
      checkGrad((x, s) => x.scatter(dim, idx, s).square(), [f64(shape, seed), f64(sshape, seed + 1)]);
    });
  });
  it('scatterAdd (duplicate indices accumulate)', () => {
    assertProperty(shapeDimArb, fc.integer({ min: 1, max: 4 }), seedArb, ({ shape, dim, pos }, n, seed) => {
      const ishape = shape.map((d, k) => (k === pos ? n : d));
      const idx = indices(ishape, shape[pos], seed);
      checkGrad((x, s) => x.scatterAdd(dim, idx, s).square(), [f64(shape, seed), f64(ishape, seed + 1)]);
    });
  });
  it('maskedFill with a scalar and with a 0-d tensor value, broadcast mask', () => {
    assertProperty(shapeArb({ minRank: 1 }), fc.nat(2), seedArb, (shape, drop, seed) => {
      const m = mask(shape.slice(Math.min(drop, shape.length - 1)), seed);
      checkGrad((x) => x.maskedFill(m, -1.5).exp(), [f64(shape, seed)]);
      checkGrad((x, v) => x.maskedFill(m, v).exp(), [f64(shape, seed), f64([], seed + 1)]);
    });
  });
  it('maskedSelect (broadcast mask)', () => {
    assertProperty(shapeArb({ minRank: 1 }), fc.nat(2), seedArb, (shape, drop, seed) => {
      const m = mask(shape.slice(Math.min(drop, shape.length - 1)), seed);
      checkGrad((x) => x.maskedSelect(m).square(), [f64(shape, seed)]);
    });
  });
  it('triu / tril with diagonal offsets, batched', () => {
    assertProperty(shapeArb({ minRank: 2, maxRank: 3 }), fc.integer({ min: -3, max: 3 }), seedArb, (shape, k, seed) => {
      checkGrad((x) => x.triu(k).exp(), [f64(shape, seed)]);
      checkGrad((x) => x.tril(k).exp(), [f64(shape, seed)]);
      checkGrad((x) => x.tril().add(x.triu(1)).sin(), [f64(shape, seed)]);
    });
  });
});

describe('index op values', () => {
  it('gather / scatter / indexSelect / maskedSelect / triu match PyTorch on small cases', () => {
    const x = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(x.gather(1, tensor([[2, 0], [1, 1]], { dtype: 'int32' })).toArray()).toEqual([[3, 1], [5, 5]]);
    expect(x.indexSelect(1, tensor([-1, 0], { dtype: 'int32' })).toArray()).toEqual([[3, 1], [6, 4]]);
    expect(x.scatter(0, tensor([[1, 0, 1]], { dtype: 'int32' }), 0).toArray()).toEqual([[1, 0, 3], [0, 5, 0]]);
    expect(x.scatterAdd(1, tensor([[0, 0]], { dtype: 'int32' }), tensor([[10, 20]])).toArray()).toEqual([[31, 2, 3], [4, 5, 6]]);
    expect(x.maskedSelect(x.gt(3)).toArray()).toEqual([4, 5, 6]);
    expect(x.maskedFill(tensor([1, 0, 1], { dtype: 'int32' }), 0).toArray()).toEqual([[0, 2, 0], [0, 5, 0]]);
    expect(x.triu().toArray()).toEqual([[1, 2, 3], [0, 5, 6]]);
    expect(x.tril(-1).toArray()).toEqual([[0, 0, 0], [4, 0, 0]]);
  });
});
