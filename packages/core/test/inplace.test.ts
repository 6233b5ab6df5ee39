/**
 * In-place ops: their gradients inside a graph (on non-leaves), version counters, the saved-tensor
 * check, the leaf rule, and atomicity when they throw.
 */
import { describe, expect, it } from 'vitest';
import { AutogradError, DTypeError, IndexError, ShapeError, noGrad, tensor, type Tensor } from '@gradstack/core';
import { assertProperty, broadcastPairArb, checkGrad, f64, indices, mask, seedArb, shapeArb } from './arbitraries.js';
import { setBackend } from '@gradstack/core';

// float64 tests are cpu-only (the gpu backend computes in float32): this file pins the cpu backend
// even under GRADSTACK_BACKEND=gpu:<mode>. test/gpu/autograd-parity.test.ts checks the gpu backend
// against cpu instead.
setBackend('cpu');

interface InplaceCase {
  name: string;
  /** Applies the in-place op to the non-leaf `y` (using `o`, a second input, when it wants one). */
  apply: (y: Tensor, o: Tensor) => void;
  /** y's values stay in this range before the op. */
  positive?: boolean;
}

const CASES: InplaceCase[] = [
  { name: 'add_', apply: (y, o) => y.add_(o) },
  { name: 'add_(alpha)', apply: (y, o) => y.add_(o, -0.5) },
  { name: 'add_(scalar)', apply: (y) => y.add_(1) },
  { name: 'sub_', apply: (y, o) => y.sub_(o, 2) },
  { name: 'mul_', apply: (y, o) => y.mul_(o) },
  { name: 'mul_(scalar)', apply: (y) => y.mul_(-3) },
  { name: 'div_', apply: (y, o) => y.div_(o.square().add(0.5)) },
  { name: 'pow_(scalar)', apply: (y) => y.pow_(2.5), positive: true },
  { name: 'pow_(tensor)', apply: (y, o) => y.pow_(o), positive: true },
  { name: 'maximum_ / minimum_', apply: (y, o) => y.maximum_(o.mul(0.01).sub(5)).minimum_(o.mul(0.01).add(5)) },
  { name: 'addcmul_', apply: (y, o) => y.addcmul_(o, o, 0.5) },
  { name: 'addcdiv_', apply: (y, o) => y.addcdiv_(o, o.square().add(1), -2) },
  { name: 'lerp_', apply: (y, o) => y.lerp_(o, 0.25) },
  { name: 'clamp_', apply: (y) => y.clamp_(-100, 100) },
  { name: 'neg_', apply: (y) => y.neg_() },
  { name: 'exp_', apply: (y) => y.exp_() },
  { name: 'log_', apply: (y) => y.log_(), positive: true },
  { name: 'sqrt_', apply: (y) => y.sqrt_(), positive: true },
  { name: 'rsqrt_', apply: (y) => y.rsqrt_(), positive: true },
  { name: 'abs_', apply: (y) => y.abs_(), positive: true },
  { name: 'square_', apply: (y) => y.square_() },
  { name: 'reciprocal_', apply: (y) => y.reciprocal_(), positive: true },
  { name: 'relu_', apply: (y) => y.relu_(), positive: true },
  { name: 'sigmoid_', apply: (y) => y.sigmoid_() },
  { name: 'tanh_', apply: (y) => y.tanh_() },
  { name: 'copy_', apply: (y, o) => y.copy_(o.mul(2)) },
  { name: 'fill_ / zero_ then add_', apply: (y, o) => y.zero_().add_(o) },
];

describe('in-place op gradients on non-leaves inside a graph', () => {
  for (const c of CASES) {
    it(c.name, () => {
      assertProperty(broadcastPairArb(), seedArb, (p, seed) => {
        // The target has the broadcast shape; the other operand broadcasts into it.
        const fn = (x: Tensor, o: Tensor) => {
          const y = c.positive ? x.square().add(0.5) : x.mul(1.5);
          c.apply(y, o);
          return y.mul(x);
        };
        checkGrad(fn, [f64(p.out, seed), f64(p.b, seed + 1, c.positive ? { lo: 0.5, hi: 1.5 } : {})]);
      });
    });
  }
  it('maskedFill_, scatter_, scatterAdd_', () => {
    assertProperty(shapeArb({ minRank: 1 }), seedArb, (shape, seed) => {
      const m = mask(shape, seed);
      checkGrad((x) => x.mul(2).maskedFill_(m, 0.5).mul(x), [f64(shape, seed)]);
      const idx = indices(shape, shape[0], seed);
      checkGrad((x, s) => x.mul(2).scatterAdd_(0, idx, s).square(), [f64(shape, seed), f64(shape, seed + 1)]);
      const first = indices(shape.map((d, i) => (i === 0 ? 1 : d)), shape[0], seed);
      checkGrad((x, s) => x.mul(2).scatter_(0, first, s).square(), [f64(shape, seed), f64(first.shape, seed + 1)]);
    });
  });
  it('y = x.mul(2); y.add_(1); y.sum().backward() gives 2', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const y = x.mul(2);
    y.add_(1);
    expect(y.gradFn!.name).toBe('AddBackward');
    y.sum().backward();
    expect(Array.from(x.grad!.data())).toEqual([2, 2, 2]);
    expect(Array.from(y.data())).toEqual([3, 5, 7]);
  });
  it('an in-place op does not rewrite the history of ops that already used the old value', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(1);
    const z = y.sum(); // SumBackward saves nothing, so no version error: its edge must stay on the old y
    y.mul_(2);
    z.add(y.sum()).backward();
    expect(Array.from(x.grad!.data())).toEqual([3, 3]);
  });
  it('an in-place op with a grad-requiring operand on a plain tensor joins the graph', () => {
    const w = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
    const buf = tensor([10, 10], { dtype: 'float64' });
    buf.mul_(w);
    expect(buf.requiresGrad).toBe(true);
    buf.sum().backward();
    expect(Array.from(w.grad!.data())).toEqual([10, 10]);
  });
  it('copy_ / fill_ on a non-leaf cut the gradient to the old value (and copy_ passes it to src)', () => {
    const x = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
    const y = x.mul(3);
    const src = tensor([5], { dtype: 'float64', requiresGrad: true });
    y.copy_(src);
    y.sum().backward();
    expect(Array.from(x.grad!.data())).toEqual([0, 0]);
    expect(Array.from(src.grad!.data())).toEqual([2]);
    const z = x.mul(2);
    z.fill_(4);
    expect(z.requiresGrad).toBe(true);
    z.sum().backward();
    expect(Array.from(x.grad!.data())).toEqual([0, 0]);
  });
  it('fill_ in a graph overwrites infinities and NaN (no 0·inf)', () => {
    const x = tensor([0, -1, 2], { dtype: 'float64', requiresGrad: true });
    const y = x.log();
    y.fill_(1);
    expect(Array.from(y.data())).toEqual([1, 1, 1]);
    const w = x.log();
    w.copy_(tensor([7], { dtype: 'float64' }));
    expect(Array.from(w.data())).toEqual([7, 7, 7]);
    const x2 = tensor([1, 2, 3], { dtype: 'float64', requiresGrad: true });
    const w2 = x2.log();
    w2.copy_(tensor([7], { dtype: 'float64' }));
    w2.sum().backward();
    expect(Array.from(x2.grad!.data())).toEqual([0, 0, 0]);
  });
  it('in-place on a view updates the base storage', () => {
    const x = tensor([[1, 2], [3, 4]]);
    const v = x.reshape([4]);
    v.mul_(10);
    expect(x.toArray()).toEqual([[10, 20], [30, 40]]);
    expect(x.version).toBe(1);
  });
});

describe('version counter', () => {
  it('every in-place op bumps it; out-of-place ops do not', () => {
    const x = tensor([1, 2, 3]);
    expect(x.version).toBe(0);
    x.add_(1);
    x.mul_(2).exp_();
    expect(x.version).toBe(3);
    x.add(1);
    x.exp();
    expect(x.version).toBe(3);
    x.fill_(0).zero_().copy_(tensor([1, 1, 1]));
    x.uniform_().normal_().bernoulli_();
    expect(x.version).toBe(9);
  });
  it('views and detached tensors share the counter', () => {
    const x = tensor([[1, 2], [3, 4]]);
    const views = [x.reshape([4]), x.view(4), x.flatten(), x.unsqueeze(0), x.squeeze(), x.detach()];
    views[0].add_(1);
    for (const v of views) expect(v.version).toBe(1);
    expect(x.version).toBe(1);
  });
  it('using a saved tensor modified in place raises an error naming both ops', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const e = x.exp();
    const y = e.sum();
    e.mul_(2); // ExpBackward saved its output e
    expect(() => y.backward()).toThrow(AutogradError);
    const x2 = tensor([1, 2], { requiresGrad: true });
    const e2 = x2.exp();
    const y2 = e2.sum();
    e2.mul_(2);
    expect(() => y2.backward()).toThrow(/modified by an in-place operation.*ExpBackward.*version 1; expected version 0.*mul_/s);
  });
  it('the error names the in-place method the user called', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(1);
    const z = y.sin();
    y.pow_(2);
    expect(() => z.sum().backward()).toThrow(/SinBackward.*modified by pow_\)/s);
  });
  it('modifying a tensor through a view while recording is refused (the other view could not see it)', () => {
    const a = tensor([1, 2, 3], { requiresGrad: true }).mul(1);
    const s = a.sin();
    expect(() => a.reshape([3, 1]).add_(1)).toThrow(/shares storage with a view/);
    // Nothing was modified, so the graph is still sound.
    s.sum().backward();
    // Without the refusal, v's gradient would miss the doubling: d(sum v)/dx would read 1, not 2.
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(1);
    const v = y.reshape([2, 1]);
    expect(() => y.mul_(2)).toThrow(AutogradError);
    v.sum().backward();
    expect(Array.from(x.grad!.data())).toEqual([1, 1]);
  });
  it('under noGrad a view may be modified in place (optimizers, initialisers)', () => {
    const w = tensor([1, 2, 3, 4]);
    noGrad(() => w.reshape([2, 2]).mul_(2));
    expect(Array.from(w.data())).toEqual([2, 4, 6, 8]);
  });
  it('in-place on tensors that were not saved is fine', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.add(1); // AddBackward saves nothing needed by value
    const z = y.mul(3);
    y.add_(5);
    expect(() => z.sum().backward()).toThrow(AutogradError); // MulBackward saved y
    const x2 = tensor([1, 2], { requiresGrad: true });
    const y2 = x2.add(1);
    y2.add_(5);
    y2.sum().backward();
    expect(Array.from(x2.grad!.data())).toEqual([1, 1]);
  });
});

describe('the leaf rule', () => {
  it('in-place on a leaf requiring grad outside noGrad is an error; inside noGrad it works', () => {
    const p = tensor([1, 2], { requiresGrad: true });
    expect(() => p.add_(1)).toThrow(AutogradError);
    expect(() => p.add_(1)).toThrow(/leaf.*noGrad/);
    expect(() => p.zero_()).toThrow(AutogradError);
    expect(() => p.uniform_()).toThrow(AutogradError);
    expect(Array.from(p.data())).toEqual([1, 2]);
    expect(p.version).toBe(0);
    noGrad(() => p.sub_(tensor([1, 1]), 0.5));
    expect(Array.from(p.data())).toEqual([0.5, 1.5]);
    expect(p.version).toBe(1);
    expect(p.requiresGrad).toBe(true);
    expect(p.isLeaf).toBe(true);
  });
});

describe('atomicity: an in-place op that throws leaves the tensor unchanged', () => {
  const snapshot = (t: Tensor) => ({ values: Array.from(t.data()), version: t.version });
  const cases: [string, (t: Tensor) => unknown, new (...a: never[]) => Error][] = [
    ['add_ of a shape that does not broadcast into the target', (t) => t.add_(tensor([1, 2, 3])), ShapeError],
    ['mul_ that would need to grow the target', (t) => t.mul_(tensor([[1], [2], [3]])), ShapeError],
    ['addcmul_ with a mismatched operand', (t) => t.addcmul_(tensor([1, 2, 3]), tensor([1])), ShapeError],
    ['lerp_ with a mismatched end', (t) => t.lerp_(tensor([1, 2, 3]), 0.5), ShapeError],
    ['maskedFill_ with a bad mask', (t) => t.maskedFill_(tensor([1, 0, 1], { dtype: 'int32' }), 0), ShapeError],
    ['scatter_ with an out-of-range index', (t) => t.scatter_(1, tensor([[0, 5]], { dtype: 'int32' }), 1), IndexError],
    ['scatter_ with a float index', (t) => t.scatter_(1, tensor([[0, 1]]), 1), DTypeError],
    ['scatterAdd_ with a bad dim', (t) => t.scatterAdd_(3, tensor([[0, 1]], { dtype: 'int32' }), tensor([[1, 1]])), IndexError],
    ['copy_ of a shape that does not broadcast', (t) => t.copy_(tensor([1, 2, 3])), ShapeError],
  ];
  for (const [name, op, type] of cases) {
    it(name, () => {
      const t = tensor([[1, 2], [3, 4]]);
      const before = snapshot(t);
      expect(() => op(t)).toThrow(type);
      expect(snapshot(t)).toEqual(before);
    });
  }
  it('an int32 target refusing a float result', () => {
    const t = tensor([[1, 2], [3, 4]], { dtype: 'int32' });
    const before = snapshot(t);
    expect(() => t.mul_(tensor([0.5, 0.5]))).toThrow(DTypeError);
    expect(() => t.sqrt_()).toThrow(DTypeError);
    expect(snapshot(t)).toEqual(before);
  });
  it('a non-leaf whose in-place op throws keeps its values, version and gradFn', () => {
    const y = tensor([1, 2], { requiresGrad: true }).mul(2);
    const fnBefore = y.gradFn;
    const before = snapshot(y);
    expect(() => y.add_(tensor([1, 2, 3]))).toThrow(ShapeError);
    expect(snapshot(y)).toEqual(before);
    expect(y.gradFn).toBe(fnBefore);
  });
});
