/** Gradient property tests: every layer and loss against central finite differences (core's gradcheck, float64). */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Generator, gradcheck, manualSeed, rand, randn, tensor, type Tensor } from '@gradstack/core';
import {
  AvgPool2d, BatchNorm1d, BatchNorm2d, Bilinear, Conv2d, ELU, Embedding, GELU, LayerNorm, LeakyReLU, Linear, LogSoftmax, MaxPool2d,
  Mish, Module, MultiheadAttention, SiLU, Sigmoid, Softmax, Softplus, Tanh, functional as F,
} from '../src/index.js';

const f64 = (shape: number[], requiresGrad = true) => randn(shape, { dtype: 'float64', requiresGrad });

/** gradcheck of a module w.r.t. its input and every parameter (in float64). */
function checkModule(m: Module, inputs: Tensor[], call: (...xs: Tensor[]) => Tensor = (...xs) => m.forward(...xs) as Tensor): void {
  m.double();
  const params = m.parameters();
  const n = inputs.length;
  // Parameters are fed through gradcheck's inputs so their gradients are checked too.
  expect(gradcheck((...all: Tensor[]) => call(...all.slice(0, n)), [...inputs, ...params])).toBe(true);
}

describe('layer gradients (gradcheck, float64)', () => {
  it('Linear, Bilinear and the activations, on random shapes (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 1000 }), (inF, outF, batch, seed) => {
        manualSeed(seed);
        checkModule(new Linear(inF, outF), [f64([batch, inF])]);
        checkModule(new Linear(inF, outF, { bias: false }), [f64([2, batch, inF])]);
        checkModule(new Bilinear(inF, 2, outF), [f64([batch, inF]), f64([batch, 2])]);
      }),
      { numRuns: 8 },
    );
    for (const act of [new LeakyReLU(0.1), new GELU(), new GELU('tanh'), new SiLU(), new Sigmoid(), new Tanh(), new Softplus(2), new Softmax(1), new LogSoftmax(1), new ELU(), new Mish()]) {
      checkModule(act, [f64([3, 4])]);
    }
  });

  it('BatchNorm (train and eval) and LayerNorm', () => {
    checkModule(new BatchNorm1d(3), [f64([5, 3])]);
    checkModule(new BatchNorm1d(2), [f64([3, 2, 4])]);
    checkModule(new BatchNorm2d(2), [f64([2, 2, 3, 3])]);
    checkModule(new BatchNorm1d(3).eval(), [f64([4, 3])]);
    checkModule(new LayerNorm([3, 2]), [f64([4, 3, 2])]);
  });

  it('Embedding and Dropout with a fixed mask', () => {
    // (With paddingIdx the padding row's gradient is 0 by design, so finite differences disagree there;
    // layers.test.ts checks that behaviour directly.)
    const idx = tensor([[0, 1, 3], [3, 2, 0]], { dtype: 'int32' });
    const emb = new Embedding(4, 3).double();
    expect(gradcheck((w) => F.embedding(idx, w), [emb.weight])).toBe(true);
    // Same generator state on every evaluation, so finite differences see one fixed mask.
    expect(gradcheck((x) => F.dropout(x, 0.4, true, new Generator(5)), [f64([4, 5])])).toBe(true);
  });

  it('Conv2d (stride, padding, dilation, groups) and pooling, on random geometries (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(1, 2), fc.constantFrom(0, 1), fc.constantFrom(1, 2), fc.constantFrom(1, 2), fc.integer({ min: 0, max: 1000 }),
        (stride, padding, dilation, groups, seed) => {
          manualSeed(seed);
          checkModule(new Conv2d(2, 4, 2, { stride, padding, dilation, groups }), [f64([1, 2, 5, 4])]);
        },
      ),
      { numRuns: 6 },
    );
    // Distinct values keep each window's maximum unique (max is not differentiable at ties).
    const x = tensor(Array.from({ length: 32 }, (_, i) => ((i * 37) % 32) / 7), { dtype: 'float64', shape: [1, 2, 4, 4], requiresGrad: true });
    expect(gradcheck((t) => new MaxPool2d(2, { stride: 1, padding: 1 }).forward(t), [x])).toBe(true);
    expect(gradcheck((t) => new AvgPool2d(3, { stride: 2, padding: 1, countIncludePad: false, ceilMode: true }).forward(t), [f64([1, 2, 5, 5])])).toBe(true);
  });

  it('MultiheadAttention (inputs and all projections)', () => {
    const mha = new MultiheadAttention(4, 2);
    const q = f64([3, 1, 4]);
    const kv = f64([2, 1, 4]);
    checkModule(mha, [q, kv, kv], (a, b, c) => mha.forward(a, b, c)[0]);
  });
});

describe('loss gradients (gradcheck, float64)', () => {
  const int = (d: number[]) => tensor(d, { dtype: 'int32' });

  it('regression losses', () => {
    const t = randn([3, 4], { dtype: 'float64' });
    for (const reduction of ['mean', 'sum', 'none'] as const) {
      expect(gradcheck((x) => F.mseLoss(x, t, { reduction }), [f64([3, 4])])).toBe(true);
      expect(gradcheck((x) => F.l1Loss(x, t, { reduction }), [f64([3, 4])])).toBe(true);
      expect(gradcheck((x) => F.huberLoss(x, t, { reduction, delta: 0.5 }), [f64([3, 4])])).toBe(true);
      expect(gradcheck((x) => F.smoothL1Loss(x, t, { reduction, beta: 0.7 }), [f64([3, 4])])).toBe(true);
    }
  });

  it('cross-entropy and NLL in every mode (property over random logits)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), (seed) => {
        manualSeed(seed);
        const w = rand([4], { dtype: 'float64' }).add(0.5);
        const probs = rand([3, 4], { dtype: 'float64' }).softmax(1);
        const tgt = int([1, 3, -100]);
        const cases: ((x: Tensor) => Tensor)[] = [
          (x) => F.crossEntropy(x, int([0, 3, 1])),
          (x) => F.crossEntropy(x, tgt, { weight: w, labelSmoothing: 0.2 }),
          (x) => F.crossEntropy(x, tgt, { reduction: 'none', labelSmoothing: 0.1 }),
          (x) => F.crossEntropy(x, probs, { weight: w, labelSmoothing: 0.1, reduction: 'sum' }),
          (x) => F.nllLoss(x.logSoftmax(1), tgt, { weight: w }),
          (x) => F.crossEntropy(x.reshape([1, 4, 3]), tensor([[0, 2, 1]], { dtype: 'int32' })),
        ];
        for (const loss of cases) gradcheck(loss, [f64([3, 4])]);
      }),
      { numRuns: 5 },
    );
  });

  it('binary cross-entropy (probabilities and logits, with weights) and KL divergence', () => {
    const y = rand([2, 3], { dtype: 'float64' });
    const w = rand([2, 3], { dtype: 'float64' });
    const p = rand([2, 3], { dtype: 'float64' }).mul(0.8).add(0.1).requiresGrad_();
    expect(gradcheck((x, t) => F.binaryCrossEntropy(x, t, { weight: w }), [p, y.clone().requiresGrad_()])).toBe(true);
    expect(gradcheck((x, t) => F.binaryCrossEntropyWithLogits(x, t, { weight: w, posWeight: tensor([0.5, 2, 3], { dtype: 'float64' }) }), [f64([2, 3]), y.clone().requiresGrad_()])).toBe(true);
    const target = rand([2, 3], { dtype: 'float64' }).softmax(1);
    expect(gradcheck((x) => F.klDiv(x.logSoftmax(1), target, { reduction: 'batchmean' }), [f64([2, 3])])).toBe(true);
    expect(gradcheck((x, t) => F.klDiv(x, t, { logTarget: true }), [f64([2, 3]), f64([2, 3])])).toBe(true);
  });
});
