/** Creation functions, dtypes and seeded reproducibility (manualSeed: same seed, same bits). */
import { describe, expect, it } from 'vitest';
import {
  ArgumentError, Generator, ShapeError, arange, bernoulli, empty, eye, full, fullLike, linspace, manualSeed, ones,
  onesLike, rand, randLike, randint, randn, randnLike, randperm, tensor, zeros, zerosLike, type Tensor,
} from '@gradstack/core';
import { setBackend } from '@gradstack/core';

// float64 tests are cpu-only (the gpu backend computes in float32): this file pins the cpu backend
// even under GRADSTACK_BACKEND=gpu:<mode>. test/gpu/autograd-parity.test.ts checks the gpu backend
// against cpu instead.
setBackend('cpu');

const bits = (t: Tensor) => Array.from(new Uint8Array(t.data().buffer));

describe('tensor()', () => {
  it('from nested arrays: shape, float32 default, dtype option, booleans', () => {
    const t = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.dtype).toBe('float32');
    expect(t.toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(tensor([[1.5]], { dtype: 'float64' }).dtype).toBe('float64');
    expect(tensor([1.9, -1.9], { dtype: 'int32' }).toArray()).toEqual([1, -1]);
    expect(tensor([true, false]).toArray()).toEqual([1, 0]);
    expect(tensor([]).shape).toEqual([0]);
    expect(tensor([[], []]).shape).toEqual([2, 0]);
  });
  it('from a scalar gives a 0-d tensor', () => {
    const s = tensor(3.5);
    expect(s.shape).toEqual([]);
    expect(s.ndim).toBe(0);
    expect(s.numel).toBe(1);
    expect(s.item()).toBe(3.5);
    expect(s.toArray()).toBe(3.5);
  });
  it('from typed arrays: dtype from the array, optional shape, values copied', () => {
    const src = new Float64Array([1, 2, 3, 4, 5, 6]);
    const t = tensor(src, { shape: [2, 3] });
    expect(t.dtype).toBe('float64');
    expect(t.shape).toEqual([2, 3]);
    src[0] = 100;
    expect(t.toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(tensor(new Int32Array([1, 2])).dtype).toBe('int32');
    expect(tensor(new Float32Array([1, 2])).dtype).toBe('float32');
    expect(tensor(new Int32Array([1, 2]), { dtype: 'float64' }).dtype).toBe('float64');
  });
  it('requiresGrad option makes a leaf that requires grad', () => {
    const t = tensor([1, 2], { requiresGrad: true });
    expect(t.requiresGrad).toBe(true);
    expect(t.isLeaf).toBe(true);
  });
  it('rejects ragged arrays and values that do not fill the shape', () => {
    expect(() => tensor([[1, 2], [3]])).toThrow(ShapeError);
    expect(() => tensor([1, [2]] as never)).toThrow(ShapeError);
    expect(() => tensor(new Float32Array(5), { shape: [2, 3] })).toThrow(ShapeError);
  });
});

describe('constant constructors', () => {
  it('zeros / ones / full / empty with a number or array shape and dtype', () => {
    expect(zeros([2, 3]).toArray()).toEqual([[0, 0, 0], [0, 0, 0]]);
    expect(ones(3).toArray()).toEqual([1, 1, 1]);
    expect(full([2], 7, { dtype: 'int32' }).toArray()).toEqual([7, 7]);
    expect(full([2], 7, { dtype: 'int32' }).dtype).toBe('int32');
    expect(empty([2, 2]).shape).toEqual([2, 2]);
    expect(zeros([]).shape).toEqual([]);
    expect(zeros([3, 0]).numel).toBe(0);
    expect(ones([2], { dtype: 'float64', requiresGrad: true }).requiresGrad).toBe(true);
  });
  it('zerosLike / onesLike / fullLike keep shape and dtype; options override', () => {
    const t = tensor([[1, 2]], { dtype: 'float64' });
    expect(zerosLike(t).shape).toEqual([1, 2]);
    expect(zerosLike(t).dtype).toBe('float64');
    expect(onesLike(t).toArray()).toEqual([[1, 1]]);
    expect(fullLike(t, -2).toArray()).toEqual([[-2, -2]]);
    expect(fullLike(t, 3, { dtype: 'int32' }).dtype).toBe('int32');
    expect(onesLike(t, { requiresGrad: true }).requiresGrad).toBe(true);
  });
  it('arange: one, two and three arguments; dtype by argument type', () => {
    expect(arange(4).toArray()).toEqual([0, 1, 2, 3]);
    expect(arange(4).dtype).toBe('int32');
    expect(arange(1, 4).toArray()).toEqual([1, 2, 3]);
    expect(arange(5, 0, -2).toArray()).toEqual([5, 3, 1]);
    const f = arange(0, 1, 0.25);
    expect(f.dtype).toBe('float32');
    expect(f.toArray()).toEqual([0, 0.25, 0.5, 0.75]);
    expect(arange(0, 3, 1, { dtype: 'float64' }).dtype).toBe('float64');
    expect(arange(3, 3).numel).toBe(0);
  });
  it('linspace: endpoints exact, steps 0 and 1', () => {
    expect(linspace(0, 1, 5).toArray()).toEqual([0, 0.25, 0.5, 0.75, 1]);
    const l = linspace(-1, 0.3, 7, { dtype: 'float64' }).data();
    expect(l[0]).toBe(-1);
    expect(l[6]).toBe(0.3);
    expect(linspace(2, 5, 1).toArray()).toEqual([2]);
    expect(linspace(2, 5, 0).numel).toBe(0);
  });
  it('eye: square and rectangular', () => {
    expect(eye(2).toArray()).toEqual([[1, 0], [0, 1]]);
    expect(eye(2, 3).toArray()).toEqual([[1, 0, 0], [0, 1, 0]]);
    expect(eye(3, 2, { dtype: 'int32' }).dtype).toBe('int32');
  });
});

describe('random constructors', () => {
  it('rand in [0, 1); randn roughly standard normal; randint in [low, high)', () => {
    manualSeed(1);
    const u = rand([2000]).data();
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    const n = Array.from(randn([4000], { dtype: 'float64' }).data());
    const mean = n.reduce((a, b) => a + b, 0) / n.length;
    const v = n.reduce((a, b) => a + (b - mean) ** 2, 0) / n.length;
    expect(Math.abs(mean)).toBeLessThan(0.1);
    expect(Math.abs(v - 1)).toBeLessThan(0.1);
    const r = randint(-3, 4, [1000]);
    expect(r.dtype).toBe('int32');
    const rd = Array.from(r.data());
    expect(Math.min(...rd)).toBe(-3);
    expect(Math.max(...rd)).toBe(3);
  });
  it('randperm is a permutation', () => {
    const p = Array.from(randperm(50).data());
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(randperm(0).numel).toBe(0);
    expect(randperm(4, { dtype: 'float32' }).dtype).toBe('float32');
  });
  it('randLike / randnLike keep shape and float dtype', () => {
    const t = zeros([2, 3], { dtype: 'float64' });
    expect(randLike(t).shape).toEqual([2, 3]);
    expect(randLike(t).dtype).toBe('float64');
    expect(randnLike(tensor([1], { dtype: 'int32' })).dtype).toBe('float32');
  });
  it('normal_ / uniform_ / bernoulli_ fill in place with the given parameters', () => {
    manualSeed(2);
    const t = zeros([3000], { dtype: 'float64' });
    const n = Array.from(t.normal_(5, 2).data());
    const mean = n.reduce((a, b) => a + b, 0) / n.length;
    expect(Math.abs(mean - 5)).toBeLessThan(0.2);
    const u = t.uniform_(-3, -1).data();
    expect(Math.min(...u)).toBeGreaterThanOrEqual(-3);
    expect(Math.max(...u)).toBeLessThan(-1);
    const b = Array.from(t.bernoulli_(0.25).data());
    expect(b.every((x) => x === 0 || x === 1)).toBe(true);
    expect(Math.abs(b.reduce((a, c) => a + c, 0) / b.length - 0.25)).toBeLessThan(0.05);
  });
  it('bernoulli draws 0/1 with the given probabilities', () => {
    const p = tensor([0, 1, 0, 1]);
    expect(bernoulli(p).toArray()).toEqual([0, 1, 0, 1]);
    expect(bernoulli(0.5, { shape: [10] }).shape).toEqual([10]);
    expect(() => bernoulli(tensor([1.5]))).toThrow(ArgumentError);
  });
});

describe('manualSeed reproducibility, bit for bit', () => {
  const draw = () => [
    bits(rand([7])), bits(randn([5, 3])), bits(randn([4], { dtype: 'float64' })), bits(randint(0, 100, [6])),
    bits(randperm(9)), bits(zeros([5]).normal_(1, 3)), bits(zeros([5]).uniform_(-1, 1)), bits(zeros([5]).bernoulli_()),
    bits(bernoulli(full([5], 0.5))), bits(randLike(zeros([3]))), bits(randnLike(zeros([3]))),
  ];
  it('the same seed gives the same bits for every random function', () => {
    manualSeed(1234);
    const a = draw();
    manualSeed(1234);
    const b = draw();
    expect(b).toEqual(a);
    manualSeed(1235);
    expect(draw()).not.toEqual(a);
  });
  it('an explicit Generator is independent of the default stream', () => {
    const g1 = new Generator(7);
    const x = rand([5], { generator: g1 });
    const g2 = new Generator(7);
    manualSeed(99);
    rand([3]);
    expect(bits(rand([5], { generator: g2 }))).toEqual(bits(x));
  });
  it('getState / setState resume a stream exactly (including a pending normal)', () => {
    const g = new Generator(3);
    g.normal();
    const state = g.getState();
    const a = [g.normal(), g.normal(), g.random()];
    g.setState(state);
    expect([g.normal(), g.normal(), g.random()]).toEqual(a);
    expect(g.initialSeed()).toBe(3);
  });
  it('large seeds use their high bits too', () => {
    const a = new Generator(2 ** 40).random();
    const b = new Generator(2 ** 40 + 2 ** 33).random();
    expect(a).not.toBe(b);
  });
});

describe('read-back', () => {
  it('item / data / toArray', () => {
    const t = tensor([[1, 2], [3, 4]], { dtype: 'float64' });
    expect(t.data()).toBeInstanceOf(Float64Array);
    expect(Array.from(t.data())).toEqual([1, 2, 3, 4]);
    const d = t.data();
    d[0] = 9;
    expect(t.toArray()).toEqual([[1, 2], [3, 4]]);
    expect(t.sum().item()).toBe(10);
    expect(tensor([5]).item()).toBe(5);
    expect(tensor([[[1], [2]]]).toArray()).toEqual([[[1], [2]]]);
  });
  it('invalid sizes are ArgumentErrors', () => {
    expect(() => zeros([-1])).toThrow(ArgumentError);
    expect(() => zeros([NaN])).toThrow(ArgumentError);
    expect(() => ones([2.5])).toThrow(ArgumentError);
    expect(() => rand([2, -3])).toThrow(ArgumentError);
    expect(() => eye(-1)).toThrow(ArgumentError);
    expect(() => arange(0, 5, 0)).toThrow(ArgumentError);
    expect(() => arange(5, 0, 1)).toThrow(ArgumentError);
    expect(() => linspace(0, 1, -1)).toThrow(ArgumentError);
    expect(() => randint(3, 3, [2])).toThrow(ArgumentError);
    expect(() => randperm(-2)).toThrow(ArgumentError);
  });
});
