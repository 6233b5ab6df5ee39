/** Regression tests for core bugs found by other packages' suites (one `it` per bug, saying where it showed up). */
import { describe, expect, it } from 'vitest';
import { cpuBackend, fromTyped, tensor } from '@gradstack/core';

describe('core regressions', () => {
  // Found by optim's Rprop golden test: its mask `factor.eq(etaminus)` never matched for etaminus = 0.3.
  it('comparing a float32 tensor with a scalar rounds the scalar to float32 first, as PyTorch does', () => {
    const t = tensor([0.3, 0.5, 1.2]);
    expect(Array.from(t.eq(0.3).data())).toEqual([1, 0, 0]);
    expect(Array.from(t.ne(1.2).data())).toEqual([1, 1, 0]);
    expect(Array.from(t.ge(0.3).data())).toEqual([1, 1, 1]);
    expect(Array.from(t.lt(1.2).data())).toEqual([1, 1, 0]);
    // float64 keeps the double (float64 lives on the cpu backend only, so it is created there even
    // when the suite runs on gpu), and an int32 tensor compared with a fraction is compared as float
    expect(Array.from(fromTyped(Float64Array.of(0.3), [1], cpuBackend).eq(0.3).data())).toEqual([1]);
    expect(Array.from(tensor([1, 2], { dtype: 'int32' }).gt(1.5).data())).toEqual([0, 1]);
  });
});

describe('clamp with min > max', () => {
  it('returns max everywhere, as PyTorch (min(max(x, lo), hi))', async () => {
    const { tensor } = await import('@gradstack/core');
    expect(Array.from(tensor([-5, 0, 5]).clamp(2, 1).data())).toEqual([1, 1, 1]);
    expect(Number.isNaN(tensor([NaN]).clamp(0, 1).item())).toBe(true);
  });
});

describe('any / all', () => {
  it('reduce a non-zero test to int32 0/1, overall and along a dim', async () => {
    const { tensor } = await import('@gradstack/core');
    const t = tensor([[0, 1], [0, 0]]);
    expect(t.any().item()).toBe(1);
    expect(t.all().item()).toBe(0);
    expect(Array.from(t.any(1).data())).toEqual([1, 0]);
    expect(Array.from(tensor([[1, 2], [3, 0]]).all(0).data())).toEqual([1, 0]);
    expect(tensor([NaN, 1]).isnan().any().item()).toBe(1);
    expect(t.any().dtype).toBe('int32');
  });
});
