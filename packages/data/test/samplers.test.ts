import { describe, expect, it } from 'vitest';
import { Generator } from '@gradstack/core';
import { BatchSampler, RandomSampler, SequentialSampler, SubsetRandomSampler, WeightedRandomSampler } from '../src/index.js';

const sized = (n: number) => ({ length: n });

describe('samplers', () => {
  it('SequentialSampler yields 0..n-1', () => {
    expect([...new SequentialSampler(sized(4))]).toEqual([0, 1, 2, 3]);
    expect(new SequentialSampler(sized(4)).length).toBe(4);
  });

  it('RandomSampler without replacement permutes, and chains permutations for numSamples > n', () => {
    const s = new RandomSampler(sized(20), { generator: new Generator(1) });
    const epoch1 = [...s];
    const epoch2 = [...s];
    expect([...epoch1].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(epoch2).not.toEqual(epoch1);
    const long = [...new RandomSampler(sized(5), { numSamples: 12, generator: new Generator(2) })];
    expect(long.length).toBe(12);
    expect([...long.slice(0, 5)].sort()).toEqual([0, 1, 2, 3, 4]);
    expect([...long.slice(5, 10)].sort()).toEqual([0, 1, 2, 3, 4]);
    expect(new Set(long.slice(10)).size).toBe(2);
  });

  it('RandomSampler with replacement draws numSamples indices in range, with repeats', () => {
    const s = new RandomSampler(sized(3), { replacement: true, numSamples: 300, generator: new Generator(3) });
    const draws = [...s];
    expect(s.length).toBe(300);
    expect(draws.length).toBe(300);
    expect(draws.every((i) => i >= 0 && i < 3)).toBe(true);
    for (let v = 0; v < 3; v++) expect(draws.filter((i) => i === v).length).toBeGreaterThan(60);
    expect(() => new RandomSampler(sized(3), { numSamples: 0 })).toThrow(/numSamples must be a positive integer/);
    expect(() => new RandomSampler(sized(0))).toThrow(RangeError);
  });

  it('BatchSampler groups indices, with or without the short tail', () => {
    expect([...new BatchSampler(new SequentialSampler(sized(7)), 3)]).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect([...new BatchSampler(new SequentialSampler(sized(7)), 3, true)]).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(new BatchSampler(new SequentialSampler(sized(7)), 3).length).toBe(3);
    expect(new BatchSampler(new SequentialSampler(sized(7)), 3, true).length).toBe(2);
    expect(() => new BatchSampler(new SequentialSampler(sized(7)), 0)).toThrow(/batchSize must be a positive integer, got 0/);
  });

  it('SubsetRandomSampler permutes its indices every epoch', () => {
    const s = new SubsetRandomSampler([10, 20, 30, 40, 50, 60], { generator: new Generator(4) });
    const a = [...s];
    const b = [...s];
    expect([...a].sort((x, y) => x - y)).toEqual([10, 20, 30, 40, 50, 60]);
    expect([...b].sort((x, y) => x - y)).toEqual([10, 20, 30, 40, 50, 60]);
    expect(a).not.toEqual(b);
  });

  it('WeightedRandomSampler draws in proportion to the weights, never a zero weight', () => {
    const weights = [1, 0, 3, 6];
    const draws = [...new WeightedRandomSampler(weights, 20000, { generator: new Generator(5) })];
    const freq = [0, 1, 2, 3].map((v) => draws.filter((i) => i === v).length / draws.length);
    expect(freq[1]).toBe(0);
    [0.1, 0, 0.3, 0.6].forEach((p, k) => expect(Math.abs(freq[k] - p)).toBeLessThan(0.02));
  });

  it('WeightedRandomSampler without replacement yields distinct indices, heavy ones first more often', () => {
    const s = new WeightedRandomSampler([1, 1, 100, 0], 3, { replacement: false, generator: new Generator(6) });
    let heavyFirst = 0;
    for (let e = 0; e < 200; e++) {
      const d = [...s];
      expect(new Set(d).size).toBe(3);
      expect(d).not.toContain(3);
      if (d[0] === 2) heavyFirst++;
    }
    expect(heavyFirst).toBeGreaterThan(180);
    expect(() => new WeightedRandomSampler([1, 0], 2, { replacement: false })).toThrow(/without replacement from 1 non-zero/);
    expect(() => new WeightedRandomSampler([1, -1], 2)).toThrow(/non-negative/);
    expect(() => new WeightedRandomSampler([0, 0], 2)).toThrow(/positive sum/);
  });
});
