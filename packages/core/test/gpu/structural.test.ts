/** Parity of data-movement primitives (permute, slice, index, gather/scatter, triangle, copy, fill, random). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Generator } from '../../src/random.js';
import { NUM_RUNS, cpu, expectClose, gpu, randomData, randomIndex } from './helpers.js';
import { numel, shapeArb } from './shapes.js';

const same = (got: ArrayLike<number>, want: ArrayLike<number>, label: string) =>
  expect(Array.from(got), label).toEqual(Array.from(want));

describe(`gpu backend structural ops (mode ${gpu().mode})`, () => {
  it('permute matches cpu', () => {
    fc.assert(
      fc.property(shapeArb(5, 4).filter((s) => s.length > 0), fc.integer(), (shape, seed) => {
        const perm = shape.map((_, i) => i).sort(() => (Math.sin(seed++) > 0 ? 1 : -1));
        const x = randomData(numel(shape), seed);
        const want = new Float32Array(x.length);
        cpu.permute(x, shape, perm, want, 'float32');
        const g = gpu();
        const o = g.alloc('float32', x.length);
        g.permute(g.fromTyped(x), shape, perm, o, 'float32');
        same(g.read(o, 'float32', x.length), want, `permute [${shape}] (${perm})`);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  const blockArb = fc
    .record({ outer: fc.integer({ min: 1, max: 4 }), dimSize: fc.integer({ min: 1, max: 7 }), inner: fc.integer({ min: 1, max: 4 }), seed: fc.integer() })
    .chain((r) => fc.integer({ min: 0, max: r.dimSize - 1 }).chain((start) => fc.integer({ min: 1, max: r.dimSize - start }).map((length) => ({ ...r, start, length }))));

  it('slice and sliceAssign (set and accumulate) match cpu', () => {
    fc.assert(
      fc.property(blockArb, fc.boolean(), ({ outer, dimSize, inner, start, length, seed }, accumulate) => {
        const g = gpu();
        const x = randomData(outer * dimSize * inner, seed);
        const want = new Float32Array(outer * length * inner);
        cpu.slice(x, outer, dimSize, inner, start, length, want, 'float32');
        const o = g.alloc('float32', want.length);
        g.slice(g.fromTyped(x), outer, dimSize, inner, start, length, o, 'float32');
        same(g.read(o, 'float32', want.length), want, 'slice');

        const src = randomData(want.length, seed + 1);
        const cOut = x.slice();
        cpu.sliceAssign(cOut, outer, dimSize, inner, start, length, src, 'float32', accumulate);
        const gOut = g.fromTyped(x);
        g.sliceAssign(gOut, outer, dimSize, inner, start, length, g.fromTyped(src), 'float32', accumulate);
        same(g.read(gOut, 'float32', x.length), cOut, `sliceAssign accumulate=${accumulate}`);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('indexSelect and indexAdd (duplicate indices add up) match cpu', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 9 }), fc.integer(),
        (outer, dimSize, inner, nIndex, seed) => {
          const g = gpu();
          const x = randomData(outer * dimSize * inner, seed);
          const idx = randomIndex(nIndex, dimSize, seed + 1);
          const want = new Float32Array(outer * nIndex * inner);
          cpu.indexSelect(x, outer, dimSize, inner, idx, nIndex, want, 'float32');
          const o = g.alloc('float32', want.length);
          g.indexSelect(g.fromTyped(x), outer, dimSize, inner, g.fromTyped(idx), nIndex, o, 'float32');
          same(g.read(o, 'float32', want.length), want, 'indexSelect');

          const src = randomData(want.length, seed + 2, { integers: true });
          const cOut = x.slice();
          cpu.indexAdd(cOut, outer, dimSize, inner, idx, nIndex, src, 'float32');
          const gOut = g.fromTyped(x);
          g.indexAdd(gOut, outer, dimSize, inner, g.fromTyped(idx), nIndex, g.fromTyped(src), 'float32');
          // The cpu loop rounds after each addition; float32 kernels (webasm) do the same, while gpu.js's
          // cpu mode sums in float64 and rounds once, so this is a tolerance, not equality.
          expectClose(g.read(gOut, 'float32', x.length), cOut, 1e-6, 1e-5, 'indexAdd');
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  it('gather and scatter (set: last write wins; add: duplicates sum) match cpu', () => {
    fc.assert(
      fc.property(shapeArb(4, 4).filter((s) => s.length > 0), fc.integer(), fc.constantFrom<'set' | 'add'>('set', 'add'), (aShape, seed, mode) => {
        const g = gpu();
        const dim = Math.abs(seed) % aShape.length;
        // The index may be smaller than `a` on every dim, and any length along `dim`.
        const indexShape = aShape.map((d, i) => (i === dim ? 1 + (Math.abs(seed >> 3) % 5) : 1 + (Math.abs(seed >> (i + 5)) % d)));
        const idx = randomIndex(numel(indexShape), aShape[dim], seed + 1);
        const x = randomData(numel(aShape), seed);
        const want = new Float32Array(numel(indexShape));
        cpu.gather(x, aShape, dim, idx, indexShape, want, 'float32');
        const o = g.alloc('float32', want.length);
        g.gather(g.fromTyped(x), aShape, dim, g.fromTyped(idx), indexShape, o, 'float32');
        same(g.read(o, 'float32', want.length), want, `gather dim ${dim} [${aShape}] by [${indexShape}]`);

        const src = randomData(want.length, seed + 2, { integers: true });
        const cOut = x.slice();
        cpu.scatter(cOut, aShape, dim, idx, indexShape, src, 'float32', mode);
        const gOut = g.fromTyped(x);
        g.scatter(gOut, aShape, dim, g.fromTyped(idx), indexShape, g.fromTyped(src), 'float32', mode);
        expectClose(g.read(gOut, 'float32', x.length), cOut, 1e-6, 1e-5, `scatter ${mode} dim ${dim} [${aShape}] by [${indexShape}]`);
      }),
      { numRuns: NUM_RUNS * 2 },
    );
  });

  it('triangle (upper/lower, any k) matches cpu', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: -4, max: 4 }), fc.boolean(), fc.integer(),
        (batch, rows, cols, k, upper, seed) => {
          const g = gpu();
          const x = randomData(batch * rows * cols, seed);
          const want = new Float32Array(x.length);
          cpu.triangle(x, batch, rows, cols, k, upper, want, 'float32');
          const o = g.alloc('float32', x.length);
          g.triangle(g.fromTyped(x), batch, rows, cols, k, upper, o, 'float32');
          same(g.read(o, 'float32', x.length), want, `triangle k=${k} upper=${upper}`);
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  it('copy (with float → int32 truncation, and partial) and fill match cpu', () => {
    const g = gpu();
    const x = randomData(50, 3, { special: 0.1 });
    const cInt = new Int32Array(50);
    cpu.copy(x, 'float32', cInt, 'int32', 50);
    const gInt = g.alloc('int32', 50);
    g.copy(g.fromTyped(x), 'float32', gInt, 'int32', 50);
    same(g.read(gInt, 'int32', 50), cInt, 'copy float32 -> int32');

    const partial = g.fromTyped(new Float32Array(10).fill(9));
    g.copy(g.fromTyped(x), 'float32', partial, 'float32', 4);
    same(g.read(partial, 'float32', 10), [...x.subarray(0, 4), 9, 9, 9, 9, 9, 9], 'partial copy keeps the tail');

    const f = g.alloc('float32', 6);
    g.fill(f, 'float32', 6, -2.5);
    same(g.read(f, 'float32', 6), new Float32Array(6).fill(-2.5), 'fill');
    g.fill(f, 'float32', 2, 7);
    same(g.read(f, 'float32', 6), [7, 7, -2.5, -2.5, -2.5, -2.5], 'partial fill');
    const fi = g.alloc('int32', 3);
    g.fill(fi, 'int32', 3, 2.9);
    same(g.read(fi, 'int32', 3), [2, 2, 2], 'int32 fill truncates');
  });

  it('random fills draw the same values as the cpu backend for the same seed', () => {
    const g = gpu();
    for (const [kind, a, b] of [['uniform', -1, 2], ['normal', 0.5, 2], ['bernoulli', 0.3, 0]] as const) {
      const want = new Float32Array(101);
      cpu.random(want, 'float32', 101, kind, a, b, new Generator(42));
      const o = g.alloc('float32', 101);
      g.random(o, 'float32', 101, kind, a, b, new Generator(42));
      same(g.read(o, 'float32', 101), want, `random ${kind}`);
    }
  });
});
