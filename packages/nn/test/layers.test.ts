import { describe, expect, it } from 'vitest';
import { Generator, manualSeed, noGrad, randn, tensor, type Tensor } from '@gradstack/core';
import {
  AvgPool2d, BatchNorm1d, BatchNorm2d, Bilinear, Conv2d, Dropout, Embedding, Flatten, GELU, Identity, LayerNorm, LeakyReLU, Linear,
  LogSoftmax, MaxPool2d, MultiheadAttention, ReLU, SiLU, Sigmoid, Softmax, Softplus, Tanh, Unflatten, functional as F,
} from '../src/index.js';

const arr = (t: Tensor): number[] => Array.from(t.data());
const stats = (xs: number[]) => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
  return { mean, std: Math.sqrt(variance), min: Math.min(...xs), max: Math.max(...xs) };
};

describe('output shapes', () => {
  it('each layer maps its input to the documented shape', () => {
    const x = randn([2, 3, 8, 8]);
    expect(new Linear(5, 7).forward(randn([4, 5])).shape).toEqual([4, 7]);
    expect(new Linear(5, 7).forward(randn([2, 3, 5])).shape).toEqual([2, 3, 7]);
    expect(new Bilinear(3, 4, 5).forward(randn([6, 3]), randn([6, 4])).shape).toEqual([6, 5]);
    expect(new Identity().forward(x)).toBe(x);
    expect(new Flatten().forward(x).shape).toEqual([2, 192]);
    expect(new Unflatten(1, [3, 64]).forward(randn([2, 192])).shape).toEqual([2, 3, 64]);
    expect(new Conv2d(3, 6, 3).forward(x).shape).toEqual([2, 6, 6, 6]);
    expect(new Conv2d(3, 6, 3, { padding: 1, stride: 2 }).forward(x).shape).toEqual([2, 6, 4, 4]);
    expect(new Conv2d(3, 6, [3, 5], { padding: 'same', dilation: 2, groups: 3 }).forward(x).shape).toEqual([2, 6, 8, 8]);
    expect(new Conv2d(3, 4, 3).forward(randn([3, 8, 8])).shape).toEqual([4, 6, 6]);
    expect(new MaxPool2d(2).forward(x).shape).toEqual([2, 3, 4, 4]);
    expect(new MaxPool2d(3, { stride: 2, padding: 1, ceilMode: true }).forward(x).shape).toEqual([2, 3, 5, 5]);
    expect(new AvgPool2d(2, { stride: 1 }).forward(x).shape).toEqual([2, 3, 7, 7]);
    expect(new BatchNorm1d(3).forward(randn([4, 3])).shape).toEqual([4, 3]);
    expect(new BatchNorm1d(3).forward(randn([4, 3, 5])).shape).toEqual([4, 3, 5]);
    expect(new BatchNorm2d(3).forward(x).shape).toEqual([2, 3, 8, 8]);
    expect(new LayerNorm([8, 8]).forward(x).shape).toEqual([2, 3, 8, 8]);
    expect(new Embedding(10, 4).forward(tensor([[1, 2, 3]], { dtype: 'int32' })).shape).toEqual([1, 3, 4]);
    for (const act of [new ReLU(), new LeakyReLU(0.2), new GELU(), new SiLU(), new Sigmoid(), new Tanh(), new Softplus(), new Softmax(1), new LogSoftmax(1)]) {
      expect(act.forward(x).shape).toEqual(x.shape);
    }
    const mha = new MultiheadAttention(8, 2);
    const [out, w] = mha.forward(randn([5, 3, 8]), randn([7, 3, 8]), randn([7, 3, 8]));
    expect(out.shape).toEqual([5, 3, 8]);
    expect(w!.shape).toEqual([3, 5, 7]);
  });
});

describe('default initialisation', () => {
  it('Linear: weight and bias uniform within ±1/√fanIn (kaiming-uniform with a = √5)', () => {
    manualSeed(0);
    const lin = new Linear(400, 300);
    const bound = 1 / Math.sqrt(400);
    const w = stats(arr(lin.weight));
    expect(w.min).toBeGreaterThanOrEqual(-bound);
    expect(w.max).toBeLessThanOrEqual(bound);
    expect(w.max).toBeGreaterThan(bound * 0.99);
    expect(Math.abs(w.mean)).toBeLessThan(bound * 0.01);
    expect(w.std).toBeCloseTo(bound / Math.sqrt(3), 3); // std of U(−b, b) is b/√3
    const b = stats(arr(lin.bias!));
    expect(b.min).toBeGreaterThanOrEqual(-bound);
    expect(b.max).toBeLessThanOrEqual(bound);
  });

  it('Conv2d uses fanIn = inChannels/groups · kh · kw', () => {
    const conv = new Conv2d(16, 32, 3, { groups: 2 });
    const bound = 1 / Math.sqrt(8 * 9);
    const w = stats(arr(conv.weight));
    expect(conv.weight.shape).toEqual([32, 8, 3, 3]);
    expect(w.max).toBeLessThanOrEqual(bound);
    expect(w.max).toBeGreaterThan(bound * 0.95);
    expect(stats(arr(conv.bias!)).max).toBeLessThanOrEqual(bound);
  });

  it('Embedding is N(0, 1) with a zero padding row; BatchNorm and LayerNorm start at identity', () => {
    const e = new Embedding(2000, 16, { paddingIdx: 3 });
    const s = stats(arr(e.weight));
    expect(s.mean).toBeCloseTo(0, 1);
    expect(s.std).toBeCloseTo(1, 1);
    expect(arr(e.weight.narrow(0, 3, 1))).toEqual(new Array(16).fill(0));
    const bn = new BatchNorm1d(4);
    expect(arr(bn.weight!)).toEqual([1, 1, 1, 1]);
    expect(arr(bn.bias!)).toEqual([0, 0, 0, 0]);
    expect(arr(bn.runningMean!)).toEqual([0, 0, 0, 0]);
    expect(arr(bn.runningVar!)).toEqual([1, 1, 1, 1]);
    const ln = new LayerNorm(4);
    expect(arr(ln.weight!)).toEqual([1, 1, 1, 1]);
    expect(arr(ln.bias!)).toEqual([0, 0, 0, 0]);
  });

  it('manualSeed makes model init reproducible', () => {
    manualSeed(42);
    const a = new Linear(5, 5);
    manualSeed(42);
    const b = new Linear(5, 5);
    expect(arr(a.weight)).toEqual(arr(b.weight));
    expect(arr(a.bias!)).toEqual(arr(b.bias!));
  });
});

describe('Dropout', () => {
  it('zeroes about p of the elements and scales the rest by 1/(1−p) in training', () => {
    const d = new Dropout(0.3, { generator: new Generator(1) });
    const y = arr(d.forward(tensor(new Float32Array(20000).fill(1))));
    const zeros = y.filter((v) => v === 0).length / y.length;
    expect(zeros).toBeGreaterThan(0.28);
    expect(zeros).toBeLessThan(0.32);
    expect(y.filter((v) => v !== 0).every((v) => Math.abs(v - 1 / 0.7) < 1e-6)).toBe(true);
  });

  it('is the identity in eval mode and with p = 0', () => {
    const x = randn([10, 10]);
    const d = new Dropout(0.5);
    d.eval();
    expect(d.forward(x)).toBe(x);
    expect(new Dropout(0).forward(x)).toBe(x);
  });

  it('is reproducible with a seeded generator', () => {
    const x = randn([100]);
    const a = arr(new Dropout(0.5, new Generator(7)).forward(x));
    const b = arr(new Dropout(0.5, new Generator(7)).forward(x));
    expect(a).toEqual(b);
  });

  it('gradient flows only through kept elements', () => {
    const x = randn([50], { requiresGrad: true });
    const y = new Dropout(0.5, new Generator(3)).forward(x);
    y.sum().backward();
    const g = arr(x.grad!);
    arr(y).forEach((v, i) => expect(g[i]).toBeCloseTo(v === 0 ? 0 : 2, 5));
  });
});

describe('BatchNorm', () => {
  it('normalises with batch statistics in training and updates running stats with momentum', () => {
    const bn = new BatchNorm1d(2, { momentum: 0.1 });
    const x = tensor([[1, 10], [3, 20], [5, 60]]);
    const y = arr(bn.forward(x));
    // column 0: mean 3, biased var 8/3
    const inv0 = 1 / Math.sqrt(8 / 3 + 1e-5);
    expect(y[0]).toBeCloseTo(-2 * inv0, 5);
    expect(y[2]).toBeCloseTo(0, 5);
    expect(y[4]).toBeCloseTo(2 * inv0, 5);
    // running_mean = 0.9·0 + 0.1·mean; running_var = 0.9·1 + 0.1·unbiased var
    expect(arr(bn.runningMean!)[0]).toBeCloseTo(0.3, 6);
    expect(arr(bn.runningMean!)[1]).toBeCloseTo(3, 5);
    expect(arr(bn.runningVar!)[0]).toBeCloseTo(0.9 + 0.1 * 4, 5);
    expect(arr(bn.runningVar!)[1]).toBeCloseTo(0.9 + 0.1 * 700, 3);
    expect(bn.numBatchesTracked!.item()).toBe(1);
  });

  it('uses the running statistics in eval mode and leaves them untouched', () => {
    const bn = new BatchNorm1d(2);
    noGrad(() => {
      bn.runningMean!.copy_(tensor([1, 2]));
      bn.runningVar!.copy_(tensor([4, 9]));
    });
    bn.eval();
    const y = arr(bn.forward(tensor([[3, 5]])));
    expect(y[0]).toBeCloseTo(2 / Math.sqrt(4 + 1e-5), 5);
    expect(y[1]).toBeCloseTo(3 / Math.sqrt(9 + 1e-5), 5);
    expect(arr(bn.runningMean!)).toEqual([1, 2]);
    expect(bn.numBatchesTracked!.item()).toBe(0);
  });

  it('momentum null keeps a cumulative average; trackRunningStats false always uses batch stats', () => {
    const bn = new BatchNorm1d(1, { momentum: null });
    bn.forward(tensor([[0], [2]]));
    bn.forward(tensor([[4], [6]]));
    expect(arr(bn.runningMean!)[0]).toBeCloseTo(3, 5); // mean of the batch means 1 and 5
    const free = new BatchNorm1d(1, { trackRunningStats: false, affine: false });
    expect(free.runningMean).toBeNull();
    expect(free.parameters()).toHaveLength(0);
    free.eval();
    expect(arr(free.forward(tensor([[1], [3]]))).map((v) => Math.round(v * 1e4) / 1e4)).toEqual([-1, 1]);
  });
});

describe('LayerNorm and Embedding', () => {
  it('LayerNorm gives zero mean and unit (biased) variance over the normalised dims', () => {
    const y = arr(new LayerNorm(4).forward(tensor([[1, 2, 3, 4], [10, 0, 10, 0]])));
    const s = stats(y.slice(0, 4));
    expect(s.mean).toBeCloseTo(0, 5);
    expect(s.std).toBeCloseTo(Math.sqrt(1.25 / (1.25 + 1e-5)), 4);
    y.slice(4).forEach((v, i) => expect(v).toBeCloseTo((i % 2 === 0 ? 1 : -1) * Math.sqrt(25 / (25 + 1e-5)), 6));
  });

  it('Embedding looks up rows and gives the padding row no gradient', () => {
    const e = new Embedding(5, 2, { paddingIdx: 0 });
    const idx = tensor([0, 2, 2, 4], { dtype: 'int32' });
    const y = e.forward(idx);
    expect(arr(y).slice(2, 4)).toEqual(arr(e.weight.narrow(0, 2, 1)));
    y.sum().backward();
    expect(arr(e.weight.grad!)).toEqual([0, 0, 0, 0, 2, 2, 0, 0, 1, 1]);
  });
});

/** Direct loops: an independent reference for conv2d and pooling. */
function naiveConv(x: number[][][][], w: number[][][][], b: number[] | null, s: number, p: number, d: number, groups: number): number[] {
  const N = x.length, C = x[0].length, H = x[0][0].length, W = x[0][0][0].length;
  const O = w.length, Cg = w[0].length, kh = w[0][0].length, kw = w[0][0][0].length;
  const OH = Math.floor((H + 2 * p - d * (kh - 1) - 1) / s) + 1;
  const OW = Math.floor((W + 2 * p - d * (kw - 1) - 1) / s) + 1;
  const out: number[] = [];
  for (let n = 0; n < N; n++) for (let o = 0; o < O; o++) for (let i = 0; i < OH; i++) for (let j = 0; j < OW; j++) {
    let acc = b ? b[o] : 0;
    const g = Math.floor(o / (O / groups));
    for (let c = 0; c < Cg; c++) for (let a = 0; a < kh; a++) for (let bb = 0; bb < kw; bb++) {
      const h = i * s - p + a * d, ww = j * s - p + bb * d;
      if (h >= 0 && h < H && ww >= 0 && ww < W) acc += x[n][g * Cg + c][h][ww] * w[o][c][a][bb];
    }
    out.push(acc);
  }
  return out;
}

describe('Conv2d and pooling against direct loops', () => {
  it.each([
    [1, 0, 1, 1], [2, 1, 1, 1], [1, 2, 2, 1], [2, 1, 1, 2], [1, 1, 1, 4],
  ])('stride %i padding %i dilation %i groups %i', (s, p, d, g) => {
    const x = randn([2, 4, 7, 6], { dtype: 'float64' });
    const w = randn([4, 4 / g, 3, 2], { dtype: 'float64' });
    const b = randn([4], { dtype: 'float64' });
    const y = F.conv2d(x, w, b, { stride: s, padding: p, dilation: d, groups: g });
    const ref = naiveConv(x.toArray() as number[][][][], w.toArray() as number[][][][], arr(b), s, p, d, g);
    expect(arr(y).length).toBe(ref.length);
    arr(y).forEach((v, i) => expect(v).toBeCloseTo(ref[i], 10));
  });

  it('maxPool2d and avgPool2d (with padding) match direct loops', () => {
    const x = randn([1, 2, 5, 5], { dtype: 'float64' });
    const xs = x.toArray() as number[][][][];
    const mp = arr(F.maxPool2d(x, 3, { stride: 2, padding: 1 }));
    const ap = arr(F.avgPool2d(x, 3, { stride: 2, padding: 1 }));
    const apNoPad = arr(F.avgPool2d(x, 3, { stride: 2, padding: 1, countIncludePad: false }));
    let k = 0;
    for (let c = 0; c < 2; c++) for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++, k++) {
      let m = -Infinity, s = 0, n = 0;
      for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) {
        const h = 2 * i - 1 + a, w = 2 * j - 1 + b;
        if (h >= 0 && h < 5 && w >= 0 && w < 5) { m = Math.max(m, xs[0][c][h][w]); s += xs[0][c][h][w]; n++; }
      }
      expect(mp[k]).toBeCloseTo(m, 12);
      expect(ap[k]).toBeCloseTo(s / 9, 12);
      expect(apNoPad[k]).toBeCloseTo(s / n, 12);
    }
  });

  it('maxPool2d returns PyTorch-style flat indices and routes the gradient to the maximum', () => {
    const x = tensor([[[[1, 5, 2, 0], [3, 4, 8, 1], [0, 0, 1, 1], [9, 0, 1, 2]]]], { requiresGrad: true });
    const [v, idx] = new MaxPool2d(2, { returnIndices: true }).forward(x);
    expect(arr(v)).toEqual([5, 8, 9, 2]);
    expect(arr(idx)).toEqual([1, 6, 12, 15]);
    v.sum().backward();
    expect(arr(x.grad!)).toEqual([0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 1]);
  });
});

describe('MultiheadAttention', () => {
  it('matches a hand-written single-head computation and averages weights over heads', () => {
    const E = 4;
    const mha = new MultiheadAttention(E, 1, { batchFirst: true });
    const x = randn([1, 3, E]);
    const [out, w] = mha.forward(x, x, x);
    const W = mha.in_proj_weight;
    const q = x.matmul(W.narrow(0, 0, E).t());
    const k = x.matmul(W.narrow(0, E, E).t());
    const v = x.matmul(W.narrow(0, 2 * E, E).t());
    const attn = q.matmul(k.transpose(1, 2)).div(2).softmax(-1);
    const ref = mha.out_proj.forward(attn.matmul(v));
    arr(out).forEach((val, i) => expect(val).toBeCloseTo(arr(ref)[i], 5));
    arr(w!).forEach((val, i) => expect(val).toBeCloseTo(arr(attn)[i], 5));
    expect(Object.keys(mha.stateDict())).toEqual(['in_proj_weight', 'in_proj_bias', 'out_proj.weight', 'out_proj.bias']);
  });

  it('masks keys: causal masks and key padding give zero weight', () => {
    const mha = new MultiheadAttention(6, 3);
    const x = randn([4, 2, 6]);
    const [, w] = mha.forward(x, x, x, { isCausal: true, keyPaddingMask: tensor([[0, 0, 0, 1], [0, 0, 0, 0]], { dtype: 'int32' }) });
    const ws = w!.toArray() as number[][][];
    for (let n = 0; n < 2; n++) for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) {
      if (j > i || (n === 0 && j === 3)) expect(ws[n][i][j]).toBe(0);
    }
  });
});
