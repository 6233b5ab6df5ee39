import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { tensor, type Tensor } from '@gradstack/core';
import {
  BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, HuberLoss, KLDivLoss, L1Loss, MSELoss, NLLLoss, SmoothL1Loss, functional as F,
} from '../src/index.js';

const arr = (t: Tensor): number[] => Array.from(t.data());
const f64 = (data: number[] | number[][], requiresGrad = false) => tensor(data, { dtype: 'float64', requiresGrad });
const int = (data: number[]) => tensor(data, { dtype: 'int32' });

/** log-softmax of one row, in plain JS (the reference). */
const logSoftmaxRow = (row: number[]) => {
  const m = Math.max(...row);
  const lse = m + Math.log(row.reduce((a, v) => a + Math.exp(v - m), 0));
  return row.map((v) => v - lse);
};

describe('regression losses against their formulas', () => {
  const x = [0.5, -1, 3, 2];
  const y = [0, 1, 0.5, 2.25];
  const d = x.map((v, i) => v - y[i]);
  const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;

  it('MSELoss and L1Loss, every reduction', () => {
    expect(new MSELoss().forward(f64(x), f64(y)).item()).toBeCloseTo(mean(d.map((v) => v * v)), 12);
    expect(new MSELoss({ reduction: 'sum' }).forward(f64(x), f64(y)).item()).toBeCloseTo(d.reduce((s, v) => s + v * v, 0), 12);
    expect(arr(new MSELoss({ reduction: 'none' }).forward(f64(x), f64(y)))).toEqual(d.map((v) => v * v));
    expect(new L1Loss().forward(f64(x), f64(y)).item()).toBeCloseTo(mean(d.map(Math.abs)), 12);
  });

  it('HuberLoss and SmoothL1Loss switch from quadratic to linear at delta / beta', () => {
    const huber = (v: number, delta: number) => (Math.abs(v) < delta ? 0.5 * v * v : delta * (Math.abs(v) - 0.5 * delta));
    const smooth = (v: number, beta: number) => (Math.abs(v) < beta ? (0.5 * v * v) / beta : Math.abs(v) - 0.5 * beta);
    for (const delta of [1, 0.7, 2]) {
      expect(new HuberLoss({ delta }).forward(f64(x), f64(y)).item()).toBeCloseTo(mean(d.map((v) => huber(v, delta))), 12);
      expect(new SmoothL1Loss({ beta: delta }).forward(f64(x), f64(y)).item()).toBeCloseTo(mean(d.map((v) => smooth(v, delta))), 12);
    }
    expect(new SmoothL1Loss({ beta: 0 }).forward(f64(x), f64(y)).item()).toBeCloseTo(mean(d.map(Math.abs)), 12);
  });

  it('rejects mismatched shapes and bad reductions', () => {
    expect(() => F.mseLoss(f64([[1, 2]]), f64([1, 2]))).toThrow(/same as input size/);
    expect(() => new MSELoss({ reduction: 'avg' as 'mean' })).toThrow(/reduction/);
  });
});

describe('CrossEntropyLoss and NLLLoss against the documented formulas', () => {
  const logits = [[1, 2, 3], [1, 1, 1], [0.5, -2, 4]];
  const targets = [0, 1, 2];
  const lp = logits.map(logSoftmaxRow);

  it('class-index targets: mean of −log softmax at the target', () => {
    const expected = -(lp[0][0] + lp[1][1] + lp[2][2]) / 3;
    expect(new CrossEntropyLoss().forward(f64(logits), int(targets)).item()).toBeCloseTo(expected, 12);
    expect(new CrossEntropyLoss().forward(f64([1, 2, 3]), tensor(2, { dtype: 'int32' })).item()).toBeCloseTo(-lp[0][2], 12);
    expect(arr(new CrossEntropyLoss({ reduction: 'none' }).forward(f64(logits), int(targets)))).toEqual(
      [-lp[0][0], -lp[1][1], -lp[2][2]].map((v) => expect.closeTo(v, 12)),
    );
    expect(new NLLLoss().forward(f64(lp), int(targets)).item()).toBeCloseTo(expected, 12);
  });

  it('class weights: mean divides by the summed weights of the targets', () => {
    const w = [1, 2, 3];
    const expected = -(1 * lp[0][0] + 2 * lp[1][1] + 3 * lp[2][2]) / 6;
    expect(new CrossEntropyLoss({ weight: f64(w) }).forward(f64(logits), int(targets)).item()).toBeCloseTo(expected, 12);
    expect(new CrossEntropyLoss({ weight: f64(w) }).stateDict().weight).toBeDefined();
  });

  it('ignoreIndex drops targets from both the sum and the count', () => {
    const expected = -(lp[0][0] + lp[2][2]) / 2;
    expect(new CrossEntropyLoss().forward(f64(logits), int([0, -100, 2])).item()).toBeCloseTo(expected, 12);
    expect(new CrossEntropyLoss({ ignoreIndex: 1 }).forward(f64(logits), int([0, 1, 2])).item()).toBeCloseTo(expected, 12);
    expect(arr(new CrossEntropyLoss({ reduction: 'none' }).forward(f64(logits), int([0, -100, 2])))[1]).toBe(0);
    expect(Number.isNaN(new CrossEntropyLoss().forward(f64(logits), int([-100, -100, -100])).item())).toBe(true);
  });

  it('label smoothing: (1 − ε)·nll + ε/C·Σ −logp, weighted and with ignored targets', () => {
    const eps = 0.1;
    const C = 3;
    const nll = -(lp[0][0] + lp[1][1] + lp[2][2]) / 3;
    const smooth = lp.map((r) => -r.reduce((a, v) => a + v, 0)).reduce((a, v) => a + v, 0) / 3;
    expect(new CrossEntropyLoss({ labelSmoothing: eps }).forward(f64(logits), int(targets)).item()).toBeCloseTo((1 - eps) * nll + (eps / C) * smooth, 12);
    // weighted + ignored (PyTorch's cross_entropy_loss_label_smoothing)
    const w = [0.5, 1, 2];
    const kept = [0, 2];
    const wsum = kept.reduce((a, i) => a + w[targets[i]], 0);
    const nllW = -kept.reduce((a, i) => a + w[targets[i]] * lp[i][targets[i]], 0) / wsum;
    const smoothW = kept.reduce((a, i) => a - lp[i].reduce((s, v, c) => s + w[c] * v, 0), 0) / wsum;
    const got = F.crossEntropy(f64(logits), int([0, -100, 2]), { weight: f64(w), labelSmoothing: eps }).item();
    expect(got).toBeCloseTo((1 - eps) * nllW + (eps / C) * smoothW, 12);
  });

  it('probability targets (and their label smoothing)', () => {
    const p = [[0.2, 0.3, 0.5], [1, 0, 0], [0.25, 0.25, 0.5]];
    const ce = (q: number[][]) => q.map((r, i) => -r.reduce((a, v, c) => a + v * lp[i][c], 0)).reduce((a, v) => a + v, 0) / 3;
    expect(new CrossEntropyLoss().forward(f64(logits), f64(p)).item()).toBeCloseTo(ce(p), 12);
    const sm = p.map((r) => r.map((v) => v * 0.8 + 0.2 / 3));
    expect(new CrossEntropyLoss({ labelSmoothing: 0.2 }).forward(f64(logits), f64(p)).item()).toBeCloseTo(ce(sm), 12);
  });

  it('spatial inputs [N, C, d] take targets [N, d]', () => {
    const x = tensor([[[1, 0], [2, 0], [3, 5]]], { dtype: 'float64' }); // N=1, C=3, d=2
    const got = F.crossEntropy(x, tensor([[2, 2]], { dtype: 'int32' })).item();
    const expected = -(logSoftmaxRow([1, 2, 3])[2] + logSoftmaxRow([0, 0, 5])[2]) / 2;
    expect(got).toBeCloseTo(expected, 12);
  });

  it('reports out-of-range targets and float class indices', () => {
    expect(() => F.crossEntropy(f64(logits), int([0, 3, 1]))).toThrow(/out of bounds/);
    expect(() => F.crossEntropy(f64(logits), f64([0, 1, 2]))).toThrow(/int32/);
  });
});

describe('binary and KL losses against the documented formulas', () => {
  const p = [0.1, 0.9, 0.5, 0.999];
  const y = [0, 1, 1, 0];
  const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
  const bce = (pi: number, yi: number) => -(yi * Math.max(Math.log(pi), -100) + (1 - yi) * Math.max(Math.log(1 - pi), -100));

  it('BCELoss, weighted, with logs clamped at −100', () => {
    expect(new BCELoss().forward(f64(p), f64(y)).item()).toBeCloseTo(mean(p.map((v, i) => bce(v, y[i]))), 12);
    const w = [1, 2, 3, 4];
    expect(new BCELoss({ weight: f64(w), reduction: 'sum' }).forward(f64(p), f64(y)).item()).toBeCloseTo(p.reduce((s, v, i) => s + w[i] * bce(v, y[i]), 0), 10);
    expect(new BCELoss().forward(f64([0, 1]), f64([1, 0])).item()).toBe(100);
    expect(() => new BCELoss().forward(f64([1.5]), f64([1]))).toThrow(/between 0 and 1/);
  });

  it('BCEWithLogitsLoss equals BCE of the sigmoid; posWeight scales the positive term', () => {
    const z = [-2, 0.3, 4, -0.7];
    const sig = (v: number) => 1 / (1 + Math.exp(-v));
    expect(new BCEWithLogitsLoss().forward(f64(z), f64(y)).item()).toBeCloseTo(mean(z.map((v, i) => bce(sig(v), y[i]))), 12);
    const pw = 3;
    const expected = mean(z.map((v, i) => -(pw * y[i] * Math.log(sig(v)) + (1 - y[i]) * Math.log(1 - sig(v)))));
    expect(new BCEWithLogitsLoss({ posWeight: f64([pw]) }).forward(f64(z), f64(y)).item()).toBeCloseTo(expected, 12);
    expect(Object.keys(new BCEWithLogitsLoss({ posWeight: f64([pw]) }).stateDict())).toEqual(['pos_weight']);
  });

  it('KLDivLoss: Σ y(log y − x), with 0·log 0 = 0, every reduction', () => {
    const logq = [[Math.log(0.2), Math.log(0.8)], [Math.log(0.5), Math.log(0.5)]];
    const t = [[0, 1], [0.3, 0.7]];
    const terms = t.flatMap((r, i) => r.map((v, j) => (v > 0 ? v * (Math.log(v) - logq[i][j]) : 0)));
    const sum = terms.reduce((a, v) => a + v, 0);
    expect(new KLDivLoss({ reduction: 'sum' }).forward(f64(logq), f64(t)).item()).toBeCloseTo(sum, 12);
    expect(new KLDivLoss({ reduction: 'batchmean' }).forward(f64(logq), f64(t)).item()).toBeCloseTo(sum / 2, 12);
    expect(new KLDivLoss().forward(f64(logq), f64(t)).item()).toBeCloseTo(sum / 4, 12);
    // logTarget: exp(t)·(t − x); as in PyTorch a zero probability (t = −∞) would give NaN, so none here.
    const t2 = [[0.1, 0.9], [0.3, 0.7]];
    const sum2 = t2.flatMap((r, i) => r.map((v, j) => v * (Math.log(v) - logq[i][j]))).reduce((a, v) => a + v, 0);
    const logT = t2.map((r) => r.map((v) => Math.log(v)));
    expect(new KLDivLoss({ reduction: 'sum', logTarget: true }).forward(f64(logq), f64(logT)).item()).toBeCloseTo(sum2, 12);
  });
});

describe('numerical stability at extreme logits (property)', () => {
  const finite = (t: Tensor) => arr(t).every(Number.isFinite);
  const extreme = fc.array(fc.constantFrom(1e4, -1e4, 0, 3), { minLength: 6, maxLength: 6 });

  it('every loss gives a finite value and gradient for ±1e4 logits', () => {
    fc.assert(
      fc.property(extreme, fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 2, maxLength: 2 }), fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }), (vals, cls, bits) => {
        const target01 = tensor(bits.map(Number));
        const cases: [string, (z: Tensor) => Tensor][] = [
          ['crossEntropy', (z) => F.crossEntropy(z.reshape([2, 3]), int(cls))],
          ['crossEntropy smoothed+weighted', (z) => F.crossEntropy(z.reshape([2, 3]), int(cls), { labelSmoothing: 0.1, weight: tensor([1, 2, 3]) })],
          ['crossEntropy probs', (z) => F.crossEntropy(z.reshape([2, 3]), tensor([[0.2, 0.3, 0.5], [1, 0, 0]]))],
          ['nllLoss', (z) => F.nllLoss(z.reshape([2, 3]).logSoftmax(1), int(cls))],
          ['bceWithLogits', (z) => F.binaryCrossEntropyWithLogits(z, target01, { posWeight: tensor([2]) })],
          ['bce', (z) => F.binaryCrossEntropy(z.sigmoid(), target01)],
          ['klDiv', (z) => F.klDiv(z.reshape([2, 3]).logSoftmax(1), tensor([[0.2, 0.3, 0.5], [1, 0, 0]]), { reduction: 'batchmean' })],
          ['mse', (z) => F.mseLoss(z, target01)],
          ['l1', (z) => F.l1Loss(z, target01)],
          ['huber', (z) => F.huberLoss(z, target01)],
          ['smoothL1', (z) => F.smoothL1Loss(z, target01)],
        ];
        for (const [name, loss] of cases) {
          const z = tensor(vals, { requiresGrad: true });
          const l = loss(z);
          l.backward();
          if (!finite(l) || !finite(z.grad!)) throw new Error(`${name} is not finite for logits ${vals}: loss ${l.item()}, grad ${arr(z.grad!)}`);
        }
      }),
      { numRuns: 40 },
    );
  });
});
