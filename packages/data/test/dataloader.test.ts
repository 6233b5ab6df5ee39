import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Generator, manualSeed, tensor, type Tensor } from '@gradstack/core';
import { DataLoader, Dataset, Subset, TensorDataset, BatchSampler, SequentialSampler, SubsetRandomSampler } from '../src/index.js';

/** A dataset without getBatch: forces the per-sample + collate path. */
class Range extends Dataset<number> {
  constructor(readonly length: number) {
    super();
  }
  get(i: number): number {
    return i;
  }
}

function rowsOf(n: number): TensorDataset {
  const x = tensor(Float32Array.from({ length: n * 2 }, (_, k) => k), { shape: [n, 2] });
  const y = tensor(Int32Array.from({ length: n }, (_, k) => k), { shape: [n], dtype: 'int32' });
  return new TensorDataset(x, y);
}

function labelsOf(batches: Iterable<Tensor[]>): number[][] {
  return [...batches].map(([, yb]) => Array.from(yb.data()));
}

describe('DataLoader', () => {
  it('covers every sample exactly once per epoch (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 17 }),
        fc.boolean(),
        fc.boolean(),
        fc.integer(),
        (n, batchSize, dropLast, shuffle, seed) => {
          const loader = new DataLoader(rowsOf(n), { batchSize, dropLast, shuffle, generator: new Generator(seed) });
          for (let epoch = 0; epoch < 2; epoch++) {
            const batches = labelsOf(loader);
            expect(batches.length).toBe(loader.length);
            const seen = batches.flat();
            const expectedCount = dropLast ? Math.floor(n / batchSize) * batchSize : n;
            expect(seen.length).toBe(expectedCount);
            expect(new Set(seen).size).toBe(seen.length);
            for (const b of batches) expect(b.length === batchSize || (!dropLast && b === batches[batches.length - 1])).toBe(true);
            if (!dropLast) expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
            if (!shuffle) expect(seen).toEqual(Array.from({ length: expectedCount }, (_, i) => i));
          }
        },
      ),
      { numRuns: 80 },
    );
  });

  it('gathers the rows that belong to the labels', () => {
    const loader = new DataLoader(rowsOf(10), { batchSize: 4, shuffle: true, generator: new Generator(3) });
    for (const [xb, yb] of loader) {
      expect(xb.shape).toEqual([yb.shape[0], 2]);
      const x = xb.data();
      Array.from(yb.data()).forEach((label, r) => expect([x[2 * r], x[2 * r + 1]]).toEqual([2 * label, 2 * label + 1]));
    }
  });

  it('reproduces the same batches from the same seed, and reshuffles every epoch', () => {
    const epochs = (seed: number) => {
      const loader = new DataLoader(rowsOf(50), { batchSize: 8, shuffle: true, generator: new Generator(seed) });
      return [labelsOf(loader), labelsOf(loader), labelsOf(loader)];
    };
    const a = epochs(42);
    expect(epochs(42)).toEqual(a);
    expect(a[1]).not.toEqual(a[0]);
    expect(a[2]).not.toEqual(a[1]);
    expect(epochs(43)[0]).not.toEqual(a[0]);
  });

  it('draws from the default generator when none is given, so manualSeed fixes the order', () => {
    const run = () => {
      manualSeed(7);
      const loader = new DataLoader(new Range(30), { batchSize: 5, shuffle: true });
      return [[...loader].map((b) => Array.from(b.data())), [...loader].map((b) => Array.from(b.data()))];
    };
    const first = run();
    expect(run()).toEqual(first);
    expect(first[1]).not.toEqual(first[0]);
  });

  it('per-sample collate and the getBatch fast path give the same batches', () => {
    const ds = rowsOf(13);
    const fast = [...new DataLoader(ds, { batchSize: 5 })];
    const slow = [...new DataLoader(ds, { batchSize: 5, collateFn: (samples: Tensor[][]) => samples })];
    expect(fast.length).toBe(3);
    slow.forEach((samples, b) => {
      expect(fast[b][0].shape).toEqual([samples.length, 2]);
      expect(Array.from(fast[b][0].data())).toEqual(samples.flatMap(([x]) => Array.from(x.data())));
      expect(Array.from(fast[b][1].data())).toEqual(samples.map(([, y]) => y.item()));
      expect(fast[b][1].dtype).toBe('int32');
    });
  });

  it('uses one indexed copy per tensor for a TensorDataset batch', () => {
    const ds = rowsOf(20);
    let calls = 0;
    const original = ds.getBatch.bind(ds);
    ds.getBatch = (indices: Int32Array) => {
      calls++;
      return original(indices);
    };
    let gets = 0;
    const originalGet = ds.get.bind(ds);
    ds.get = (i: number) => {
      gets++;
      return originalGet(i);
    };
    const loader = new DataLoader(ds, { batchSize: 6 });
    expect([...loader].length).toBe(4);
    expect(calls).toBe(4);
    expect(gets).toBe(0);
  });

  it('keeps the fast path through a Subset', () => {
    const sub = new Subset(rowsOf(10), [9, 2, 5]);
    const [[, yb]] = [...new DataLoader(sub, { batchSize: 3 })];
    expect(Array.from(yb.data())).toEqual([9, 2, 5]);
    expect(typeof sub.getBatch).toBe('function');
    expect(new Subset(new Range(4), [1]).getBatch).toBeUndefined();
  });

  it('collates numbers from a plain dataset and honours sampler and batchSampler', () => {
    const ds = new Range(10);
    const bySampler = [...new DataLoader(ds, { batchSize: 2, sampler: new SubsetRandomSampler([1, 3, 5], { generator: new Generator(1) }) })];
    expect(bySampler.flatMap((b) => Array.from(b.data())).sort()).toEqual([1, 3, 5]);
    const byBatch = new DataLoader(ds, { batchSampler: new BatchSampler(new SequentialSampler(ds), 4, true) });
    expect(byBatch.length).toBe(2);
    expect([...byBatch].map((b) => Array.from(b.data()))).toEqual([[0, 1, 2, 3], [4, 5, 6, 7]]);
  });

  it('has length = number of batches', () => {
    expect(new DataLoader(new Range(10), { batchSize: 3 }).length).toBe(4);
    expect(new DataLoader(new Range(10), { batchSize: 3, dropLast: true }).length).toBe(3);
    expect(new DataLoader(new Range(10)).length).toBe(10);
    expect(new DataLoader(new Range(0), { batchSize: 3 }).length).toBe(0);
  });

  it('rejects bad options with errors naming them', () => {
    const ds = new Range(5);
    expect(() => new DataLoader(ds, { batchSize: 0 })).toThrow(/batchSize must be a positive integer, got 0/);
    expect(() => new DataLoader(ds, { batchSize: 2.5 })).toThrow(RangeError);
    expect(() => new DataLoader(ds, { shuffle: true, sampler: new SequentialSampler(ds) })).toThrow(/mutually exclusive with shuffle/);
    const batchSampler = new BatchSampler(new SequentialSampler(ds), 2);
    expect(() => new DataLoader(ds, { batchSampler, batchSize: 4 })).toThrow(/mutually exclusive with batchSize/);
    expect(() => new DataLoader(ds, { batchSampler, dropLast: true })).toThrow(/mutually exclusive with dropLast/);
  });
});
