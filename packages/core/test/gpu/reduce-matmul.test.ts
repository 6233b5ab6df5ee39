/** Parity of reductions and batched matmul with the cpu backend; tolerance scales with length. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ReduceOp } from '../../src/backend/backend.js';
import { SPLIT_LEN } from '../../src/backend/gpu/reduce.js';
import { NUM_RUNS, cpu, expectClose, gpu, randomData } from './helpers.js';

const EPS32 = 2 ** -24;
const OPS: ReduceOp[] = ['sum', 'prod', 'max', 'min', 'amaxIndex', 'aminIndex'];

function checkReduce(op: ReduceOp, outer: number, len: number, inner: number, seed: number, special: number): void {
  // Keep products near 1: a float32 running product of thousands of factors under/overflows where
  // the cpu's float64 accumulator does not (and 0·∞ then differs), which is range, not parity.
  const prodRange = len > 1000 ? { lo: 0.97, hi: 1.03, special: 0 } : { lo: 0.5, hi: 1.5, special };
  const x = randomData(outer * len * inner, seed, op === 'prod' ? prodRange : { special, integers: seed % 4 === 0 });
  const outDtype = op === 'amaxIndex' || op === 'aminIndex' ? 'int32' : 'float32';
  const want = outDtype === 'int32' ? new Int32Array(outer * inner) : new Float32Array(outer * inner);
  cpu.reduce(op, x, outer, len, inner, want, outDtype);
  const g = gpu();
  const o = g.alloc(outDtype, outer * inner);
  g.reduce(op, g.fromTyped(x), outer, len, inner, o, outDtype);
  const got = g.read(o, outDtype, outer * inner);
  if (op === 'sum') {
    // Float32 accumulation error is bounded by len·eps·Σ|x| ≤ len·eps·len·max|x|.
    expectClose(got, want, 1e-6, 2 * len * EPS32 * len * 5, `sum [${outer},${len},${inner}]`);
  } else if (op === 'prod') {
    expectClose(got, want, 2 * len * EPS32 + 1e-6, 0, `prod [${outer},${len},${inner}]`);
  } else {
    expect(Array.from(got), `${op} [${outer},${len},${inner}]`).toEqual(Array.from(want));
  }
}

describe(`gpu backend reductions and matmul (mode ${gpu().mode})`, () => {
  for (const op of OPS) {
    it(`reduce ${op} along any axis matches cpu`, () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 6 }), fc.integer(),
          (outer, len, inner, seed) => checkReduce(op, outer, len, inner, seed, 0.02),
        ),
        { numRuns: NUM_RUNS },
      );
    });
  }

  it('long reductions (two-pass) match cpu, NaN propagating', () => {
    for (const op of OPS) {
      checkReduce(op, 1, SPLIT_LEN * 3 + 17, 1, 11, 0);
      checkReduce(op, 2, SPLIT_LEN + 5, 3, 12, 0.0001);
    }
  });

  it('an empty axis gives what the cpu loops give', () => {
    const g = gpu();
    const o = g.alloc('float32', 3);
    g.reduce('sum', g.alloc('float32', 0), 3, 0, 1, o, 'float32');
    expect(Array.from(g.read(o, 'float32', 3))).toEqual([0, 0, 0]);
  });

  it('matmul (batched, transposed, broadcast batch) matches cpu within k·eps', () => {
    fc.assert(
      fc.property(
        fc.record({
          batch: fc.integer({ min: 1, max: 3 }), m: fc.integer({ min: 1, max: 9 }), k: fc.integer({ min: 1, max: 33 }),
          n: fc.integer({ min: 1, max: 9 }), transA: fc.boolean(), transB: fc.boolean(), bcastA: fc.boolean(), bcastB: fc.boolean(),
          seed: fc.integer(),
        }),
        ({ batch, m, k, n, transA, transB, bcastA, bcastB, seed }) => {
          const aStride = bcastA ? 0 : m * k;
          const bStride = bcastB ? 0 : k * n;
          const a = randomData((bcastA ? 1 : batch) * m * k, seed);
          const b = randomData((bcastB ? 1 : batch) * k * n, seed + 1);
          const want = new Float32Array(batch * m * n);
          cpu.matmul(a, b, want, batch, m, k, n, aStride, bStride, transA, transB, 'float32');
          const g = gpu();
          const o = g.alloc('float32', batch * m * n);
          g.matmul(g.fromTyped(a), g.fromTyped(b), o, batch, m, k, n, aStride, bStride, transA, transB, 'float32');
          expectClose(g.read(o, 'float32', batch * m * n), want, 1e-6, 2 * k * EPS32 * k * 25, `matmul ${batch}x${m}x${k}x${n} tA=${transA} tB=${transB}`);
        },
      ),
      { numRuns: NUM_RUNS * 2 },
    );
  });

  it('matmul with k = 0 is all zeros', () => {
    const g = gpu();
    const o = g.fromTyped(new Float32Array([1, 2, 3, 4]));
    g.matmul(g.alloc('float32', 0), g.alloc('float32', 0), o, 1, 2, 0, 2, 0, 0, false, false, 'float32');
    expect(Array.from(g.read(o, 'float32', 4))).toEqual([0, 0, 0, 0]);
  });
});
