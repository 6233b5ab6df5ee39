import { describe, expect, it } from 'vitest';
import { Generator, empty, manualSeed, randn, tensor, zeros, type Tensor } from '@gradstack/core';
import { Linear, Parameter, Sequential, ReLU, init, utils } from '../src/index.js';

const arr = (t: Tensor): number[] => Array.from(t.data());
const stats = (xs: number[]) => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return { mean, std: Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length), min: Math.min(...xs), max: Math.max(...xs) };
};

describe('nn.init', () => {
  it('calculateGain follows torch.nn.init.calculate_gain', () => {
    expect(init.calculateGain('linear')).toBe(1);
    expect(init.calculateGain('sigmoid')).toBe(1);
    expect(init.calculateGain('tanh')).toBeCloseTo(5 / 3, 12);
    expect(init.calculateGain('relu')).toBeCloseTo(Math.SQRT2, 12);
    expect(init.calculateGain('leaky_relu')).toBeCloseTo(Math.sqrt(2 / (1 + 0.01 ** 2)), 12);
    expect(init.calculateGain('leaky_relu', Math.sqrt(5))).toBeCloseTo(Math.sqrt(1 / 3), 12);
    expect(init.calculateGain('selu')).toBe(0.75);
  });

  it('uniform_, normal_, constant_, zeros_, ones_', () => {
    const t = empty([200, 100]);
    const u = stats(arr(init.uniform_(t, -2, 3)));
    expect(u.min).toBeGreaterThanOrEqual(-2);
    expect(u.max).toBeLessThan(3);
    expect(u.mean).toBeCloseTo(0.5, 1);
    const n = stats(arr(init.normal_(t, 1, 0.5)));
    expect(n.mean).toBeCloseTo(1, 1);
    expect(n.std).toBeCloseTo(0.5, 1);
    expect(arr(init.constant_(zeros([3]), 2.5))).toEqual([2.5, 2.5, 2.5]);
    expect(arr(init.ones_(zeros([2])))).toEqual([1, 1]);
    expect(arr(init.zeros_(tensor([1, 2])))).toEqual([0, 0]);
  });

  it('xavier and kaiming draws have the documented spread', () => {
    const w = empty([300, 200]);
    const xb = Math.sqrt(6 / 500);
    const xu = stats(arr(init.xavierUniform_(w)));
    expect(xu.max).toBeLessThanOrEqual(xb);
    expect(xu.std).toBeCloseTo(xb / Math.sqrt(3), 3);
    expect(stats(arr(init.xavierNormal_(w, 2))).std).toBeCloseTo(2 * Math.sqrt(2 / 500), 3);
    const ku = stats(arr(init.kaimingUniform_(w, { nonlinearity: 'relu' })));
    expect(ku.max).toBeLessThanOrEqual(Math.sqrt(6 / 200));
    expect(ku.std).toBeCloseTo(Math.sqrt(2 / 200), 3);
    expect(stats(arr(init.kaimingNormal_(w, 0, 'fan_out', 'relu'))).std).toBeCloseTo(Math.sqrt(2 / 300), 3);
    const conv = empty([8, 4, 3, 3]);
    expect(init.calculateFanInAndFanOut(conv)).toEqual([36, 72]);
    expect(() => init.xavierUniform_(empty([5]))).toThrow(/fewer than 2 dims/);
  });

  it('orthogonal_ gives orthonormal rows (wide) or columns (tall), times gain', () => {
    for (const shape of [[4, 6], [6, 4], [3, 2, 2]]) {
      const q = init.orthogonal_(empty(shape, { dtype: 'float64' }), 2);
      const m = q.reshape([shape[0], -1]);
      const gram = m.shape[0] <= m.shape[1] ? m.matmul(m.t()) : m.t().matmul(m);
      const k = gram.shape[0];
      const g = gram.toArray() as number[][];
      for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) expect(g[i][j]).toBeCloseTo(i === j ? 4 : 0, 10);
    }
  });

  it('is reproducible with manualSeed and with an explicit generator', () => {
    manualSeed(3);
    const a = arr(init.kaimingUniform_(empty([4, 4]), Math.sqrt(5)));
    manualSeed(3);
    const b = arr(init.kaimingUniform_(empty([4, 4]), Math.sqrt(5)));
    expect(a).toEqual(b);
    const c = arr(init.xavierUniform_(empty([4, 4]), { generator: new Generator(9) }));
    const d = arr(init.xavierUniform_(empty([4, 4]), { generator: new Generator(9) }));
    expect(c).toEqual(d);
  });

  it('works on parameters without recording a graph', () => {
    const p = new Parameter(zeros([3, 3]));
    init.xavierUniform_(p);
    expect(p.isLeaf).toBe(true);
    expect(p.requiresGrad).toBe(true);
  });
});

describe('nn.utils', () => {
  const withGrads = (grads: number[][]) =>
    grads.map((g) => {
      const p = new Parameter(zeros([g.length]));
      p.grad = tensor(g);
      return p;
    });

  it('clipGradNorm_ returns the total norm and scales gradients to maxNorm', () => {
    const ps = withGrads([[3, 0], [0, 4]]); // total 2-norm 5
    const total = utils.clipGradNorm_(ps, 1);
    expect(total.item()).toBeCloseTo(5, 6);
    const coef = 1 / (5 + 1e-6);
    expect(arr(ps[0].grad!)[0]).toBeCloseTo(3 * coef, 6);
    expect(arr(ps[1].grad!)[1]).toBeCloseTo(4 * coef, 6);
    // below the limit: untouched
    const small = withGrads([[0.3, 0.4]]);
    expect(utils.clipGradNorm_(small, 1).item()).toBeCloseTo(0.5, 6);
    expect(arr(small[0].grad!)).toEqual([Math.fround(0.3), Math.fround(0.4)]);
  });

  it('clipGradNorm_ supports other norms and errorIfNonfinite', () => {
    expect(utils.clipGradNorm_(withGrads([[3, -7], [2]]), 100, Infinity).item()).toBe(7);
    expect(utils.clipGradNorm_(withGrads([[3, -7], [2]]), 100, 1).item()).toBe(12);
    expect(utils.clipGradNorm_(withGrads([[3, -7], [2]]), 100, 'inf').item()).toBe(7);
    expect(() => utils.clipGradNorm_(withGrads([[Infinity, 1]]), 1, 2, { errorIfNonfinite: true })).toThrow(/non-finite|Infinity/);
    expect(utils.clipGradNorm_([new Parameter(zeros([2]))], 1).item()).toBe(0);
  });

  it('clipGradNorm_ on a model after backward', () => {
    const model = new Sequential(new Linear(3, 4), new ReLU(), new Linear(4, 1));
    model.forward(randn([8, 3])).pow(2).sum().mul(100).backward();
    utils.clipGradNorm_(model.parameters(), 0.5);
    const norm = Math.sqrt(model.parameters().reduce((s, p) => s + arr(p.grad!).reduce((a, v) => a + v * v, 0), 0));
    expect(norm).toBeLessThanOrEqual(0.5 + 1e-4);
  });

  it('clipGradValue_ clamps every element', () => {
    const ps = withGrads([[-3, 0.2, 5]]);
    utils.clipGradValue_(ps, 1);
    expect(arr(ps[0].grad!)).toEqual([-1, Math.fround(0.2), 1]);
  });

  it('parametersToVector and vectorToParameters are inverse', () => {
    const model = new Linear(3, 2);
    const v = utils.parametersToVector(model.parameters());
    expect(v.shape).toEqual([8]);
    expect(arr(v)).toEqual([...arr(model.weight), ...arr(model.bias!)]);
    utils.vectorToParameters(tensor([1, 2, 3, 4, 5, 6, 7, 8]), model.parameters());
    expect(arr(model.weight)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(arr(model.bias!)).toEqual([7, 8]);
    expect(() => utils.vectorToParameters(tensor([1, 2]), model.parameters())).toThrow(/8/);
  });
});
