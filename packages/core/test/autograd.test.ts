/** Autograd semantics that surprise users: accumulation, retained graphs, modes, hooks, anomaly mode, dtypes, broadcasting. */
import { describe, expect, it } from 'vitest';
import {
  AutogradError, DTypeError, GradcheckError, Node, ShapeError, autograd, broadcastShapes, detectAnomaly, enableGrad,
  gradcheck, isGradEnabled, noGrad, ones, setGradEnabled, tensor, zeros, type Tensor,
} from '@gradstack/core';
import { setBackend } from '@gradstack/core';

// float64 tests are cpu-only (the gpu backend computes in float32): this file pins the cpu backend
// even under GRADSTACK_BACKEND=gpu:<mode>. test/gpu/autograd-parity.test.ts checks the gpu backend
// against cpu instead.
setBackend('cpu');

const f64 = (data: number[], requiresGrad = true) => tensor(data, { dtype: 'float64', requiresGrad });
const arr = (t: Tensor | null) => Array.from(t!.data());

describe('backward', () => {
  it('accumulates into .grad across calls (zero it yourself)', () => {
    const x = f64([1, 2, 3]);
    const y = x.mul(x).sum();
    y.backward(undefined, { retainGraph: true });
    expect(arr(x.grad)).toEqual([2, 4, 6]);
    y.backward();
    expect(arr(x.grad)).toEqual([4, 8, 12]);
    x.grad = null;
    x.mul(3).sum().backward();
    expect(arr(x.grad)).toEqual([3, 3, 3]);
    noGrad(() => x.grad!.zero_());
    x.mul(3).sum().backward();
    expect(arr(x.grad)).toEqual([3, 3, 3]);
  });
  it('takes an explicit gradient for a non-scalar output', () => {
    const x = f64([1, 2, 3]);
    x.mul(2).backward(f64([1, 0.5, -1], false));
    expect(arr(x.grad)).toEqual([2, 1, -2]);
  });
  it('refuses a non-scalar output without a gradient, and a gradient of the wrong shape', () => {
    const x = f64([1, 2, 3]);
    expect(() => x.mul(2).backward()).toThrow(AutogradError);
    expect(() => x.mul(2).backward()).toThrow(/implicitly created only for scalar outputs.*\[3\]/);
    expect(() => x.mul(2).backward(f64([1, 2], false))).toThrow(/gradient has shape \[2\] but the output has shape \[3\]/);
  });
  it('a second backward through a freed graph errors and suggests retainGraph', () => {
    const x = f64([1, 2]);
    const y = x.exp().sum();
    y.backward();
    expect(() => y.backward()).toThrow(AutogradError);
    expect(() => y.backward()).toThrow(/second time.*retainGraph/s);
  });
  it('frees saved tensors after backward unless retainGraph', () => {
    const x = f64([1, 2]);
    const e = x.exp();
    const y = e.sum();
    y.backward(undefined, { retainGraph: true });
    expect(e.gradFn!.released).toBe(false);
    y.backward();
    expect(e.gradFn!.released).toBe(true);
    expect(() => e.gradFn!.saved()).toThrow(/retainGraph/);
  });
  it('errors on a tensor that does not require grad', () => {
    expect(() => f64([1, 2], false).sum().backward()).toThrow(AutogradError);
    expect(() => f64([1, 2], false).sum().backward()).toThrow(/does not require grad/);
  });
  it('sums the gradients of a diamond and of an input used twice in one op', () => {
    const x = f64([1.5, -2]);
    const a = x.mul(3);
    const b = x.square();
    a.add(b).mul(x).sum().backward();
    // d/dx (3x² + x³) = 6x + 3x²
    expect(arr(x.grad)).toEqual([6 * 1.5 + 3 * 1.5 ** 2, -12 + 12]);
    const y = f64([3]);
    y.mul(y).backward();
    expect(arr(y.grad)).toEqual([6]);
  });
  it('undoes broadcasting: each gradient has its input\'s shape', () => {
    const a = tensor([[1], [2], [3]], { dtype: 'float64', requiresGrad: true });
    const b = f64([1, 2, 3, 4]);
    const c = tensor(2, { dtype: 'float64', requiresGrad: true });
    a.mul(b).add(c).sum().backward();
    expect(a.grad!.shape).toEqual([3, 1]);
    expect(a.grad!.toArray()).toEqual([[10], [10], [10]]);
    expect(b.grad!.shape).toEqual([4]);
    expect(arr(b.grad)).toEqual([6, 6, 6, 6]);
    expect(c.grad!.shape).toEqual([]);
    expect(c.grad!.item()).toBe(12);
  });
  it('gives float32 leaves float32 gradients, also through casts', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    x.double().mul(2).sum().backward();
    expect(x.grad!.dtype).toBe('float32');
    expect(arr(x.grad)).toEqual([2, 2]);
  });
  it('handles long chains without stack overflow', () => {
    const x = f64([1]);
    let y: Tensor = x;
    for (let i = 0; i < 5000; i++) y = y.mul(1);
    y.sum().backward();
    expect(arr(x.grad)).toEqual([1]);
  });
  it('names the backward node after the op', () => {
    const x = f64([1, 2]);
    expect(x.mul(2).gradFn!.name).toBe('MulBackward');
    expect(x.sum().gradFn!.name).toBe('SumBackward');
    expect(x.isLeaf).toBe(true);
    expect(x.mul(2).isLeaf).toBe(false);
  });
});

describe('autograd.grad', () => {
  it('returns gradients without touching .grad', () => {
    const x = f64([1, 2]);
    const [g] = autograd.grad(x.square().sum(), [x]);
    expect(arr(g)).toEqual([2, 4]);
    expect(x.grad).toBeNull();
  });
  it('allowUnused gives null for an unused input; without it, an error', () => {
    const x = f64([1, 2]);
    const u = f64([3]);
    expect(() => autograd.grad(x.sum(), [x, u])).toThrow(/not used.*allowUnused/);
    const [gx, gu] = autograd.grad(x.sum(), [x, u], { allowUnused: true });
    expect(arr(gx)).toEqual([1, 1]);
    expect(gu).toBeNull();
  });
  it('takes several outputs with gradOutputs, and non-leaf inputs', () => {
    const x = f64([1, 2]);
    const h = x.mul(3);
    const o1 = h.square();
    const o2 = h.sum();
    const [gh, gx] = autograd.grad([o1, o2], [h, x], { gradOutputs: [f64([1, 1], false), f64([2], false).reshape([])] });
    expect(arr(gh)).toEqual([2 * 3 + 2, 2 * 6 + 2]);
    expect(arr(gx)).toEqual([3 * 8, 3 * 14]);
  });
  it('refuses an input that does not require grad', () => {
    const x = f64([1, 2], false);
    expect(() => autograd.grad(x.sum(), [x])).toThrow(AutogradError);
  });
});

describe('grad mode', () => {
  it('noGrad records nothing; enableGrad re-enables inside; both restore the mode, also on throw', () => {
    const x = f64([1, 2]);
    expect(isGradEnabled()).toBe(true);
    const y = noGrad(() => {
      expect(isGradEnabled()).toBe(false);
      const inner = enableGrad(() => x.mul(2));
      expect(inner.requiresGrad).toBe(true);
      return x.mul(2);
    });
    expect(y.requiresGrad).toBe(false);
    expect(y.gradFn).toBeNull();
    expect(() => noGrad(() => { throw new Error('boom'); })).toThrow('boom');
    expect(isGradEnabled()).toBe(true);
    setGradEnabled(false);
    expect(x.exp().requiresGrad).toBe(false);
    setGradEnabled(true);
    expect(x.exp().requiresGrad).toBe(true);
  });
  it('detach shares storage and the version counter but has no graph', () => {
    const x = f64([1, 2]);
    const y = x.mul(2);
    const d = y.detach();
    expect(d.requiresGrad).toBe(false);
    expect(d.gradFn).toBeNull();
    d.add_(1);
    expect(arr(y)).toEqual([3, 5]);
    expect(y.version).toBe(1);
  });
  it('detach_ cuts a non-leaf from its graph', () => {
    const y = f64([1]).mul(2);
    y.detach_();
    expect(y.isLeaf).toBe(true);
    expect(y.requiresGrad).toBe(false);
  });
  it('requiresGrad_ / requiresGrad setter on leaves; errors for int32 and for turning a non-leaf off', () => {
    const x = f64([1], false);
    expect(x.requiresGrad_().requiresGrad).toBe(true);
    x.requiresGrad = false;
    expect(x.requiresGrad).toBe(false);
    expect(() => tensor([1], { dtype: 'int32' }).requiresGrad_()).toThrow(DTypeError);
    expect(() => tensor([1], { dtype: 'int32', requiresGrad: true })).toThrow(DTypeError);
    expect(() => f64([1]).mul(2).requiresGrad_(false)).toThrow(/leaf/);
  });
});

describe('retainGrad and hooks', () => {
  it('non-leaf .grad stays null unless retainGrad()', () => {
    const x = f64([1, 2]);
    const h = x.mul(3);
    const k = x.mul(4).retainGrad();
    h.add(k).square().sum().backward();
    expect(h.grad).toBeNull();
    expect(arr(k.grad)).toEqual([14, 28]);
    expect(arr(x.grad)).toEqual([98, 196]);
  });
  it('a retained non-leaf .grad accumulates across backward calls, like a leaf\'s', () => {
    const x = f64([1, 2]);
    const h = x.mul(3).retainGrad();
    const y = h.square().sum();
    y.backward(undefined, { retainGraph: true });
    expect(arr(h.grad)).toEqual([6, 12]);
    y.backward();
    expect(arr(h.grad)).toEqual([12, 24]);
  });
  it('retainGrad on a leaf is a no-op that keeps .grad', () => {
    const x = f64([1]).retainGrad();
    x.mul(5).sum().backward();
    expect(arr(x.grad)).toEqual([5]);
  });
  it('a hook can log a gradient (non-leaf) and clip one (leaf); remove() detaches it', () => {
    const x = f64([1, -2, 3]);
    const h = x.mul(10);
    const seen: number[][] = [];
    const logHandle = h.registerHook((g) => { seen.push(Array.from(g.data())); });
    x.registerHook((g) => g.clamp(-5, 5));
    h.square().sum().backward();
    expect(seen).toEqual([[20, -40, 60]]);
    expect(arr(x.grad)).toEqual([5, -5, 5]);
    logHandle.remove();
    x.grad = null;
    x.mul(10).square().sum().backward();
    expect(seen.length).toBe(1);
  });
  it('a hook on a non-leaf replaces the gradient flowing on', () => {
    const x = f64([1, 2]);
    const h = x.mul(2);
    h.registerHook((g) => g.mul(0));
    h.sum().backward();
    expect(arr(x.grad)).toEqual([0, 0]);
  });
  it('registering a hook on a tensor that does not require grad errors', () => {
    expect(() => f64([1], false).registerHook(() => undefined)).toThrow(AutogradError);
  });
});

describe('anomaly mode', () => {
  it('names the backward op that first produced NaN/Inf', () => {
    const x = f64([0, 1]);
    const run = () => x.sqrt().mul(2).sum().backward();
    expect(() => detectAnomaly(run)).toThrow(AutogradError);
    expect(() => detectAnomaly(run)).toThrow(/SqrtBackward.*inf/);
    x.grad = null;
    run();
    expect(arr(x.grad)[0]).toBe(Infinity);
  });
  it('reports NaN from log of a negative number', () => {
    const x = f64([-1, 2]);
    expect(() => detectAnomaly(() => x.log().exp().sum().backward())).toThrow(/nan/);
  });
});

describe('dtype behaviour', () => {
  it('int32 arithmetic follows PyTorch promotion', () => {
    const i = tensor([7, -3], { dtype: 'int32' });
    expect(i.add(i).dtype).toBe('int32');
    expect(i.mul(2).dtype).toBe('int32');
    expect(i.add(1.5).dtype).toBe('float32');
    expect(i.div(2).dtype).toBe('float32');
    expect(arr(i.div(2))).toEqual([3.5, -1.5]);
    expect(i.div(i).dtype).toBe('float32');
    expect(i.exp().dtype).toBe('float32');
    expect(i.abs().dtype).toBe('int32');
    expect(i.neg().dtype).toBe('int32');
    expect(i.gt(0).dtype).toBe('int32');
    expect(arr(i.gt(0))).toEqual([1, 0]);
    expect(i.add(tensor([0.5, 0.5])).dtype).toBe('float32');
    expect(tensor([1]).add(tensor([1], { dtype: 'float64' })).dtype).toBe('float64');
    expect(i.sum().dtype).toBe('int32');
    expect(i.float().dtype).toBe('float32');
    expect(arr(tensor([1.7, -1.7]).int())).toEqual([1, -1]);
  });
  it('int32 in-place ops that would produce floats are refused', () => {
    const i = tensor([1, 2], { dtype: 'int32' });
    expect(() => i.div_(2)).toThrow(DTypeError);
    expect(() => i.add_(0.5)).toThrow(DTypeError);
    expect(() => i.exp_()).toThrow(DTypeError);
    i.add_(3);
    expect(arr(i)).toEqual([4, 5]);
  });
  it('float32 ops round to float32', () => {
    const x = tensor([0.1]);
    expect(x.item()).toBe(Math.fround(0.1));
    expect(x.add(0.2).item()).toBe(Math.fround(Math.fround(0.1) + Math.fround(0.2)));
  });
});

describe('broadcasting shapes', () => {
  it('follows NumPy rules', () => {
    expect(broadcastShapes([3, 1], [4])).toEqual([3, 4]);
    expect(broadcastShapes([], [2, 3])).toEqual([2, 3]);
    expect(broadcastShapes([2, 1, 4], [3, 1])).toEqual([2, 3, 4]);
    expect(broadcastShapes([0], [1])).toEqual([0]);
    expect(() => broadcastShapes([3], [4])).toThrow(ShapeError);
    expect(ones([2, 1]).add(zeros([1, 3])).shape).toEqual([2, 3]);
    expect(ones([5, 1, 2]).mul(ones([3, 1])).shape).toEqual([5, 3, 2]);
  });
});

describe('gradcheck itself', () => {
  it('throws GradcheckError on a wrong backward, naming the input and element', () => {
    const x = f64([1, 2]);
    const wrong = (t: Tensor) => {
      const out = t.detach().mul(2);
      out.gradFn = new Node('WrongBackward', [t], [], (g) => [g.mul(3)]);
      out._requiresGrad = true;
      return out;
    };
    expect(() => gradcheck(wrong, [x])).toThrow(GradcheckError);
    expect(() => gradcheck(wrong, [x])).toThrow(/input 0 \(shape \[2\]\) at element 0: analytic .* vs numeric/);
    expect(gradcheck((t) => t.mul(2), [x])).toBe(true);
  });
  it('requires float64 inputs', () => {
    expect(() => gradcheck((t) => t.mul(2), [tensor([1], { requiresGrad: true })])).toThrow(/float64/);
  });
});
