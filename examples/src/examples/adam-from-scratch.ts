/**
 * Adam from scratch (tutorial 003, "Adam — per-weight adaptive learning rates") side by side with
 * `@gradstack/optim`'s Adam on the same gradients, with the worked Adam trace of tutorial 004, the
 * bias-correction effect and tutorial 004's Adam + L2 vs AdamW arithmetic.
 */
import { join } from 'node:path';
import { tensor, type DType } from '@gradstack/core';
import { Adam } from '@gradstack/optim';
import type { Example, ExampleContext, ExampleResult } from '../example.js';
import { AdamScratch } from '../lib/adam-scratch.js';
import { lineChart, writeSvg } from '../lib/charts.js';
import type { Table } from '../lib/table.js';

/**
 * The tutorial draws its gradients with `np.random.seed(0); np.random.randn(4) * 0.5` per step.
 * These are numpy's first 20 standard normals for seed 0, so the trajectory matches its run exactly.
 */
const NUMPY_SEED0_RANDN = [
  1.764052345967664, 0.4001572083672233, 0.9787379841057392, 2.240893199201458, 1.8675579901499675,
  -0.977277879876411, 0.9500884175255894, -0.1513572082976979, -0.10321885179355784, 0.41059850193837233,
  0.144043571160878, 1.454273506962975, 0.7610377251469934, 0.12167501649282841, 0.44386323274542566,
  0.33367432737426683, 1.4940790731576061, -0.20515826376580087, 0.31306770165090136, -0.8540957393017248,
];

export const TUTORIAL_W0 = [1.0, -0.5, 0.8, -1.2] as const;

/** The tutorial's five gradient steps on W0 with lr = 1e-3; returns W after each step. */
export function scratchTrajectory(): number[][] {
  const w = Float64Array.from(TUTORIAL_W0);
  const adam = new AdamScratch([w], { lr: 0.001 });
  const rows: number[][] = [];
  for (let step = 0; step < 5; step++) {
    adam.step([tutorialGrad(step)]);
    rows.push([...w]);
  }
  return rows;
}

/** The tutorial's gradients for step `step` (0-based): numpy's `randn(4) * 0.5`. */
function tutorialGrad(step: number): number[] {
  return NUMPY_SEED0_RANDN.slice(step * 4, step * 4 + 4).map((z) => z * 0.5);
}

/**
 * Tutorial 003's check: the same W0 and gradients into `new Adam([W], { lr: 0.001 })` through
 * `W.grad = g; opt.step()`, compared with the scratch version after every step. In float64 the two
 * should agree to rounding; in float32 (PyTorch's default, what the tutorial compares against) to
 * float32 precision, which is what its 1e-6 threshold allows for.
 */
export function libraryComparison(dtype: DType = 'float64'): { step: number; scratch: number[]; library: number[]; maxDiff: number }[] {
  const scratch = scratchTrajectory();
  const w = tensor([...TUTORIAL_W0], { dtype }).requiresGrad_();
  const adam = new Adam([w], { lr: 0.001 });
  return scratch.map((ws, step) => {
    w.grad = tensor(tutorialGrad(step), { dtype });
    adam.step();
    const library = [...(w.data() as Float32Array | Float64Array)];
    return { step: step + 1, scratch: ws, library, maxDiff: Math.max(...library.map((v, j) => Math.abs(v - ws[j]))) };
  });
}

/**
 * Tutorial 004's worked L2-vs-decoupled example: θ = 5, g = 2, λ = 0.1, η = 0.001, late training
 * (bias correction ≈ 1) with v settled at 4. The decay part of the step is ηλθ/√v for Adam + L2
 * (the λθ term goes through the adaptive scaling) and ηλθ for AdamW. (It is the tutorial's
 * simplification: it holds v at 4 and treats the λθ share of m̂/√v̂ as separable.)
 */
export function l2VersusDecoupled(theta = 5, lambda = 0.1, lr = 0.001, v = 4): { l2: number; decoupled: number } {
  return { l2: (lr * lambda * theta) / Math.sqrt(v), decoupled: lr * lambda * theta };
}

/** Tutorial 003's table: a constant gradient g = 1, β1 = 0.9; m̂ recovers g exactly from step 1. */
export function biasCorrectionRows(steps = 5, b1 = 0.9, g = 1.0): { t: number; m: number; mHat: number; ratio: number }[] {
  let m = 0;
  return Array.from({ length: steps }, (_, i) => {
    const t = i + 1;
    m = b1 * m + (1 - b1) * g;
    const mHat = m / (1 - b1 ** t);
    return { t, m, mHat, ratio: mHat / g };
  });
}

/** Tutorial 004's worked trace: one parameter, g = [4, −1, 3], η = 0.001, default betas. */
export function adamTrace(grads: readonly number[] = [4, -1, 3], lr = 0.001, b1 = 0.9, b2 = 0.999, eps = 1e-8) {
  let m = 0;
  let v = 0;
  return grads.map((g, i) => {
    const t = i + 1;
    m = b1 * m + (1 - b1) * g;
    v = b2 * v + (1 - b2) * g * g;
    const mHat = m / (1 - b1 ** t);
    const vHat = v / (1 - b2 ** t);
    return { t, g, m, v, mHat, vHat, update: (lr * mHat) / (Math.sqrt(vHat) + eps) };
  });
}

/** |Δθ| / lr under a constant gradient, with and without bias correction (tutorial 004's widget). */
export function stepSizes(steps: number, biasCorrection: boolean): number[] {
  const p = new Float64Array([0]);
  const adam = new AdamScratch([p], { lr: 1, biasCorrection });
  const sizes: number[] = [];
  for (let t = 0; t < steps; t++) {
    const before = p[0];
    adam.step([[1]]);
    sizes.push(Math.abs(p[0] - before));
  }
  return sizes;
}

async function run(ctx: ExampleContext): Promise<ExampleResult> {
  const trajectory = scratchTrajectory();
  const trajectoryTable: Table = {
    title: 'Adam from scratch: W after each step (W0 = [1, -0.5, 0.8, -1.2], lr = 1e-3, g = 0.5·randn(4), numpy seed 0)',
    columns: [{ header: 'step' }, ...[0, 1, 2, 3].map((j) => ({ header: `W[${j}]`, digits: 6 }))],
    rows: trajectory.map((w, i) => [i + 1, ...w]),
  };

  const compare64 = libraryComparison('float64');
  const compare32 = libraryComparison('float32');
  const compareTable: Table = {
    title: 'Scratch vs @gradstack/optim Adam on the same gradients: max |diff| per step (✓ when < 1e-6, the tutorial\'s test)',
    columns: [
      { header: 'step' }, { header: 'W (library, float64)' }, { header: 'max diff float64', exponential: true },
      { header: 'max diff float32 (PyTorch default)', exponential: true }, { header: '< 1e-6' },
    ],
    rows: compare64.map((r, i) => [
      r.step, `[${r.library.map((v) => v.toFixed(6)).join(', ')}]`, r.maxDiff, compare32[i].maxDiff,
      r.maxDiff < 1e-6 && compare32[i].maxDiff < 1e-6 ? '✓' : '✗',
    ]),
  };
  for (const r of compare64) ctx.log(`Step ${r.step}: max diff scratch vs library = ${r.maxDiff.toExponential(2)}  ${r.maxDiff < 1e-6 ? '✓' : '✗'}`);

  const decay = l2VersusDecoupled();
  const decayTable: Table = {
    title: 'Tutorial 004: decay part of one late-training step, θ = 5, g = 2, λ = 0.1, η = 0.001, v = 4',
    columns: [{ header: 'method' }, { header: 'decay of θ', digits: 6 }, { header: 'relative', digits: 4 }, { header: 'tutorial' }],
    rows: [
      ['Adam + L2 (ηλθ/√v)', decay.l2, (decay.l2 / 5) * 100, '0.005 %'],
      ['AdamW (ηλθ)', decay.decoupled, (decay.decoupled / 5) * 100, '0.01 % ("2× larger")'],
    ],
  };

  const bias = biasCorrectionRows();
  const biasTable: Table = {
    title: 'Bias correction effect (first 5 steps, single weight, g = 1, β1 = 0.9)',
    columns: [{ header: 'step' }, { header: 'm (biased)', digits: 6 }, { header: 'm_hat (corrected)', digits: 6 }, { header: 'ratio', digits: 4 }],
    rows: bias.map((r) => [r.t, r.m, r.mHat, r.ratio]),
  };

  const trace = adamTrace();
  const traceTable: Table = {
    title: 'Worked Adam trace (tutorial 004): g = [4, -1, 3], η = 0.001, β1 = 0.9, β2 = 0.999',
    columns: [
      { header: 't' }, { header: 'g' }, { header: 'm', digits: 4 }, { header: 'v', digits: 6 },
      { header: 'm_hat', digits: 4 }, { header: 'v_hat', digits: 4 }, { header: 'update', digits: 6 },
    ],
    rows: trace.map((r) => [r.t, r.g, r.m, r.v, r.mHat, r.vHat, r.update]),
  };

  // Fast mode shortens the curve only; the tables above are five steps either way.
  const steps = ctx.fast ? 100 : 2000;
  const withCorrection = stepSizes(steps, true);
  const naive = stepSizes(steps, false);
  const t = withCorrection.map((_, i) => i + 1);
  const figure = await writeSvg(
    join(ctx.outDir, 'bias-correction-step-size.svg'),
    await lineChart({
      title: 'Adam step size under a constant gradient: with vs without bias correction',
      xLabel: 'step t',
      yLabel: '|Δθ| / lr',
      logX: true,
      logY: true,
      series: [
        { name: 'with correction (Adam)', x: t, y: withCorrection },
        { name: 'without correction (naive)', x: t, y: naive },
      ],
    }),
  );
  const naivePeak = Math.max(...naive);
  ctx.log(`naive Adam's largest step is ${naivePeak.toFixed(2)}× lr (at t = ${naive.indexOf(naivePeak) + 1}); corrected Adam's is ${Math.max(...withCorrection).toFixed(2)}× lr`);

  const last = trajectory[trajectory.length - 1];
  return {
    tables: [trajectoryTable, compareTable, biasTable, traceTable, decayTable],
    metrics: {
      ...Object.fromEntries(compare64.map((r) => [`compare/float64/maxDiff@${r.step}`, r.maxDiff])),
      ...Object.fromEntries(compare32.map((r) => [`compare/float32/maxDiff@${r.step}`, r.maxDiff])),
      'decay/l2': decay.l2,
      'decay/decoupled': decay.decoupled,
      'scratch/W0@5': last[0],
      'scratch/W1@5': last[1],
      'scratch/W2@5': last[2],
      'scratch/W3@5': last[3],
      'bias/m@1': bias[0].m,
      'bias/mHat@1': bias[0].mHat,
      'trace/update@1': trace[0].update,
      'trace/update@2': trace[1].update,
      'trace/update@3': trace[2].update,
      'naive/peakStep': naivePeak,
      'corrected/peakStep': Math.max(...withCorrection),
    },
    figures: [figure],
  };
}

export const adamFromScratch: Example = {
  name: 'adam-from-scratch',
  title: 'Adam from scratch vs @gradstack/optim, bias correction, a worked trace, L2 vs decoupled decay',
  tutorial: '003_01e564a901806f31.txt ("Adam — per-weight adaptive learning rates"); 004_ddc3277edcc77665.txt (Adam chapter)',
  run,
};
