import { describe, expect, it } from 'vitest';
import { tensor } from '@gradstack/core';
import { defaultCollate } from '../src/index.js';

describe('defaultCollate', () => {
  it('stacks tensors along a new first dim', () => {
    const b = defaultCollate([tensor([1, 2]), tensor([3, 4]), tensor([5, 6])]);
    expect(b.shape).toEqual([3, 2]);
    expect(b.toArray()).toEqual([[1, 2], [3, 4], [5, 6]]);
  });

  it('turns integer numbers into int32 and other numbers into float32', () => {
    const ints = defaultCollate([3, 1, 2]);
    expect(ints.dtype).toBe('int32');
    expect(Array.from(ints.data())).toEqual([3, 1, 2]);
    const floats = defaultCollate([0.5, 1, 2]);
    expect(floats.dtype).toBe('float32');
    expect(Array.from(floats.data())).toEqual([0.5, 1, 2]);
  });

  it('transposes tuples and records, stacks typed arrays, keeps strings', () => {
    const [x, y] = defaultCollate([
      [tensor([1, 2]), 0],
      [tensor([3, 4]), 1],
    ] as [ReturnType<typeof tensor>, number][]);
    expect(x.shape).toEqual([2, 2]);
    expect(Array.from(y.data())).toEqual([0, 1]);
    const rec = defaultCollate([
      { f: Float64Array.from([1, 2, 3]), name: 'a' },
      { f: Float64Array.from([4, 5, 6]), name: 'b' },
    ]);
    expect(rec.f.shape).toEqual([2, 3]);
    expect(rec.f.dtype).toBe('float64');
    expect(rec.name).toEqual(['a', 'b']);
  });

  it('says what went wrong for mixed or unsupported samples', () => {
    expect(() => defaultCollate([tensor([1, 2]), tensor([1, 2, 3])])).toThrow(/mixes tensor shapes \[2\] and \[3\]/);
    expect(() => defaultCollate([[1, 2], [1]])).toThrow(/equal size/);
    expect(() => defaultCollate([true, false])).toThrow(/pass a collateFn/);
    expect(() => defaultCollate([])).toThrow(/empty batch/);
  });
});
