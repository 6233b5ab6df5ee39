/** Bad input gives typed errors whose messages name the op, what was seen, and the fix. */
import { describe, expect, it } from 'vitest';
import {
  ArgumentError, AutogradError, BackendError, CpuBackend, DTypeError, IndexError, ShapeError, arange, cat, matmul, oneHot,
  ones, setBackend, stack, tensor, zeros,
} from '@gradstack/core';

// The messages checked here name the default backend, cpu: this file pins it even under
// GRADSTACK_BACKEND=gpu:<mode> (test/gpu/modes-errors.test.ts covers the gpu backend's errors).
setBackend('cpu');

const int = (data: number[]) => tensor(data, { dtype: 'int32' });

describe('ShapeError', () => {
  it('broadcasting mismatch names the op and both shapes', () => {
    const a = ones([2, 3]);
    const b = ones([4]);
    for (const op of ['add', 'sub', 'mul', 'div', 'maximum'] as const) {
      expect(() => a[op](b)).toThrow(ShapeError);
      expect(() => a[op](b)).toThrow(new RegExp(`^${op}: shapes \\[2,3\\] and \\[4\\] cannot be broadcast`));
    }
    expect(() => a.where(ones([3, 3]).gt(0), 0)).toThrow(ShapeError);
  });
  it('matmul mismatch shows both shapes and the inner dims', () => {
    expect(() => matmul(ones([64, 4]), ones([3, 64]))).toThrow(ShapeError);
    expect(() => matmul(ones([64, 4]), ones([3, 64]))).toThrow('matmul: [64,4] @ [3,64] — inner dims 4 and 3 differ');
    expect(() => ones([2, 5, 4]).matmul(ones([2, 3, 4]))).toThrow(/matmul: \[2,5,4\] @ \[2,3,4\].*4 and 3/);
    expect(() => ones([2, 2, 3]).matmul(ones([3, 3, 1]))).toThrow(/matmul.*\[2\] and \[3\]/);
    expect(() => matmul(ones([3]), ones([4]))).toThrow(/dot.*\[3\].*\[4\]/);
    expect(() => matmul(tensor(1), ones([3]))).toThrow(ShapeError);
  });
  it('mm / bmm / dot insist on their ranks and sizes', () => {
    expect(() => ones([2, 3]).mm(ones([2, 3, 4]))).toThrow(/mm: expects 2-D/);
    expect(() => ones([2, 3, 4]).bmm(ones([3, 4, 5]))).toThrow(/bmm: batch sizes 2 and 3/);
    expect(() => ones([3]).dot(ones([4]))).toThrow(ShapeError);
  });
  it('reshape, expand, cat, stack, split and triu reject incompatible shapes', () => {
    expect(() => ones([2, 3]).reshape([4, 2])).toThrow(/reshape: shape \[4,2\] is invalid for input of size 6/);
    expect(() => ones([2, 3]).reshape([-1, 4])).toThrow(ShapeError);
    expect(() => ones([2, 3]).expand([4, 3])).toThrow(ShapeError);
    expect(() => ones([2, 3]).expand([3])).toThrow(ShapeError);
    expect(() => cat([ones([2, 3]), ones([2, 4])], 0)).toThrow(/cat: sizes must match except in dim 0; got \[2,3\] and \[2,4\]/);
    expect(() => stack([ones([2]), ones([3])])).toThrow(ShapeError);
    expect(() => ones([5]).split([2, 2])).toThrow(ShapeError);
    expect(() => ones([3]).triu()).toThrow(ShapeError);
    expect(() => ones([2, 3]).gather(1, int([0, 1]))).toThrow(ShapeError);
    expect(() => ones([2, 3]).indexSelect(0, tensor([[0]], { dtype: 'int32' }))).toThrow(ShapeError);
    expect(() => tensor([[1, 2], [3]])).toThrow(ShapeError);
  });
});

describe('DTypeError', () => {
  it('float indices are refused with the fix', () => {
    expect(() => ones([3]).indexSelect(0, tensor([0, 1]))).toThrow(DTypeError);
    expect(() => ones([3]).indexSelect(0, tensor([0, 1]))).toThrow(/index must be an int32 tensor, got float32 — convert it with .int\(\)/);
    expect(() => ones([2, 2]).gather(0, tensor([[0, 1]]))).toThrow(DTypeError);
    expect(() => ones([2, 2]).scatter(0, tensor([[0, 1]]), 1)).toThrow(DTypeError);
    expect(() => oneHot(tensor([0, 1]))).toThrow(DTypeError);
  });
  it('int32 tensors cannot require grad or go through matmul; int32 in-place results must stay int32', () => {
    expect(() => int([1]).requiresGrad_()).toThrow(DTypeError);
    expect(() => int([1, 2]).dot(int([1, 2]))).toThrow(DTypeError);
    expect(() => int([1, 2]).sqrt_()).toThrow(DTypeError);
  });
});

describe('IndexError', () => {
  it('out-of-range dims (also a RangeError)', () => {
    const t = ones([2, 3]);
    const calls: [string, () => unknown][] = [
      ['sum', () => t.sum(2)],
      ['mean', () => t.mean(-3)],
      ['softmax', () => t.softmax(5)],
      ['transpose', () => t.transpose(0, 2)],
      ['unsqueeze', () => t.unsqueeze(4)],
      ['squeeze', () => t.squeeze(3)],
      ['cat', () => cat([t, t], 2)],
      ['max', () => t.max(2)],
      ['flatten', () => t.flatten(0, 5)],
      ['narrow', () => t.narrow(2, 0, 1)],
    ];
    for (const [op, call] of calls) {
      expect(call, op).toThrow(IndexError);
      expect(call, op).toThrow(RangeError);
      expect(call, op).toThrow(new RegExp(`^${op}: dim -?\\d is out of range for a tensor with \\d dims`));
    }
  });
  it('out-of-range indices name the index and the size', () => {
    const t = ones([2, 3]);
    expect(() => t.indexSelect(1, int([0, 3]))).toThrow(IndexError);
    expect(() => t.indexSelect(1, int([0, 3]))).toThrow('indexSelect: index 3 is out of bounds for dimension with size 3');
    expect(() => t.indexSelect(1, int([-4]))).toThrow(IndexError);
    expect(() => t.gather(0, tensor([[2, 0, 0]], { dtype: 'int32' }))).toThrow(IndexError);
    expect(() => t.scatterAdd(0, tensor([[5, 0, 0]], { dtype: 'int32' }), ones([1, 3]))).toThrow(IndexError);
    expect(() => oneHot(int([0, 3]), 3)).toThrow(IndexError);
    expect(() => t.narrow(1, 2, 2)).toThrow(IndexError);
  });
});

describe('ArgumentError', () => {
  it('item() on a non-scalar says how to fix it', () => {
    expect(() => ones([2]).item()).toThrow(ArgumentError);
    expect(() => ones([2]).item()).toThrow(/item: a tensor with 2 elements \(shape \[2\]\) cannot be converted to a number/);
    expect(ones([1, 1]).item()).toBe(1);
  });
  it('negative and NaN sizes, bad steps and repeats', () => {
    expect(() => zeros([2, -1])).toThrow(/zeros|full/);
    expect(() => zeros([2, -1])).toThrow(ArgumentError);
    expect(() => zeros([NaN])).toThrow(ArgumentError);
    expect(() => ones([2, 3]).reshape([-1, -1])).toThrow(ArgumentError);
    expect(() => ones([2, 3]).reshape([NaN, 6])).toThrow(ArgumentError);
    expect(() => ones([2, 3]).expand([2, -2])).toThrow(ShapeError);
    expect(() => ones([2, 3]).repeat([2])).toThrow(ArgumentError);
    expect(() => ones([2, 3]).permute([0])).toThrow(ArgumentError);
    expect(() => ones([2, 3]).permute([0, 0])).toThrow(ArgumentError);
    expect(() => ones([4]).split(0)).toThrow(ArgumentError);
    expect(() => ones([4]).chunk(0)).toThrow(ArgumentError);
    expect(() => ones([4]).slice(0, 0, 4, 0)).toThrow(ArgumentError);
    expect(() => ones([3, 3, 3]).t()).toThrow(ArgumentError);
    expect(() => arange(0, 1, 0)).toThrow(ArgumentError);
    expect(() => cat([])).toThrow(ArgumentError);
    expect(() => zeros([0]).max()).toThrow(ArgumentError);
  });
});

describe('AutogradError', () => {
  it('backward on a tensor that does not require grad', () => {
    expect(() => ones([1]).sum().backward()).toThrow(AutogradError);
    expect(() => ones([1]).sum().backward()).toThrow(/requiresGrad/);
  });
  it('in-place on a leaf that requires grad', () => {
    expect(() => ones([2], { requiresGrad: true }).mul_(2)).toThrow(AutogradError);
  });
});

describe('BackendError', () => {
  it('unknown backend names list the available ones', () => {
    expect(() => setBackend('tpu')).toThrow(BackendError);
    expect(() => setBackend('tpu')).toThrow(/unknown backend 'tpu' — available: cpu/);
  });
  it('mixing tensors of two backends names both and the fix', () => {
    const other = new CpuBackend();
    Object.defineProperty(other, 'name', { value: 'cpu2' });
    const a = ones([2]);
    const b = a.to(other);
    expect(b.backend).toBe(other);
    expect(() => a.add(b)).toThrow(BackendError);
    expect(() => a.add(b)).toThrow(/add: tensors live on different backends \('cpu' and 'cpu2'\)/);
    expect(() => a.matmul(b)).toThrow(BackendError);
    expect(() => cat([a, b])).toThrow(BackendError);
    expect(Array.from(b.to(a.backend).data())).toEqual([1, 1]);
  });
});

describe('error classes', () => {
  it('carry their own names', () => {
    const errors = [new ShapeError('x'), new DTypeError('x'), new IndexError('x'), new AutogradError('x'), new BackendError('x'), new ArgumentError('x')];
    expect(errors.map((e) => e.name)).toEqual(['ShapeError', 'DTypeError', 'IndexError', 'AutogradError', 'BackendError', 'ArgumentError']);
    for (const e of errors) expect(e).toBeInstanceOf(Error);
  });
});
