/** Gradients of matrix products (matmul in every rank combination, mm, bmm, dot, outer) against finite differences. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bmm, dot, matmul, mm, outer, tensor } from '@gradstack/core';
import { assertProperty, checkGrad, f64, seedArb } from './arbitraries.js';
import { setBackend } from '@gradstack/core';

// float64 gradchecks are cpu-only (the gpu backend computes in float32): this file pins the cpu
// backend even under GRADSTACK_BACKEND=gpu:<mode>. test/gpu/autograd-parity.test.ts checks gpu
// gradients against cpu ones instead.
setBackend('cpu');

const size = fc.integer({ min: 1, max: 4 });
const batchArb = fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 0, maxLength: 2 });

describe('matmul gradients', () => {
  it('1-D @ 1-D (dot)', () => {
    assertProperty(size, seedArb, (k, seed) => {
      checkGrad((a, b) => matmul(a, b), [f64([k], seed), f64([k], seed + 1)]);
    });
  });
  it('1-D @ 2-D and 2-D @ 1-D', () => {
    assertProperty(size, size, seedArb, (k, n, seed) => {
      checkGrad((a, b) => a.matmul(b), [f64([k], seed), f64([k, n], seed + 1)]);
      checkGrad((a, b) => a.matmul(b), [f64([n, k], seed), f64([k], seed + 1)]);
    });
  });
  it('2-D @ 2-D', () => {
    assertProperty(size, size, size, seedArb, (m, k, n, seed) => {
      checkGrad((a, b) => matmul(a, b), [f64([m, k], seed), f64([k, n], seed + 1)]);
    });
  });
  it('batched N-D @ N-D with equal batch dims', () => {
    assertProperty(batchArb, size, size, size, seedArb, (batch, m, k, n, seed) => {
      checkGrad((a, b) => matmul(a, b), [f64([...batch, m, k], seed), f64([...batch, k, n], seed + 1)]);
    });
  });
  it('broadcast batch dims ([b,1,m,k] @ [c,k,n], N-D @ 2-D, 1-D @ N-D, N-D @ 1-D)', () => {
    assertProperty(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), size, size, size, seedArb, (b, c, m, k, n, seed) => {
      checkGrad((x, y) => matmul(x, y), [f64([b, 1, m, k], seed), f64([c, k, n], seed + 1)]);
      checkGrad((x, y) => matmul(x, y), [f64([b, c, m, k], seed), f64([k, n], seed + 1)]);
      checkGrad((x, y) => matmul(x, y), [f64([m, k], seed), f64([b, k, n], seed + 1)]);
      checkGrad((x, y) => matmul(x, y), [f64([k], seed), f64([b, k, n], seed + 1)]);
      checkGrad((x, y) => matmul(x, y), [f64([b, m, k], seed), f64([k], seed + 1)]);
    });
  });
  it('products of transposed operands', () => {
    assertProperty(size, size, size, seedArb, (m, k, n, seed) => {
      checkGrad((a, b) => a.t().matmul(b.t()), [f64([k, m], seed), f64([n, k], seed + 1)]);
      checkGrad((a) => a.matmul(a.t()), [f64([m, k], seed)]);
    });
  });
});

describe('mm, bmm, dot, outer gradients', () => {
  it('mm', () => {
    assertProperty(size, size, size, seedArb, (m, k, n, seed) => {
      checkGrad((a, b) => mm(a, b), [f64([m, k], seed), f64([k, n], seed + 1)]);
      checkGrad((a, b) => a.mm(b), [f64([m, k], seed), f64([k, n], seed + 1)]);
    });
  });
  it('bmm', () => {
    assertProperty(size, size, size, size, seedArb, (b, m, k, n, seed) => {
      checkGrad((x, y) => bmm(x, y), [f64([b, m, k], seed), f64([b, k, n], seed + 1)]);
      checkGrad((x, y) => x.bmm(y), [f64([b, m, k], seed), f64([b, k, n], seed + 1)]);
    });
  });
  it('dot and outer', () => {
    assertProperty(size, size, seedArb, (k, n, seed) => {
      checkGrad((a, b) => dot(a, b), [f64([k], seed), f64([k], seed + 1)]);
      checkGrad((a, b) => a.dot(b).mul(a.sum()), [f64([k], seed), f64([k], seed + 1)]);
      checkGrad((a, b) => outer(a, b), [f64([k], seed), f64([n], seed + 1)]);
      checkGrad((a, b) => a.outer(b), [f64([k], seed), f64([n], seed + 1)]);
    });
  });
  it('one operand without grad', () => {
    assertProperty(size, size, size, seedArb, (m, k, n, seed) => {
      const w = f64([k, n], seed + 1, {}, false);
      checkGrad((a) => a.matmul(w), [f64([m, k], seed)]);
      const v = f64([m, k], seed + 2, {}, false);
      checkGrad((b) => v.matmul(b), [f64([k, n], seed)]);
    });
  });
});

describe('matmul output shapes', () => {
  it('follows torch.matmul for every rank combination', () => {
    const z = (...s: number[]) => tensor(new Float32Array(s.reduce((a, b) => a * b, 1)), { shape: s });
    expect(matmul(z(3), z(3)).shape).toEqual([]);
    expect(matmul(z(3), z(3, 4)).shape).toEqual([4]);
    expect(matmul(z(2, 3), z(3)).shape).toEqual([2]);
    expect(matmul(z(5, 2, 3), z(3, 4)).shape).toEqual([5, 2, 4]);
    expect(matmul(z(3), z(5, 3, 4)).shape).toEqual([5, 4]);
    expect(matmul(z(5, 1, 2, 3), z(6, 3, 4)).shape).toEqual([5, 6, 2, 4]);
    expect(matmul(z(2, 0), z(0, 3)).toArray()).toEqual([[0, 0, 0], [0, 0, 0]]);
  });
});
