/**
 * Tests of the reference itself, before anything is tested against it: the hand-computed traces of
 * the optimizer tutorial (shared/seeds/004), closed-form facts, cross-optimizer laws and the helpers.
 */
import { describe, expect, it } from 'vitest';
import { adagradTrajectory } from './adagrad.js';
import { adafactorTrajectory } from './adafactor.js';
import { adamTrajectory } from './adam.js';
import { adam8bitTrajectory, SIGNED_DYNAMIC_MAP, UNSIGNED_DYNAMIC_MAP } from './adam8bit.js';
import { adamwTrajectory } from './adamw.js';
import { adamaxTrajectory } from './adamax.js';
import { adadeltaTrajectory } from './adadelta.js';
import { asgdTrajectory } from './asgd.js';
import { quantizeNearest } from './dynamicMap.js';
import { buf, num, type GradSequence, type RefTensor, type Trajectory } from './float32.js';
import { galoreAdamWTrajectory } from './galoreAdamW.js';
import { jacobiSvd } from './jacobiSvd.js';
import { lambTrajectory } from './lamb.js';
import { larsTrajectory } from './lars.js';
import { lbfgsTrajectory } from './lbfgs.js';
import { lionTrajectory } from './lion.js';
import { nadamTrajectory } from './nadam.js';
import { radamTrajectory } from './radam.js';
import { rmspropTrajectory } from './rmsprop.js';
import { rpropTrajectory } from './rprop.js';
import { mulberry32, normalSampler } from './seededRandom.js';
import { sgdTrajectory } from './sgd.js';
import { sophiaGTrajectory } from './sophiaG.js';

type Reference = (params: RefTensor[], grads: GradSequence, options: Record<string, unknown>) => Trajectory;
const scalar = (x: number): RefTensor[] => [{ shape: [1], values: [x] }];

/** Drive a reference in closed loop: each step's grad is computed from the previous step's params. */
function closedLoop(reference: Reference, x0: number, grad: (x: number) => number, steps: number, options: Record<string, unknown>): Trajectory {
  const grads: GradSequence = [];
  let x = x0;
  for (let k = 0; k < steps; k++) {
    grads.push([[grad(x)]]);
    x = reference(scalar(x0), grads, options).params[k][0][0];
  }
  return reference(scalar(x0), grads, options);
}
const thetas = (t: Trajectory): number[] => t.params.map((p) => p[0][0]);
const parabolaGrad = (x: number): number => 2 * (x - 3); // f(x) = (x − 3)²
const asRef = (fn: unknown): Reference => fn as Reference;

describe('tutorial traces (shared/seeds/004)', () => {
  it('gradient descent on (x − 3)², η = 0.1: 0 → 0.6 → 1.08 → 1.464 → 1.771 → 2.017, loss 0.967', () => {
    const t = closedLoop(asRef(sgdTrajectory), 0, parabolaGrad, 5, { lr: 0.1 });
    const expected = [0.6, 1.08, 1.464, 1.7712, 2.01696];
    thetas(t).forEach((x, i) => expect(x).toBeCloseTo(expected[i], 5));
    expect((thetas(t)[4] - 3) ** 2).toBeCloseTo(0.967, 2); // the text rounds 0.96637 to 0.967
  });

  it('η = 0.5 reaches the minimum in one step; η = 1.1 diverges (loss 9 → 12.96 → 18.66)', () => {
    expect(thetas(closedLoop(asRef(sgdTrajectory), 0, parabolaGrad, 1, { lr: 0.5 }))[0]).toBe(3);
    const losses = thetas(closedLoop(asRef(sgdTrajectory), 0, parabolaGrad, 2, { lr: 1.1 })).map((x) => (x - 3) ** 2);
    expect(losses[0]).toBeCloseTo(12.96, 4);
    expect(losses[1]).toBeCloseTo(18.66, 2);
  });

  it('momentum (η = 0.01, β = 0.9) vs vanilla: the five-step table, velocities included', () => {
    const momentum = closedLoop(asRef(sgdTrajectory), 0, parabolaGrad, 5, { lr: 0.01, momentum: 0.9 });
    const vanilla = closedLoop(asRef(sgdTrajectory), 0, parabolaGrad, 5, { lr: 0.01 });
    const tableMomentum = [0.06, 0.173, 0.331, 0.527, 0.752];
    const tableVanilla = [0.06, 0.119, 0.176, 0.233, 0.288];
    thetas(momentum).forEach((x, i) => expect(Math.abs(x - tableMomentum[i])).toBeLessThan(6e-4));
    thetas(vanilla).forEach((x, i) => expect(Math.abs(x - tableVanilla[i])).toBeLessThan(6e-4));
    // PyTorch's buffer is the tutorial's velocity v = βv + g (η outside); after step 5 it is −22.555.
    expect(buf(momentum.state[0]!, 'momentum_buffer')[0]).toBeCloseTo(-22.555, 2);
    // Velocity after step 2 from the text: −11.28.
    const two = closedLoop(asRef(sgdTrajectory), 0, parabolaGrad, 2, { lr: 0.01, momentum: 0.9 });
    expect(buf(two.state[0]!, 'momentum_buffer')[0]).toBeCloseTo(-11.28, 4);
  });

  it('Nesterov (PyTorch form g + μ·buf), hand-computed on (x − 3)²: 0.114, then 0.272268', () => {
    // step 1: g = −6, buf = −6, step dir = −6 + 0.9·(−6) = −11.4 → x = 0.114
    // step 2: g = 2(0.114 − 3) = −5.772, buf = 0.9·(−6) − 5.772 = −11.172,
    //         dir = −5.772 + 0.9·(−11.172) = −15.8268 → x = 0.272268
    const t = closedLoop(asRef(sgdTrajectory), 0, parabolaGrad, 2, { lr: 0.01, momentum: 0.9, nesterov: true });
    expect(thetas(t)[0]).toBeCloseTo(0.114, 6);
    expect(thetas(t)[1]).toBeCloseTo(0.272268, 6);
  });

  it('AdaGrad: G = 9 → 15.25 → 23.09 → 32.70 for A, B waits then G = 25 with eff. LR 0.02', () => {
    const grads: GradSequence = [[[3.0], [0]], [[2.5], [0]], [[2.8], [0]], [[3.1], [5.0]]];
    const params: RefTensor[] = [{ shape: [1], values: [0] }, { shape: [1], values: [0] }];
    const sums = [9, 15.25, 23.09, 32.7];
    const effLr = [0.0333, 0.0256, 0.0208, 0.0175];
    let previous = 0;
    for (let k = 1; k <= 4; k++) {
      const t = adagradTrajectory(params, grads.slice(0, k), { lr: 0.1 });
      expect(buf(t.state[0]!, 'sum')[0]).toBeCloseTo(sums[k - 1], 4);
      const step = previous - t.params[k - 1][0][0];
      expect(step / (grads[k - 1][0] as number[])[0]).toBeCloseTo(effLr[k - 1], 4);
      previous = t.params[k - 1][0][0];
      if (k === 4) {
        expect(buf(t.state[1]!, 'sum')[0]).toBe(25);
        expect(t.params[3][1][0]).toBeCloseTo(-0.1, 6); // eff. LR 0.02 × g 5
      } else {
        expect(t.params[k - 1][1][0]).toBe(0);
      }
    }
  });

  it('RMSProp (alpha = ρ = 0.9): G = 0.9 → 1.435 → 2.076 → 2.829, eff. LR 0.1054 → 0.0595', () => {
    const g = [3.0, 2.5, 2.8, 3.1];
    const G = [0.9, 1.435, 2.0755, 2.82895];
    const effLr = [0.1054, 0.0835, 0.0694, 0.0595];
    let previous = 0;
    for (let k = 1; k <= 4; k++) {
      const t = rmspropTrajectory(scalar(0), g.slice(0, k).map((x) => [[x]]), { lr: 0.1, alpha: 0.9 });
      expect(buf(t.state[0]!, 'square_avg')[0]).toBeCloseTo(G[k - 1], 5);
      expect((previous - t.params[k - 1][0][0]) / g[k - 1]).toBeCloseTo(effLr[k - 1], 4);
      previous = t.params[k - 1][0][0];
    }
  });

  it('Adam on g = [4, −1, 3]: steps 0.001, 0.000469, 0.000669; m₂ = 0.26', () => {
    // Hand computation: m₂ = 0.26, v₂ = 0.016984, m̂ = 0.26/0.19, v̂ = 0.016984/0.001999 → 0.00046946835;
    // m₃ = 0.534, v₃ = 0.025967016, m̂ = 0.534/0.271, v̂ = v₃/0.002997001 → 0.00066943.
    const t = adamTrajectory(scalar(0), [[[4]], [[-1]], [[3]]], { lr: 0.001 });
    const p = thetas(t);
    expect(-p[0]).toBeCloseTo(0.001, 9);
    expect(-(p[1] - p[0])).toBeCloseTo(0.00046946835, 9);
    expect(-(p[2] - p[1])).toBeCloseTo(0.00066943, 8);
    const two = adamTrajectory(scalar(0), [[[4]], [[-1]]], { lr: 0.001 });
    expect(buf(two.state[0]!, 'exp_avg')[0]).toBeCloseTo(0.26, 6);
    expect(buf(two.state[0]!, 'exp_avg_sq')[0]).toBeCloseTo(0.016984, 7);
  });

  it('AdamW (θ = 5, λ = 0.1, η = 0.001): decay is exactly ηλθ = 0.01% per step, outside the adaptive step', () => {
    const grads: GradSequence = [[[2]]];
    const adamw = adamwTrajectory(scalar(5), grads, { lr: 0.001, weightDecay: 0.1 }).params[0][0][0];
    const adam = adamTrajectory(scalar(5), grads, { lr: 0.001 }).params[0][0][0];
    // The Adam step on the shrunk p is the same step; the difference is the decay 5·1e-4.
    expect(adam - adamw).toBeCloseTo(5 * 1e-4, 6);
    // Adam + L2 instead feeds λθ = 0.5 into the moments: first step is still ≈ η·sign(g + λθ).
    const l2 = adamTrajectory(scalar(5), grads, { lr: 0.001, weightDecay: 0.1 }).params[0][0][0];
    expect(5 - l2).toBeCloseTo(0.001, 6); // p ≈ 5 has a float32 ulp of 4.8e-7
  });
});

describe('closed-form facts', () => {
  const sample = normalSampler(7);
  const params: RefTensor[] = [{ shape: [2, 3], values: [0.5, -1, 2, 0.25, -0.75, 1.5] }];
  const grads: GradSequence = Array.from({ length: 6 }, () => [Array.from({ length: 6 }, () => sample() || 0.5)]);

  it("Adam's first step moves each coordinate by lr·g/(|g| + eps) ≈ lr·sign(g)", () => {
    const t = adamTrajectory(params, grads.slice(0, 1), { lr: 0.01 });
    t.params[0][0].forEach((x, i) => {
      const g = (grads[0][0] as number[])[i];
      expect(params[0].values[i] - x).toBeCloseTo(0.01 * Math.sign(g), 6);
    });
  });

  it('Lion moves every coordinate by exactly lr (no decay)', () => {
    const t = lionTrajectory(params, grads, { lr: 0.01 });
    let previous = params[0].values;
    for (const step of t.params) {
      step[0].forEach((x, i) => expect(Math.abs(x - previous[i])).toBeCloseTo(0.01, 6));
      previous = step[0];
    }
  });

  it('LBFGS solves a 2-D quadratic to 1e-6, with and without strong Wolfe', () => {
    // 0.5·xᵀAx − bᵀx + 0.3 with A = [[3, 1], [1, 2]], b = [1, 1]: x* = [0.2, 0.4], f(x*) = 0 (so the
    // float32 loss keeps resolving progress near the minimum). With the default toleranceChange 1e-9
    // float32 LBFGS stops at |x − x*| ≈ 1e-5 (g·d ≈ 1e-10 counts as no progress), exactly as PyTorch
    // does, so the tolerances are tightened.
    const objective = { type: 'quadratic' as const, A: [3, 1, 1, 2], b: [1, 1], c: 0.3 };
    for (const lineSearchFn of [null, 'strong_wolfe'] as const) {
      const t = lbfgsTrajectory([{ shape: [2], values: [1, -1] }], objective, 3, { lineSearchFn, toleranceChange: 1e-20, toleranceGrad: 1e-12 });
      const [x, y] = t.params[2][0];
      expect(Math.abs(x - 0.2)).toBeLessThan(1e-6);
      expect(Math.abs(y - 0.4)).toBeLessThan(1e-6);
    }
  });

  it('LBFGS first iteration steps lr·min(1, 1/‖g‖₁) along −g', () => {
    const objective = { type: 'quadratic' as const, A: [3, 1, 1, 2], b: [1, 1] };
    const t = lbfgsTrajectory([{ shape: [2], values: [1, -1] }], objective, 1, { maxIter: 1 });
    // g = Ax − b = [1, −2], ‖g‖₁ = 3 → x − g/3
    expect(t.params[0][0][0]).toBeCloseTo(1 - 1 / 3, 6);
    expect(t.params[0][0][1]).toBeCloseTo(-1 + 2 / 3, 6);
    expect(t.funcEvals[0]).toBe(1); // the last iteration of a call does not re-evaluate
  });

  it('LBFGS minimises Rosenbrock with strong Wolfe', () => {
    const t = lbfgsTrajectory([{ shape: [2], values: [-1.2, 1] }], { type: 'rosenbrock' }, 10, { lineSearchFn: 'strong_wolfe' });
    const [x, y] = t.params[9][0];
    expect(Math.abs(x - 1)).toBeLessThan(1e-3);
    expect(Math.abs(y - 1)).toBeLessThan(1e-3);
  });

  it('RAdam takes un-adapted momentum steps until ρ_t > 5 (t = 6 with β2 = 0.999)', () => {
    const g = Array.from({ length: 7 }, (_, k) => [[k % 2 === 0 ? 1 : 0.5]]);
    const t = radamTrajectory(scalar(0), g, { lr: 0.1 });
    const m = [0.1, 0.14, 0.226, 0.2534];
    const p = [0, ...thetas(t)];
    for (let k = 0; k < 4; k++) expect(p[k] - p[k + 1]).toBeCloseTo((0.1 * m[k]) / (1 - 0.9 ** (k + 1)), 6);
    // Step 6 is rectified: ρ_6 ≈ 5.0032 > 5, so the step is scaled by a tiny rect factor.
    const step6 = p[5] - p[6];
    expect(step6).toBeGreaterThan(0);
    expect(step6).toBeLessThan(0.01);
  });

  it('Adafactor: the first variance estimate is exactly g² (1 − β2 = t^−0.8 = 1)', () => {
    const t = adafactorTrajectory([{ shape: [3], values: [1, 2, 3] }], [[[0.5, -1, 2]]], {});
    expect(buf(t.state[0]!, 'variance')).toEqual([0.25, 1, 4]);
    // U = g/|g| = sign(g), RMS(U) = 1, α = max(1e-3, ‖p‖/√3)·min(lr, 1) → p − α·sign(g)
    const alpha = Math.max(1e-3, Math.sqrt(14 / 3)) * 0.01;
    t.params[0][0].forEach((x, i) => expect(x).toBeCloseTo([1, 2, 3][i] - alpha * Math.sign([0.5, -1, 2][i]), 6));
  });

  it('Adafactor factored: row/col means of g² and an outer-product estimate', () => {
    const g = [1, 2, 3, 4];
    const t = adafactorTrajectory([{ shape: [2, 2], values: [1, 1, 1, 1] }], [[g]], {});
    expect(buf(t.state[0]!, 'row_var')).toEqual([2.5, 12.5]);
    expect(buf(t.state[0]!, 'col_var')).toEqual([5, 10]);
  });

  it('Rprop: after a sign change the step shrinks by etaminus and the gradient is zeroed', () => {
    const t = rpropTrajectory(scalar(0), [[[1]], [[1]], [[-1]], [[-1]]], { lr: 0.1 });
    const p = thetas(t);
    expect(p[0]).toBeCloseTo(-0.1, 7);
    expect(p[1]).toBeCloseTo(-0.1 - 0.12, 7);
    expect(p[2]).toBeCloseTo(p[1], 7); // zeroed: no move, step size 0.06
    expect(p[3]).toBeCloseTo(p[1] + 0.06, 7); // factor 1 after the zeroed step
  });

  it('ASGD with the default t0 keeps ax equal to p, and eta follows lr/(1 + λ·lr·t)^α', () => {
    const t = asgdTrajectory(params, grads, { lr: 0.05 });
    expect(buf(t.state[0]!, 'ax')).toEqual(t.params[5][0]);
    expect(num(t.state[0]!, 'eta')).toBe(Math.fround(0.05 / (1 + 1e-4 * 0.05 * 6) ** 0.75)); // a float32 scalar tensor
  });

  it('Adadelta first step: sqrt(eps)/sqrt(0.1·g² + eps)·g', () => {
    const t = adadeltaTrajectory(scalar(0), [[[2]]], {});
    expect(-t.params[0][0][0]).toBeCloseTo((Math.sqrt(1e-6) / Math.sqrt(0.4 + 1e-6)) * 2, 9);
  });

  it('NAdam first step matches the two-term formula', () => {
    const t = nadamTrajectory(scalar(0), [[[1]]], { lr: 0.1 });
    const mu1 = 0.9 * (1 - 0.5 * 0.96 ** 0.004);
    const mu2 = 0.9 * (1 - 0.5 * 0.96 ** 0.008);
    const denom = 1 + 1e-8; // sqrt(v/bc2) = |g| = 1
    const expected = -((0.1 * (1 - mu1)) / (1 - mu1)) / denom - ((0.1 * mu2) / (1 - mu1 * mu2)) * (0.1 / denom);
    expect(t.params[0][0][0]).toBeCloseTo(expected, 6);
  });

  it('Adamax first step is lr·g/(|g| + eps) after bias correction', () => {
    const t = adamaxTrajectory(scalar(0), [[[-3]]], { lr: 0.1 });
    expect(t.params[0][0][0]).toBeCloseTo(0.1, 7);
  });

  it('LAMB trust ratio is ‖p‖/‖r‖ (one step, no decay: r = m/(sqrt(v) + eps) ≈ sign(g)·0.1/sqrt(0.001))', () => {
    const t = lambTrajectory([{ shape: [2], values: [3, 4] }], [[[1, -1]]], { lr: 0.1 });
    const r = 0.1 / (Math.sqrt(0.001) + 1e-6);
    const trust = 5 / (r * Math.SQRT2);
    expect(num(t.state[0]!, 'trust_ratio')).toBeCloseTo(trust, 6);
    expect(t.params[0][0][0]).toBeCloseTo(3 - 0.1 * trust * r, 5);
  });

  it('LARS without decay and alwaysAdapt is plain SGD; with alwaysAdapt the step is η·trustCoeff·‖p‖/‖g‖·g', () => {
    const plain = larsTrajectory(params, grads, { lr: 0.1, momentum: 0.9 });
    const sgd = sgdTrajectory(params, grads, { lr: 0.1, momentum: 0.9 });
    expect(plain.params).toEqual(sgd.params);
    const t = larsTrajectory([{ shape: [2], values: [3, 4] }], [[[0, 2]]], { lr: 1, alwaysAdapt: true });
    const trust = (0.001 * 5) / (2 + 1e-8);
    expect(t.params[0][0][1]).toBeCloseTo(4 - trust * 2, 6);
  });

  it('SophiaG is sign-momentum until the first Hessian update, then clips |m|/(ρ·bs·h)', () => {
    const t = sophiaGTrajectory(scalar(0), [[[1]], [[1]]], [{ afterStep: 0, grads: [[10]] }], { lr: 0.1, weightDecay: 0, rho: 0.5 }, { bs: 1 });
    expect(t.params[0][0][0]).toBeCloseTo(-0.1, 7);
    // h = 0.01·100 = 1, m = 0.965·0.035 + 0.035 = 0.068775, ratio = m/(0.5·1) = 0.13755
    expect(t.params[1][0][0] - t.params[0][0][0]).toBeCloseTo(-0.1 * 0.13755, 6);
  });
});

describe('cross-optimizer laws', () => {
  const sample = normalSampler(11);
  const params: RefTensor[] = [
    { shape: [2, 2], values: [0.5, -1, 2, 0.25] },
    { shape: [3], values: [1, -0.5, 0.75] },
  ];
  const grads: GradSequence = Array.from({ length: 8 }, (_, s) => [
    Array.from({ length: 4 }, () => sample()),
    s === 2 ? null : Array.from({ length: 3 }, () => sample()),
  ]);
  const negated: GradSequence = grads.map((step) => step.map((g) => (g === null ? null : g.map((x) => -x))));
  const withMaximize: [string, Reference, Record<string, unknown>][] = [
    ['sgd', asRef(sgdTrajectory), { lr: 0.1, momentum: 0.9, weightDecay: 0.1 }],
    ['adagrad', asRef(adagradTrajectory), { lr: 0.1, weightDecay: 0.1 }],
    ['rmsprop', asRef(rmspropTrajectory), { lr: 0.01, centered: true, momentum: 0.5 }],
    ['adadelta', asRef(adadeltaTrajectory), { weightDecay: 0.1 }],
    ['adam', asRef(adamTrajectory), { lr: 0.01, amsgrad: true, weightDecay: 0.1 }],
    ['adamax', asRef(adamaxTrajectory), { lr: 0.01 }],
    ['nadam', asRef(nadamTrajectory), { lr: 0.01 }],
    ['radam', asRef(radamTrajectory), { lr: 0.01 }],
    ['asgd', asRef(asgdTrajectory), { lr: 0.01, t0: 2 }],
    ['rprop', asRef(rpropTrajectory), {}],
    ['adafactor', asRef(adafactorTrajectory), {}],
  ];

  it.each(withMaximize)('%s: maximize with g equals minimizing with −g', (_name, reference, options) => {
    expect(reference(params, grads, { ...options, maximize: true }).params).toEqual(reference(params, negated, options).params);
  });

  it('AdamW(λ = 0) ≡ Adam and Adam(decoupledWeightDecay) ≡ AdamW, bit for bit', () => {
    expect(adamwTrajectory(params, grads, { lr: 0.01, weightDecay: 0 }).params).toEqual(adamTrajectory(params, grads, { lr: 0.01 }).params);
    expect(adamTrajectory(params, grads, { lr: 0.01, weightDecay: 0.1, decoupledWeightDecay: true }).params).toEqual(
      adamwTrajectory(params, grads, { lr: 0.01, weightDecay: 0.1 }).params,
    );
  });

  it('a null grad leaves the parameter and its step counter untouched', () => {
    const t = adamTrajectory(params, grads, { lr: 0.01 });
    expect(t.params[2][1]).toEqual(t.params[1][1]);
    expect(num(t.state[1]!, 'step')).toBe(7);
    expect(num(t.state[0]!, 'step')).toBe(8);
    const late = sgdTrajectory(params, [[grads[0][0], null]], { lr: 0.1, momentum: 0.9 });
    expect(late.state[1]).toBeNull(); // lazy state: never stepped, never created
  });

  it('Adam8bit stays close to fp32 Adam; its 32-bit path equals the recipe without quantization', () => {
    const big: RefTensor[] = [{ shape: [20, 16], values: Array.from({ length: 320 }, () => sample() * 0.5) }];
    const bigGrads: GradSequence = Array.from({ length: 10 }, () => [Array.from({ length: 320 }, () => sample())]);
    const q = adam8bitTrajectory(big, bigGrads, { lr: 0.01, min8bitSize: 256 });
    const full = adamTrajectory(big, bigGrads, { lr: 0.01 });
    const maxDiff = Math.max(...q.params[9][0].map((x, i) => Math.abs(x - full.params[9][0][i])));
    expect(maxDiff).toBeLessThan(0.01); // 10 steps of at most lr each: the 8-bit drift is a small part of that
    expect(maxDiff).toBeGreaterThan(0); // and quantization did happen
    const small = adam8bitTrajectory(params, grads, { lr: 0.01 });
    const smallFull = adamTrajectory(params, grads, { lr: 0.01 });
    small.params[7][0].forEach((x, i) => expect(x).toBeCloseTo(smallFull.params[7][0][i], 5));
  });

  it('GaLore: with a fixed projector every update of a matrix has rank ≤ rank', () => {
    const p: RefTensor[] = [{ shape: [6, 4], values: Array.from({ length: 24 }, () => sample()) }];
    const g: GradSequence = Array.from({ length: 3 }, () => [Array.from({ length: 24 }, () => sample())]);
    const t = galoreAdamWTrajectory(p, g, { lr: 0.01, rank: 2 });
    const update = t.params[2][0].map((x, i) => x - t.params[1][0][i]);
    const { S } = jacobiSvd(update, 6, 4);
    expect(S[2] / S[0]).toBeLessThan(1e-4); // float32 rounding only
  });
});

describe('helpers', () => {
  it('Jacobi SVD reconstructs tall and wide matrices with orthonormal factors and the sign convention', () => {
    const rand = mulberry32(3);
    for (const [m, n] of [[5, 3], [3, 5], [4, 4]]) {
      const a = Array.from({ length: m * n }, () => rand() - 0.5);
      const { U, S, Vh, k } = jacobiSvd(a, m, n);
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let r = 0; r < k; r++) s += U[i * k + r] * S[r] * Vh[r * n + j];
          expect(s).toBeCloseTo(a[i * n + j], 12);
        }
      }
      for (let r = 0; r + 1 < k; r++) expect(S[r]).toBeGreaterThanOrEqual(S[r + 1]);
      for (let r = 0; r < k; r++) {
        const row = Vh.slice(r * n, r * n + n);
        const largest = row.reduce((best, x) => (Math.abs(x) > Math.abs(best) ? x : best), 0);
        expect(largest).toBeGreaterThan(0);
        expect(row.reduce((s, x) => s + x * x, 0)).toBeCloseTo(1, 12);
      }
    }
  });

  it('dynamic maps: 256 ascending float32 values; signed has 127 negatives, 0 at code 127, 1 at code 255', () => {
    for (const map of [SIGNED_DYNAMIC_MAP, UNSIGNED_DYNAMIC_MAP]) {
      expect(map).toHaveLength(256);
      map.forEach((x, i) => i > 0 && expect(x).toBeGreaterThan(map[i - 1]));
      map.forEach((x) => expect(Math.fround(x)).toBe(x));
      expect(map[255]).toBe(1);
    }
    expect(SIGNED_DYNAMIC_MAP[127]).toBe(0);
    expect(SIGNED_DYNAMIC_MAP.filter((x) => x < 0)).toHaveLength(127);
    expect(UNSIGNED_DYNAMIC_MAP[0]).toBe(0);
    // Smallest non-zero magnitude: 1e-6 × mean(0.1, 1) = 5.5e-7.
    expect(SIGNED_DYNAMIC_MAP[128]).toBeCloseTo(5.5e-7, 12);
  });

  it('quantizeNearest picks the nearest code (brute force agrees away from exact midpoints)', () => {
    const rand = mulberry32(5);
    for (const [map, signed] of [[SIGNED_DYNAMIC_MAP, true], [UNSIGNED_DYNAMIC_MAP, false]] as const) {
      for (let k = 0; k < 2000; k++) {
        const x = Math.fround(signed ? rand() * 2 - 1 : rand());
        const code = quantizeNearest(map, x, signed);
        const best = map.reduce((b, v, i) => (Math.abs(v - x) < Math.abs(map[b] - x) ? i : b), 0);
        expect(Math.abs(map[code] - x)).toBeCloseTo(Math.abs(map[best] - x), 7);
      }
    }
  });
});
