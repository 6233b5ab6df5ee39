/** toString prints like PyTorch: 4 decimals, aligned columns, dtype / requires_grad / grad_fn suffixes. */
import { describe, expect, it } from 'vitest';
import { arange, tensor, zeros } from '@gradstack/core';
import { setBackend } from '@gradstack/core';

// float64 tests are cpu-only (the gpu backend computes in float32): this file pins the cpu backend
// even under GRADSTACK_BACKEND=gpu:<mode>. test/gpu/autograd-parity.test.ts checks the gpu backend
// against cpu instead.
setBackend('cpu');

describe('toString', () => {
  it('prints a matrix of whole floats as PyTorch does', () => {
    expect(tensor([[1, 2], [3, 4]]).toString()).toBe('tensor([[1., 2.],\n        [3., 4.]])');
  });
  it('uses 4 decimals for non-integers', () => {
    expect(tensor([1.5, 2.25]).toString()).toBe('tensor([1.5000, 2.2500])');
    expect(tensor(3.5).toString()).toBe('tensor(3.5000)');
    expect(tensor([0.12345]).toString()).toBe('tensor([0.1235])');
  });
  it('pads elements to a common width so columns line up', () => {
    expect(tensor([1.5, -2.25]).toString()).toBe('tensor([ 1.5000, -2.2500])');
    expect(tensor([[10, 2], [3, -4]]).toString()).toBe('tensor([[10.,  2.],\n        [ 3., -4.]])');
  });
  it('switches to scientific notation for wide ranges, tiny and huge values', () => {
    expect(tensor([1e-5, 1]).toString()).toBe('tensor([1.0000e-05, 1.0000e+00])');
    expect(tensor([1, 10000]).toString()).toBe('tensor([1.0000e+00, 1.0000e+04])');
    expect(tensor([2e9, 1], { dtype: 'float64' }).toString()).toBe('tensor([2.0000e+09, 1.0000e+00], dtype=float64)');
  });
  it('prints nan and inf', () => {
    expect(tensor([NaN, Infinity, -Infinity, 1]).toString()).toBe('tensor([nan, inf, -inf, 1.])');
  });
  it('separates the matrices of a 3-D tensor with a blank line', () => {
    expect(tensor([[[1, 2]], [[3, 4]]]).toString()).toBe('tensor([[[1., 2.]],\n\n        [[3., 4.]]])');
  });
  it('appends requires_grad=True on leaves and grad_fn=<...> on results', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    expect(x.toString()).toBe('tensor([1., 2.], requires_grad=True)');
    expect(x.mul(2).toString()).toBe('tensor([2., 4.], grad_fn=<MulBackward>)');
    expect(x.sum().toString()).toBe('tensor(3., grad_fn=<SumBackward>)');
    expect(x.detach().toString()).toBe('tensor([1., 2.])');
  });
  it('names non-default dtypes; int32 prints without a decimal point', () => {
    expect(tensor([1, -20], { dtype: 'int32' }).toString()).toBe('tensor([  1, -20], dtype=int32)');
    expect(tensor([0.5], { dtype: 'float64' }).toString()).toBe('tensor([0.5000], dtype=float64)');
  });
  it('prints empty tensors', () => {
    expect(zeros([0]).toString()).toBe('tensor([])');
  });
  it('summarises large tensors with ...', () => {
    const s = arange(2000).toString();
    expect(s).toBe('tensor([   0,    1,    2,  ..., 1997, 1998, 1999], dtype=int32)');
    const m = arange(1000, 3000, 1, { dtype: 'float32' }).reshape([1000, 2]).toString().split('\n');
    expect(m[0]).toBe('tensor([[1000., 1001.],');
    expect(m[3]).toBe('        ...,');
    expect(m[m.length - 1]).toBe('        [2998., 2999.]])');
    expect(s.startsWith('tensor([   0,    1,    2,  ..., 1997, 1998, 1999], dtype=int32)')).toBe(true);
  });
  it('is what util.inspect / console.log show', async () => {
    const { inspect } = await import('node:util');
    expect(inspect(tensor([1, 2]))).toBe('tensor([1., 2.])');
  });
});
