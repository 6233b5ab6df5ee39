/**
 * The cpu backend's primitives against naive reference loops written here, on random shapes
 * including the edge sizes 0, 1 and odd: matmul (batched, transposed, broadcast batch), reductions,
 * broadcasting binary and ternary ops, permute.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cpuBackend as cpu, tensor, type Backend, type BinaryOp, type ReduceOp, type TernaryOp } from '@gradstack/core';
import { assertProperty, broadcastPairArb, broadcastTripleArb, expectClose, numelOf, rng, seedArb, shapeArb } from './arbitraries.js';
import { setBackend } from '@gradstack/core';

// This file tests the cpu backend's own kernels (float32 and float64): it pins the cpu backend even
// under GRADSTACK_BACKEND=gpu:<mode>; test/gpu/ holds the gpu backend's parity tests.
setBackend('cpu');

type DT = 'float32' | 'float64';

/** Called through the Backend interface (the seam every backend implements). */
const cpuBackend: Backend = cpu;

function data(n: number, seed: number, dtype: DT | 'int32', lo = -3, hi = 3): Float32Array | Float64Array | Int32Array {
  const r = rng(seed);
  const out = dtype === 'float32' ? new Float32Array(n) : dtype === 'float64' ? new Float64Array(n) : new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = dtype === 'int32' ? Math.floor(lo + (hi - lo) * r()) : lo + (hi - lo) * r();
  return out;
}

const edge = fc.constantFrom(0, 1, 2, 3, 5, 7);
const dtypeArb = fc.constantFrom<DT>('float32', 'float64');

/** Offset in a row-major tensor of `shape` for the output multi-index `idx` (broadcast dims read index 0). */
function broadcastOffset(shape: readonly number[], idx: readonly number[]): number {
  const lead = idx.length - shape.length;
  let off = 0;
  for (let d = 0; d < shape.length; d++) off = off * shape[d] + (shape[d] === 1 ? 0 : idx[d + lead]);
  return off;
}

function unravel(i: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = i % shape[d];
    i = Math.floor(i / shape[d]);
  }
  return idx;
}

describe('matmul', () => {
  it('batched, transposed, broadcast-batch products match the triple loop', () => {
    assertProperty(fc.integer({ min: 1, max: 3 }), edge, edge, edge, fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean(), dtypeArb, seedArb,
      (batch, m, k, n, ta, tb, shareA, shareB, dtype, seed) => {
        const a = data((shareA ? 1 : batch) * m * k, seed, dtype);
        const b = data((shareB ? 1 : batch) * k * n, seed + 1, dtype);
        const out = cpuBackend.alloc(dtype, batch * m * n) as Float64Array;
        out.fill(NaN);
        cpuBackend.matmul(a, b, out, batch, m, k, n, shareA ? 0 : m * k, shareB ? 0 : k * n, ta, tb, dtype);
        const want = new Float64Array(batch * m * n);
        for (let bi = 0; bi < batch; bi++) {
          const ao = shareA ? 0 : bi * m * k;
          const bo = shareB ? 0 : bi * k * n;
          for (let i = 0; i < m; i++) {
            for (let j = 0; j < n; j++) {
              let s = 0;
              for (let p = 0; p < k; p++) s += a[ao + (ta ? p * m + i : i * k + p)] * b[bo + (tb ? j * k + p : p * n + j)];
              want[(bi * m + i) * n + j] = s;
            }
          }
        }
        expectClose(out, want, dtype === 'float32' ? 1e-5 : 1e-12, dtype === 'float32' ? 1e-6 : 1e-12, 'matmul');
      });
  });
  it('tensor matmul with broadcast batch dims matches the loop', () => {
    assertProperty(fc.constantFrom(1, 2, 3), fc.constantFrom(1, 2), edge, edge, edge, seedArb, (b1, b2, m, k, n, seed) => {
      const A = data(b1 * 1 * m * k, seed, 'float64');
      const B = data(b2 * k * n, seed + 1, 'float64');
      const out = tensor(A, { shape: [b1, 1, m, k] }).matmul(tensor(B, { shape: [b2, k, n] }));
      expect(out.shape).toEqual([b1, b2, m, n]);
      const want: number[] = [];
      for (let x = 0; x < b1; x++) for (let y = 0; y < b2; y++) for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += A[(x * m + i) * k + p] * B[(y * k + p) * n + j];
        want.push(s);
      }
      expectClose(out.data(), want, 1e-12, 1e-12, 'matmul');
    });
  });
});

describe('reductions', () => {
  const ops: ReduceOp[] = ['sum', 'prod', 'max', 'min', 'amaxIndex', 'aminIndex'];
  it('reduce over [outer, len, inner] views matches the loop', () => {
    assertProperty(fc.constantFrom(...ops), edge, edge, edge, dtypeArb, seedArb, (op, outer, len, inner, dtype, seed) => {
      fc.pre(len > 0 || op === 'sum' || op === 'prod');
      const a = data(outer * len * inner, seed, dtype, -2, 2);
      const index = op === 'amaxIndex' || op === 'aminIndex';
      const out = cpuBackend.alloc(index ? 'int32' : dtype, outer * inner);
      cpuBackend.reduce(op, a, outer, len, inner, out, index ? 'int32' : dtype);
      const want: number[] = [];
      for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) {
        const xs = Array.from({ length: len }, (_, j) => a[(o * len + j) * inner + i]);
        if (op === 'sum') want.push(xs.reduce((s, x) => s + x, 0));
        else if (op === 'prod') want.push(xs.reduce((s, x) => s * x, 1));
        else if (op === 'max') want.push(Math.max(...xs));
        else if (op === 'min') want.push(Math.min(...xs));
        else want.push(xs.indexOf(op === 'amaxIndex' ? Math.max(...xs) : Math.min(...xs)));
      }
      expectClose(out as Float64Array, want, dtype === 'float32' ? 1e-5 : 1e-12, dtype === 'float32' ? 1e-5 : 1e-12, op);
    });
  });
  it('max/min/argmax propagate NaN and return the first index among ties', () => {
    const out = new Float64Array(1);
    cpuBackend.reduce('max', new Float64Array([1, NaN, 3]), 1, 3, 1, out, 'float64');
    expect(Number.isNaN(out[0])).toBe(true);
    const idx = new Int32Array(1);
    cpuBackend.reduce('amaxIndex', new Float64Array([1, 3, 3]), 1, 3, 1, idx, 'int32');
    expect(idx[0]).toBe(1);
    cpuBackend.reduce('aminIndex', new Float64Array([2, NaN, 0]), 1, 3, 1, idx, 'int32');
    expect(idx[0]).toBe(1);
  });
  it('tensor sum/amax over random dims (with size-0 and size-1 dims) match the loop', () => {
    const caseArb = fc.tuple(shapeArb({ minRank: 1, maxRank: 4, minDim: 0, maxDim: 3 }), fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }), fc.boolean());
    assertProperty(caseArb, seedArb, ([shape, pick, keepdim], seed) => {
      const dims = shape.map((_, i) => i).filter((i) => pick[i]);
      const x = data(numelOf(shape), seed, 'float64');
      const t = tensor(x, { shape });
      const kept = shape.map((s, i) => (dims.includes(i) || dims.length === 0 ? 1 : s));
      const want = new Float64Array(numelOf(kept));
      const wantMax = new Float64Array(numelOf(kept)).fill(-Infinity);
      for (let i = 0; i < x.length; i++) {
        const o = broadcastOffset(kept, unravel(i, shape));
        want[o] += x[i];
        wantMax[o] = Math.max(wantMax[o], x[i]);
      }
      const s = t.sum(dims.length ? dims : undefined, keepdim);
      expect(s.numel).toBe(want.length);
      expectClose(s.data(), want, 1e-12, 1e-12, 'sum');
      const reducesEmpty = shape.some((d, i) => d === 0 && (dims.length === 0 || dims.includes(i)));
      if (!reducesEmpty) expectClose(t.amax(dims.length ? dims : undefined, keepdim).data(), wantMax, 0, 0, 'amax');
    });
  });
});

describe('broadcasting elementwise ops', () => {
  const REF: Record<string, (x: number, y: number) => number> = {
    add: (x, y) => x + y, sub: (x, y) => x - y, mul: (x, y) => x * y, div: (x, y) => x / y, pow: (x, y) => x ** y,
    maximum: (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : Math.max(x, y)),
    minimum: (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : Math.min(x, y)),
    atan2: Math.atan2, fmod: (x, y) => x % y,
    eq: (x, y) => +(x === y), ne: (x, y) => +(x !== y), lt: (x, y) => +(x < y), le: (x, y) => +(x <= y), gt: (x, y) => +(x > y), ge: (x, y) => +(x >= y),
    and: (x, y) => +(x !== 0 && y !== 0), or: (x, y) => +(x !== 0 || y !== 0), xor: (x, y) => +((x !== 0) !== (y !== 0)),
  };
  const edgeShapes = { minDim: 0, maxDim: 5, maxRank: 4 };
  it('binary ops on broadcast shapes (sizes 0, 1, odd) match the loop', () => {
    assertProperty(fc.constantFrom(...(Object.keys(REF) as BinaryOp[])), broadcastPairArb(edgeShapes), dtypeArb, seedArb, (op, p, dtype, seed) => {
      const a = data(numelOf(p.a), seed, dtype, -2, 2).map((v) => (op === 'pow' ? Math.abs(v) : Math.round(v * 2) / 2)) as Float64Array;
      const b = data(numelOf(p.b), seed + 1, dtype, -2, 2).map((v) => Math.round(v * 2) / 2) as Float64Array;
      const out = cpuBackend.alloc('float64', numelOf(p.out)) as Float64Array;
      cpuBackend.binary(op, a, p.a, b, p.b, out, p.out, 'float64');
      const want = Array.from({ length: out.length }, (_, i) => {
        const idx = unravel(i, p.out);
        return REF[op](a[broadcastOffset(p.a, idx)], b[broadcastOffset(p.b, idx)]);
      });
      expectClose(out, want, 1e-12, 1e-12, op);
    });
  });
  it('scalar operands, in both orders', () => {
    assertProperty(fc.constantFrom('add', 'sub', 'div', 'pow', 'maximum', 'lt') as fc.Arbitrary<BinaryOp>, shapeArb({ minDim: 0, maxDim: 5 }), fc.boolean(), seedArb, (op, shape, reversed, seed) => {
      const a = data(numelOf(shape), seed, 'float64', 0.5, 2);
      const out = new Float64Array(a.length);
      cpuBackend.binaryScalar(op, a, 1.5, reversed, out, a.length, 'float64');
      expectClose(out, Array.from(a, (x) => (reversed ? REF[op](1.5, x) : REF[op](x, 1.5))), 1e-12, 1e-12, op);
    });
  });
  it('ternary ops on three broadcast shapes match the loop', () => {
    const REF3: Record<TernaryOp, (x: number, y: number, z: number, v: number) => number> = {
      where: (x, y, z) => (x !== 0 ? y : z), lerp: (x, y, z) => x + z * (y - x), addcmul: (x, y, z, v) => x + v * y * z, addcdiv: (x, y, z, v) => x + v * (y / z),
    };
    assertProperty(fc.constantFrom(...(Object.keys(REF3) as TernaryOp[])), broadcastTripleArb(edgeShapes), seedArb, (op, [sa, sb, sc], seed) => {
      const outShape = [sa, sb, sc].reduce((acc, s) => {
        const n = Math.max(acc.length, s.length);
        return Array.from({ length: n }, (_, i) => {
          const x = acc[i - (n - acc.length)] ?? 1;
          const y = s[i - (n - s.length)] ?? 1;
          return x === 1 ? y : x;
        });
      }, [] as number[]);
      const a = data(numelOf(sa), seed, 'float64').map((v) => (op === 'where' ? +(v > 0) : v)) as Float64Array;
      const b = data(numelOf(sb), seed + 1, 'float64');
      const c = data(numelOf(sc), seed + 2, 'float64', 0.5, 2);
      const out = new Float64Array(numelOf(outShape));
      cpuBackend.ternary(op, a, sa, b, sb, c, sc, out, outShape, 'float64', 0.75);
      const want = Array.from({ length: out.length }, (_, i) => {
        const idx = unravel(i, outShape);
        return REF3[op](a[broadcastOffset(sa, idx)], b[broadcastOffset(sb, idx)], c[broadcastOffset(sc, idx)], 0.75);
      });
      expectClose(out, want, 1e-12, 1e-12, op);
    });
  });
  it('tensor-level ops agree with the loop through broadcasting (float32 rounding included)', () => {
    assertProperty(broadcastPairArb(edgeShapes), seedArb, (p, seed) => {
      const a = data(numelOf(p.a), seed, 'float32');
      const b = data(numelOf(p.b), seed + 1, 'float32');
      const got = tensor(a, { shape: p.a }).mul(tensor(b, { shape: p.b })).add(tensor(a, { shape: p.a })).data();
      const want = Array.from({ length: numelOf(p.out) }, (_, i) => {
        const idx = unravel(i, p.out);
        const x = a[broadcastOffset(p.a, idx)];
        return Math.fround(Math.fround(x * b[broadcastOffset(p.b, idx)]) + x);
      });
      expectClose(got, want, 0, 0, 'mul+add');
    });
  });
});

describe('permute', () => {
  it('matches the index-mapping loop', () => {
    const arb = shapeArb({ minRank: 1, maxRank: 4, minDim: 0, maxDim: 4 }).chain((shape) =>
      fc.shuffledSubarray(shape.map((_, i) => i), { minLength: shape.length, maxLength: shape.length }).map((perm) => ({ shape, perm })),
    );
    assertProperty(arb, seedArb, ({ shape, perm }, seed) => {
      const a = data(numelOf(shape), seed, 'float64');
      const outShape = perm.map((p) => shape[p]);
      const out = new Float64Array(a.length);
      cpuBackend.permute(a, shape, perm, out, 'float64');
      const want = Array.from({ length: out.length }, (_, i) => {
        const oi = unravel(i, outShape);
        const ii = new Array<number>(shape.length);
        perm.forEach((p, d) => (ii[p] = oi[d]));
        return a[broadcastOffset(shape, ii.map((v, d) => (shape[d] === 1 ? 0 : v)))];
      });
      expectClose(out, want, 0, 0, 'permute');
    });
  });
});
