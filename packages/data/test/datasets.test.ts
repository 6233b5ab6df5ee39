import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Generator, IndexError, ShapeError, tensor } from '@gradstack/core';
import { ConcatDataset, Dataset, Subset, TensorDataset, randomSplit } from '../src/index.js';

class Letters extends Dataset<string> {
  constructor(readonly text: string) {
    super();
  }
  get length(): number {
    return this.text.length;
  }
  get(i: number): string {
    return this.text[i];
  }
}

describe('TensorDataset', () => {
  const x = tensor([[1, 2], [3, 4], [5, 6]]);
  const y = tensor([7, 8, 9], { dtype: 'int32' });

  it('returns row i of every tensor', () => {
    const ds = new TensorDataset(x, y);
    expect(ds.length).toBe(3);
    const [xi, yi] = ds.get(1);
    expect(xi.shape).toEqual([2]);
    expect(Array.from(xi.data())).toEqual([3, 4]);
    expect(yi.shape).toEqual([]);
    expect(yi.item()).toBe(8);
    expect(ds.get(-1)[1].item()).toBe(9);
    const [xb, yb] = ds.getBatch(Int32Array.from([2, 0]));
    expect(xb.toArray()).toEqual([[5, 6], [1, 2]]);
    expect(Array.from(yb.data())).toEqual([9, 7]);
  });

  it('rejects mismatched first dims and bad indices', () => {
    expect(() => new TensorDataset(x, tensor([1, 2]))).toThrow(ShapeError);
    expect(() => new TensorDataset(x, tensor([1, 2]))).toThrow(/tensor 0 has 3 rows but tensor 1 has 2/);
    expect(() => new TensorDataset()).toThrow(ShapeError);
    const ds = new TensorDataset(x);
    expect(() => ds.get(3)).toThrow(IndexError);
    expect(() => ds.get(-4)).toThrow(/index -4 is out of range for length 3/);
    expect(() => ds.get(1.5)).toThrow(RangeError);
    expect(() => ds.getBatch(Int32Array.from([0, 5]))).toThrow(IndexError);
  });
});

describe('Subset and ConcatDataset', () => {
  it('Subset maps indices into its parent', () => {
    const s = new Subset(new Letters('abcdef'), [5, 0, 3]);
    expect([...s]).toEqual(['f', 'a', 'd']);
    expect(s.length).toBe(3);
    expect(() => s.get(3)).toThrow(IndexError);
    expect(() => new Subset(new Letters('ab'), [0, 2])).toThrow(IndexError);
  });

  it('ConcatDataset chains datasets, bisecting cumulative sizes', () => {
    const c = new ConcatDataset([new Letters('ab'), new Letters(''), new Letters('cde')]);
    expect(c.length).toBe(5);
    expect(c.cumulativeSizes).toEqual([2, 2, 5]);
    expect([...c].join('')).toBe('abcde');
    expect(c.get(-1)).toBe('e');
    expect(() => c.get(5)).toThrow(IndexError);
    expect(() => new ConcatDataset([])).toThrow(RangeError);
  });
});

describe('randomSplit', () => {
  it('splits into disjoint subsets covering the dataset (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 80 }), fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 1, maxLength: 4 }), fc.integer(), (n, parts, seed) => {
        const total = parts.reduce((a, b) => a + b, 0);
        const fractions = parts.map((p) => p / total);
        const splits = randomSplit(new Letters('x'.repeat(n)), fractions, { generator: new Generator(seed) });
        expect(splits.map((s) => s.length).reduce((a, b) => a + b, 0)).toBe(n);
        splits.forEach((s, k) => expect(Math.abs(s.length - n * fractions[k])).toBeLessThanOrEqual(1));
        const all = splits.flatMap((s) => Array.from(s.indices)).sort((a, b) => a - b);
        expect(all).toEqual(Array.from({ length: n }, (_, i) => i));
      }),
      { numRuns: 60 },
    );
  });

  it('accepts integer lengths, hands the remainder to the first splits, and is seeded', () => {
    const ds = new Letters('abcdefghij');
    expect(randomSplit(ds, [0.33, 0.33, 0.34], { seed: 1 }).map((s) => s.length)).toEqual([4, 3, 3]);
    const a = randomSplit(ds, [7, 3], { seed: 5 }).map((s) => [...s].join(''));
    expect(randomSplit(ds, [7, 3], { generator: new Generator(5) }).map((s) => [...s].join(''))).toEqual(a);
    expect(a[0].length).toBe(7);
  });

  it('rejects fractions not summing to 1 and lengths not summing to n', () => {
    const ds = new Letters('abcd');
    expect(() => randomSplit(ds, [0.5, 0.3])).toThrow(/fractions must sum to 1/);
    expect(() => randomSplit(ds, [3, 3])).toThrow(/sum to 6 but the dataset has 4/);
    expect(() => randomSplit(ds, [-1, 5])).toThrow(RangeError);
  });
});
