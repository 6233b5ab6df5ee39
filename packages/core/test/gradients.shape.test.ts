/** Gradients of shape ops (views, copies, joins and splits) against central finite differences. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cat, chunk, split, stack, tensor } from '@gradstack/core';
import { assertProperty, checkGrad, f64, numelOf, seedArb, shapeArb } from './arbitraries.js';
import { setBackend } from '@gradstack/core';

// float64 gradchecks are cpu-only (the gpu backend computes in float32): this file pins the cpu
// backend even under GRADSTACK_BACKEND=gpu:<mode>. test/gpu/autograd-parity.test.ts checks gpu
// gradients against cpu ones instead.
setBackend('cpu');

const rank1to4 = shapeArb({ minRank: 1, maxRank: 4, maxDim: 3 });
const rank2to4 = shapeArb({ minRank: 2, maxRank: 4, maxDim: 3 });

/** A shape with a dim index into it (possibly negative). */
const shapeDimArb = fc.tuple(rank1to4, fc.nat(3), fc.boolean()).map(([shape, d, neg]) => {
  const dim = d % shape.length;
  return { shape, dim: neg ? dim - shape.length : dim, pos: dim };
});

describe('view-like op gradients', () => {
  it('reshape / view (with -1)', () => {
    assertProperty(rank1to4, seedArb, fc.boolean(), (shape, seed, infer) => {
      const n = numelOf(shape);
      checkGrad((x) => x.reshape(infer ? [-1] : [n]).mul(x.reshape([n])), [f64(shape, seed)]);
      checkGrad((x) => x.view(infer ? [shape[0], -1] : [shape[0], n / shape[0]]).exp(), [f64(shape, seed)]);
    });
  });
  it('viewAs', () => {
    assertProperty(rank1to4, seedArb, (shape, seed) => {
      const other = tensor(new Float64Array(numelOf(shape)), { shape: [numelOf(shape)] });
      checkGrad((x) => x.viewAs(other).square(), [f64(shape, seed)]);
    });
  });
  it('flatten(startDim, endDim)', () => {
    assertProperty(rank1to4, fc.nat(3), fc.nat(3), seedArb, (shape, a, b, seed) => {
      const s = Math.min(a, b) % shape.length;
      const e = Math.max(s, Math.max(a, b) % shape.length);
      checkGrad((x) => x.flatten(s, e).sin(), [f64(shape, seed)]);
      checkGrad((x) => x.flatten().sin(), [f64(shape, seed)]);
    });
  });
  it('squeeze (all, one dim, list) and unsqueeze', () => {
    assertProperty(shapeArb({ maxRank: 4, maxDim: 2 }), seedArb, (shape, seed) => {
      checkGrad((x) => x.squeeze().cos(), [f64(shape, seed)]);
      if (shape.length) checkGrad((x) => x.squeeze(-1).cos(), [f64(shape, seed)]);
      if (shape.length >= 2) checkGrad((x) => x.squeeze([0, 1]).cos(), [f64(shape, seed)]);
      for (let d = -shape.length - 1; d <= shape.length; d++) checkGrad((x) => x.unsqueeze(d).mul(2), [f64(shape, seed)]);
    });
  });
});

describe('layout op gradients', () => {
  it('t() of 0-, 1- and 2-D tensors', () => {
    assertProperty(shapeArb({ maxRank: 2 }), seedArb, (shape, seed) => {
      const w = f64([...shape].reverse(), seed + 7, {}, false);
      checkGrad((x) => x.t().mul(w), [f64(shape, seed)]);
    });
  });
  it('transpose(d0, d1), mT and T', () => {
    assertProperty(rank2to4, fc.nat(3), fc.nat(3), seedArb, (shape, i, j, seed) => {
      const d0 = i % shape.length;
      const d1 = -1 - (j % shape.length);
      checkGrad((x) => x.transpose(d0, d1).exp().reshape([-1]).mul(tensor(Float64Array.from({ length: numelOf(shape) }, (_, k) => k))), [f64(shape, seed)]);
      checkGrad((x) => x.mT.sin(), [f64(shape, seed)]);
      checkGrad((x) => x.T.sin(), [f64(shape, seed)]);
    });
  });
  it('permute (every permutation of up to 4 dims)', () => {
    const permArb = rank1to4.chain((shape) =>
      fc.shuffledSubarray(shape.map((_, i) => i), { minLength: shape.length, maxLength: shape.length }).map((perm) => ({ shape, perm })),
    );
    assertProperty(permArb, seedArb, ({ shape, perm }, seed) => {
      const w = f64(perm.map((p) => shape[p]), seed + 3, {}, false);
      checkGrad((x) => x.permute(perm).mul(w), [f64(shape, seed)]);
      checkGrad((x) => x.permute(...perm).mul(w), [f64(shape, seed)]);
    });
  });
  it('expand / expandAs (new leading dims and size-1 dims)', () => {
    assertProperty(shapeArb({ maxRank: 3 }), fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), fc.nat(2), seedArb, (target, ones, lead, seed) => {
      const src = target.slice(Math.min(lead, target.length)).map((d, i) => (ones[i] ? 1 : d));
      const w = f64(target, seed + 5, {}, false);
      checkGrad((x) => x.expand(target).mul(w), [f64(src, seed)]);
      checkGrad((x) => x.expandAs(w).mul(w), [f64(src, seed)]);
      if (src.length && target.length) checkGrad((x) => x.expand([...target.slice(0, -1), -1]).mul(w), [f64(src, seed)]);
    });
  });
  it('repeat (with extra leading repeats)', () => {
    assertProperty(shapeArb({ maxRank: 2, maxDim: 3 }), fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 3, maxLength: 3 }), fc.nat(1), seedArb, (shape, reps, extra, seed) => {
      const r = reps.slice(0, shape.length + extra);
      while (r.length < shape.length) r.push(2);
      const outShape = [...new Array(r.length - shape.length).fill(1), ...shape].map((s, i) => s * r[i]);
      const w = f64(outShape, seed + 9, {}, false);
      checkGrad((x) => x.repeat(r).mul(w), [f64(shape, seed)]);
    });
  });
  it('clone and contiguous', () => {
    assertProperty(shapeArb(), seedArb, (shape, seed) => {
      checkGrad((x) => x.clone().mul(x.contiguous()), [f64(shape, seed)]);
    });
  });
});

describe('join and split gradients', () => {
  it('cat along any dim, including a zero-size part', () => {
    assertProperty(shapeDimArb, fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 3 }), seedArb, ({ shape, dim, pos }, sizes, seed) => {
      const parts = sizes.map((s, i) => f64(shape.map((d, k) => (k === pos ? s : d)), seed + i));
      const total = sizes.reduce((a, b) => a + b, 0);
      const w = f64(shape.map((d, k) => (k === pos ? total : d)), seed + 99, {}, false);
      checkGrad((...xs) => cat(xs, dim).mul(w), parts);
    });
  });
  it('stack along any dim', () => {
    assertProperty(shapeArb({ maxRank: 3 }), fc.integer({ min: 1, max: 3 }), fc.nat(3), seedArb, (shape, count, d, seed) => {
      const dim = d % (shape.length + 1);
      const parts = Array.from({ length: count }, (_, i) => f64(shape, seed + i));
      checkGrad((...xs) => stack(xs, dim).square(), parts);
      checkGrad((...xs) => stack(xs, -1).sin(), parts);
    });
  });
  it('split (size and sections) and chunk, every piece used', () => {
    assertProperty(shapeDimArb, fc.integer({ min: 1, max: 3 }), seedArb, ({ shape, dim, pos }, k, seed) => {
      const weights = [1.5, -2, 0.5, 3];
      const combine = (ps: ReturnType<typeof split>) => ps.map((p, i) => p.square().sum().mul(weights[i % 4])).reduce((a, b) => a.add(b));
      checkGrad((x) => combine(x.split(k, dim)), [f64(shape, seed)]);
      checkGrad((x) => combine(split(x, k, dim)), [f64(shape, seed)]);
      checkGrad((x) => combine(chunk(x, k, dim)), [f64(shape, seed)]);
      const n = shape[pos];
      const sections = n >= 2 ? [1, n - 1] : [n];
      checkGrad((x) => combine(x.split(sections, dim)), [f64(shape, seed)]);
    });
  });
  it('narrow and slice (negative bounds, steps)', () => {
    assertProperty(shapeDimArb, fc.nat(3), fc.nat(3), fc.integer({ min: 1, max: 3 }), seedArb, ({ shape, dim, pos }, a, b, step, seed) => {
      const n = shape[pos];
      const start = a % n;
      const length = b % (n - start + 1);
      checkGrad((x) => x.narrow(dim, start, length).exp(), [f64(shape, seed)]);
      checkGrad((x) => x.narrow(dim, start - n, length).exp(), [f64(shape, seed)]);
      checkGrad((x) => x.slice(dim, start, -1).exp(), [f64(shape, seed)]);
      checkGrad((x) => x.slice(dim, -n, undefined, step).square(), [f64(shape, seed)]);
    });
  });
  it('split pieces have the expected sizes', () => {
    const x = tensor([0, 1, 2, 3, 4, 5, 6]);
    expect(x.split(3).map((p) => p.shape[0])).toEqual([3, 3, 1]);
    expect(x.chunk(3).map((p) => p.toArray())).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(x.split([2, 5]).map((p) => p.shape[0])).toEqual([2, 5]);
    expect(x.slice(0, 1, -1, 2).toArray()).toEqual([1, 3, 5]);
  });
});
