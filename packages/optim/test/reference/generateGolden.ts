/**
 * Writes packages/optim/test/golden/<optimizer>.json: for each optimizer a grid of option cases, each
 * with fixed initial params, a seeded gradient sequence (with null grads to exercise the skip rule),
 * the expected params after every step and the final state under PyTorch's key names.
 *
 *   npx tsx packages/optim/test/reference/generateGolden.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { adadeltaTrajectory } from './adadelta.js';
import { adafactorTrajectory } from './adafactor.js';
import { adagradTrajectory } from './adagrad.js';
import { adamTrajectory } from './adam.js';
import { ADAM8BIT_BLOCK_SIZE, adam8bitTrajectory, SIGNED_DYNAMIC_MAP, UNSIGNED_DYNAMIC_MAP } from './adam8bit.js';
import { adamaxTrajectory } from './adamax.js';
import { adamwTrajectory } from './adamw.js';
import { asgdTrajectory } from './asgd.js';
import { numel, type GradSequence, type ParamState, type RefTensor, type Trajectory } from './float32.js';
import { galoreAdamWTrajectory, type GaloreAdamWOptions } from './galoreAdamW.js';
import { jacobiSvd } from './jacobiSvd.js';
import { lambTrajectory } from './lamb.js';
import { larsTrajectory } from './lars.js';
import { lbfgsTrajectory, type LbfgsOptions } from './lbfgs.js';
import { lionTrajectory } from './lion.js';
import { nadamTrajectory } from './nadam.js';
import type { Objective } from './objectives.js';
import { radamTrajectory } from './radam.js';
import { rmspropTrajectory } from './rmsprop.js';
import { rpropTrajectory } from './rprop.js';
import { normalSampler } from './seededRandom.js';
import { sgdTrajectory } from './sgd.js';
import { sophiaGTrajectory, type HessianUpdate } from './sophiaG.js';

const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'golden');
const TOLERANCE = { rel: 1e-5, abs: 1e-7 };

interface GoldenCase {
  name: string;
  options: Record<string, unknown>;
  params: RefTensor[];
  grads: GradSequence;
  expected: number[][][];
  finalState: (ParamState | null)[];
}

type Options = Record<string, unknown>;
type Reference = (params: RefTensor[], grads: GradSequence, options: Options) => Trajectory;

/** Initial params: a 3×4 matrix, a 4-vector and a 2-vector, quantised to multiples of 2^-8. */
function makeParams(seed: number, shapes: number[][] = [[3, 4], [4], [2]]): RefTensor[] {
  const sample = normalSampler(seed, 0.5);
  return shapes.map((shape) => ({ shape, values: Array.from({ length: numel(shape) }, () => Math.round(sample() * 256) / 256) }));
}

/**
 * Gradient sequence: per step, per param, a seeded normal sample plus a per-param drift (so momentum
 * and sign-based methods see both persistent and flipping coordinates). The last param has no grad on
 * step 0 (lazy state starts late) and on step 4 (skip rule mid-run).
 */
function makeGrads(seed: number, params: readonly RefTensor[], steps: number, nullAt: [number, number][] = defaultNulls(params)): GradSequence {
  const sample = normalSampler(seed);
  const drift = params.map((p) => p.values.map(() => sample() * 0.5));
  const grads: GradSequence = [];
  for (let s = 0; s < steps; s++) {
    grads.push(params.map((p, i) => (nullAt.some(([step, param]) => step === s && param === i) ? null : p.values.map((_, j) => drift[i][j] + sample()))));
  }
  return grads;
}

const defaultNulls = (params: readonly RefTensor[]): [number, number][] => [
  [0, params.length - 1],
  [4, params.length - 1],
];

function runCases(reference: Reference, cases: { name: string; options: Options; steps?: number; shapes?: number[][] }[], seed: number): GoldenCase[] {
  return cases.map((c, k) => {
    const params = makeParams(seed + 17 * k, c.shapes);
    const grads = makeGrads(seed + 17 * k + 1, params, c.steps ?? 12);
    const trajectory = reference(params, grads, c.options);
    return { name: c.name, options: c.options, params, grads, expected: trajectory.params, finalState: trajectory.state };
  });
}

function assertFinite(optimizer: string, cases: { name: string; expected: number[][][] }[]): void {
  for (const c of cases) {
    if (!c.expected.flat(2).every(Number.isFinite)) throw new Error(`${optimizer}/${c.name}: non-finite trajectory`);
  }
}

function write(optimizer: string, body: Record<string, unknown> & { cases: { name: string; expected: number[][][] }[] }, tolerance = TOLERANCE): void {
  assertFinite(optimizer, body.cases);
  mkdirSync(GOLDEN_DIR, { recursive: true });
  const file = join(GOLDEN_DIR, `${optimizer}.json`);
  // 9 significant digits round-trip every float32 exactly (Math.fround recovers the stored value).
  // float32 values round-trip through 9 significant digits; anything else (objective data) is kept exact.
  const compact = (_key: string, value: unknown) =>
    typeof value === 'number' && !Number.isInteger(value) && Math.fround(value) === value ? Number(value.toPrecision(9)) : value;
  writeFileSync(file, JSON.stringify({ optimizer, generator: 'packages/optim/test/reference/generateGolden.ts', tolerance, ...body }, compact) + '\n');
  console.log(`${file}: ${body.cases.length} cases`);
}

function elementwise(optimizer: string, reference: Reference, cases: { name: string; options: Options; steps?: number; shapes?: number[][] }[], seed: number): void {
  write(optimizer, { cases: runCases(reference, cases, seed) });
}

const as = <O>(fn: (p: RefTensor[], g: GradSequence, o: O) => Trajectory): Reference => fn as unknown as Reference;

elementwise('sgd', as(sgdTrajectory), [
  { name: 'defaults', options: {} },
  { name: 'plain', options: { lr: 0.1 } },
  { name: 'momentum', options: { lr: 0.1, momentum: 0.9 } },
  { name: 'dampening', options: { lr: 0.1, momentum: 0.9, dampening: 0.3 } },
  { name: 'nesterov', options: { lr: 0.1, momentum: 0.9, nesterov: true } },
  { name: 'weightDecay', options: { lr: 0.1, weightDecay: 0.1 } },
  { name: 'maximize', options: { lr: 0.1, maximize: true } },
  { name: 'momentum+weightDecay+maximize', options: { lr: 0.05, momentum: 0.8, weightDecay: 0.05, maximize: true } },
  { name: 'nesterov+weightDecay', options: { lr: 0.05, momentum: 0.5, nesterov: true, weightDecay: 0.2 } },
  { name: 'dampening+weightDecay', options: { lr: 0.05, momentum: 0.9, dampening: 0.9, weightDecay: 0.01 } },
], 100);

elementwise('adagrad', as(adagradTrajectory), [
  { name: 'defaults', options: {} },
  { name: 'lr', options: { lr: 0.1 } },
  { name: 'lrDecay', options: { lr: 0.1, lrDecay: 0.1 } },
  { name: 'weightDecay', options: { lr: 0.1, weightDecay: 0.1 } },
  { name: 'initialAccumulatorValue', options: { lr: 0.1, initialAccumulatorValue: 0.5 } },
  { name: 'eps', options: { lr: 0.1, eps: 0.1 } },
  { name: 'maximize', options: { lr: 0.1, maximize: true } },
  { name: 'all', options: { lr: 0.05, lrDecay: 0.01, weightDecay: 0.05, initialAccumulatorValue: 0.1, eps: 1e-6, maximize: true } },
], 200);

elementwise('rmsprop', as(rmspropTrajectory), [
  { name: 'defaults', options: {} },
  { name: 'alpha+eps', options: { lr: 0.01, alpha: 0.9, eps: 1e-3 } },
  { name: 'centered', options: { lr: 0.01, centered: true } },
  { name: 'momentum', options: { lr: 0.01, momentum: 0.9 } },
  { name: 'centered+momentum', options: { lr: 0.01, momentum: 0.5, centered: true } },
  { name: 'weightDecay', options: { lr: 0.01, weightDecay: 0.1 } },
  { name: 'maximize', options: { lr: 0.01, maximize: true } },
  { name: 'all', options: { lr: 0.005, alpha: 0.95, eps: 1e-6, weightDecay: 0.05, momentum: 0.7, centered: true, maximize: true } },
], 300);

elementwise('adadelta', as(adadeltaTrajectory), [
  { name: 'defaults', options: {} },
  { name: 'lr+rho', options: { lr: 0.5, rho: 0.5 } },
  { name: 'eps', options: { eps: 1e-3 } },
  { name: 'weightDecay', options: { weightDecay: 0.1 } },
  { name: 'maximize', options: { maximize: true } },
  { name: 'all', options: { lr: 2.0, rho: 0.8, eps: 1e-4, weightDecay: 0.05, maximize: true } },
], 400);

elementwise('adam', as(adamTrajectory), [
  { name: 'defaults', options: {} },
  { name: 'lr', options: { lr: 0.01 } },
  { name: 'betas+eps', options: { lr: 0.01, betas: [0.8, 0.99], eps: 1e-3 } },
  { name: 'amsgrad', options: { lr: 0.01, amsgrad: true } },
  { name: 'weightDecay', options: { lr: 0.01, weightDecay: 0.1 } },
  { name: 'decoupledWeightDecay', options: { lr: 0.01, weightDecay: 0.1, decoupledWeightDecay: true } },
  { name: 'maximize', options: { lr: 0.01, maximize: true } },
  { name: 'amsgrad+weightDecay+maximize', options: { lr: 0.01, amsgrad: true, weightDecay: 0.05, maximize: true } },
], 500);

elementwise('adamw', as(adamwTrajectory), [
  { name: 'defaults', options: {} },
  { name: 'lr+weightDecay', options: { lr: 0.01, weightDecay: 0.1 } },
  { name: 'weightDecay0', options: { lr: 0.01, weightDecay: 0 } },
  { name: 'betas+eps', options: { lr: 0.01, betas: [0.8, 0.99], eps: 1e-3 } },
  { name: 'amsgrad', options: { lr: 0.01, amsgrad: true } },
  { name: 'maximize', options: { lr: 0.01, maximize: true } },
  { name: 'amsgrad+maximize', options: { lr: 0.01, amsgrad: true, maximize: true, weightDecay: 0.5 } },
], 600);

elementwise('adamax', as(adamaxTrajectory), [
  { name: 'defaults', options: {} },
  { name: 'betas', options: { lr: 0.01, betas: [0.8, 0.9] } },
  { name: 'eps', options: { lr: 0.01, eps: 0.1 } },
  { name: 'weightDecay', options: { lr: 0.01, weightDecay: 0.1 } },
  { name: 'maximize', options: { lr: 0.01, maximize: true } },
  { name: 'all', options: { lr: 0.02, betas: [0.5, 0.99], eps: 1e-4, weightDecay: 0.05, maximize: true } },
], 700);

elementwise('nadam', as(nadamTrajectory), [
  { name: 'defaults', options: {} },
  { name: 'betas+eps', options: { lr: 0.01, betas: [0.8, 0.99], eps: 1e-3 } },
  { name: 'momentumDecay', options: { lr: 0.01, momentumDecay: 0.1 } },
  { name: 'weightDecay', options: { lr: 0.01, weightDecay: 0.1 } },
  { name: 'decoupledWeightDecay', options: { lr: 0.01, weightDecay: 0.1, decoupledWeightDecay: true } },
  { name: 'maximize', options: { lr: 0.01, maximize: true } },
  { name: 'all', options: { lr: 0.01, momentumDecay: 0.02, weightDecay: 0.05, decoupledWeightDecay: true, maximize: true } },
], 800);

elementwise('radam', as(radamTrajectory), [
  { name: 'defaults', options: {}, steps: 20 },
  { name: 'betas+eps', options: { lr: 0.01, betas: [0.8, 0.99], eps: 1e-3 }, steps: 20 },
  { name: 'weightDecay', options: { lr: 0.01, weightDecay: 0.1 }, steps: 20 },
  { name: 'decoupledWeightDecay', options: { lr: 0.01, weightDecay: 0.1, decoupledWeightDecay: true }, steps: 20 },
  { name: 'maximize', options: { lr: 0.01, maximize: true }, steps: 20 },
], 900);

elementwise('asgd', as(asgdTrajectory), [
  { name: 'defaults', options: {} },
  { name: 'lambd+alpha', options: { lr: 0.05, lambd: 0.1, alpha: 0.5 } },
  { name: 't0', options: { lr: 0.05, lambd: 0.01, t0: 3 } },
  { name: 'weightDecay', options: { lr: 0.05, weightDecay: 0.1 } },
  { name: 'maximize', options: { lr: 0.05, maximize: true } },
  { name: 'all', options: { lr: 0.05, lambd: 0.05, alpha: 0.6, t0: 2, weightDecay: 0.05, maximize: true } },
], 1000);

elementwise('rprop', as(rpropTrajectory), [
  { name: 'defaults', options: {} },
  { name: 'lr', options: { lr: 0.05 } },
  { name: 'etas', options: { lr: 0.01, etas: [0.3, 1.5] } },
  { name: 'stepSizes', options: { lr: 0.01, stepSizes: [0.005, 0.02] } },
  { name: 'maximize', options: { lr: 0.01, maximize: true } },
  { name: 'all', options: { lr: 0.02, etas: [0.25, 2], stepSizes: [0.001, 0.05], maximize: true } },
], 1100);

const adafactorShapes = [[3, 4], [2, 2, 3], [4], [2]];
elementwise('adafactor', as(adafactorTrajectory), [
  { name: 'defaults', options: {}, shapes: adafactorShapes },
  { name: 'lr', options: { lr: 0.5 }, shapes: adafactorShapes },
  { name: 'beta2Decay', options: { beta2Decay: -0.5 }, shapes: adafactorShapes },
  { name: 'd', options: { lr: 0.5, d: 2 }, shapes: adafactorShapes },
  { name: 'weightDecay', options: { lr: 0.1, weightDecay: 0.5 }, shapes: adafactorShapes },
  { name: 'eps', options: { eps: [1e-3, 0.1] }, shapes: adafactorShapes },
  { name: 'maximize', options: { maximize: true }, shapes: adafactorShapes },
  { name: 'all', options: { lr: 0.2, beta2Decay: -0.6, d: 2, weightDecay: 0.1, eps: [1e-4, 1e-2], maximize: true }, shapes: adafactorShapes },
], 1200);

elementwise('lion', as(lionTrajectory), [
  { name: 'defaults', options: {} },
  { name: 'lr', options: { lr: 0.01 } },
  { name: 'betas', options: { lr: 0.01, betas: [0.5, 0.9] } },
  { name: 'weightDecay', options: { lr: 0.01, weightDecay: 1.0 } },
], 1300);

elementwise('lamb', as(lambTrajectory), [
  { name: 'defaults', options: {} },
  { name: 'lr+betas+eps', options: { lr: 0.01, betas: [0.8, 0.99], eps: 1e-3 } },
  { name: 'weightDecay', options: { lr: 0.01, weightDecay: 0.1 } },
  { name: 'clampValue', options: { lr: 0.01, clampValue: 0.5 } },
  { name: 'debias', options: { lr: 0.01, debias: true } },
  { name: 'adam', options: { lr: 0.01, adam: true, weightDecay: 0.1 } },
], 1400);

elementwise('lars', as(larsTrajectory), [
  { name: 'defaults', options: {} },
  { name: 'plainSgd', options: { lr: 0.1, momentum: 0.9 } },
  { name: 'weightDecay', options: { lr: 0.5, weightDecay: 0.1 } },
  { name: 'alwaysAdapt', options: { lr: 0.5, alwaysAdapt: true } },
  { name: 'trustCoeff+eps', options: { lr: 0.5, alwaysAdapt: true, trustCoeff: 0.02, eps: 1e-3 } },
  { name: 'trustClip', options: { lr: 0.01, weightDecay: 0.1, trustClip: true, trustCoeff: 0.05 } },
  { name: 'momentum+weightDecay', options: { lr: 0.5, weightDecay: 0.05, momentum: 0.9 } },
  { name: 'dampening', options: { lr: 0.5, weightDecay: 0.05, momentum: 0.9, dampening: 0.5 } },
  { name: 'nesterov', options: { lr: 0.5, weightDecay: 0.05, momentum: 0.9, nesterov: true } },
], 1500);

// ---- SophiaG: gradients plus the Hessian-estimate gradients fed to updateHessian() ----
{
  const cases = [
    { name: 'defaults', options: {}, stepOptions: { bs: 5120 }, k: 3 },
    { name: 'noHessianUpdates', options: { lr: 0.01 }, stepOptions: { bs: 5120 }, k: 0 },
    { name: 'lr+rho+bs', options: { lr: 0.01, rho: 0.1, weightDecay: 0 }, stepOptions: { bs: 1 }, k: 2 },
    { name: 'betas+weightDecay', options: { lr: 0.01, betas: [0.9, 0.95], weightDecay: 0.5 }, stepOptions: { bs: 4 }, k: 3 },
    { name: 'maximize', options: { lr: 0.01, maximize: true }, stepOptions: { bs: 2 }, k: 2 },
  ];
  const golden = cases.map((c, idx) => {
    const params = makeParams(1600 + 17 * idx);
    const grads = makeGrads(1601 + 17 * idx, params, 12);
    const sample = normalSampler(1602 + 17 * idx, 0.5);
    // Authors' loop: updateHessian() after every k-th step (steps k-1, 2k-1, ...), with fresh ĝ.
    const hessianUpdates: HessianUpdate[] = [];
    if (c.k > 0) {
      for (let s = c.k - 1; s < 12; s += c.k) {
        hessianUpdates.push({ afterStep: s, grads: params.map((p, i) => (s === 4 && i === params.length - 1 ? null : p.values.map(() => sample()))) });
      }
    }
    const trajectory = sophiaGTrajectory(params, grads, hessianUpdates, c.options as never, c.stepOptions);
    return { name: c.name, options: c.options, stepOptions: c.stepOptions, params, grads, hessianUpdates, expected: trajectory.params, finalState: trajectory.state };
  });
  write('sophiaG', { cases: golden });
}

// ---- Adam8bit: 32-bit path (numel < min8bitSize) and the block-wise 8-bit path ----
{
  const big = [[16, 20], [5]]; // 320 = 1 full block of 256 + a partial block of 64
  const cases = [
    { name: 'defaults32bit', options: {} },
    { name: 'lr32bit', options: { lr: 0.01, weightDecay: 0.1 } },
    { name: 'blockwise8bit', options: { lr: 0.01, min8bitSize: 256 }, shapes: big },
    { name: 'blockwise8bit+weightDecay', options: { lr: 0.01, weightDecay: 0.1, min8bitSize: 256 }, shapes: big },
    { name: 'blockwise8bit+betas+eps', options: { lr: 0.01, betas: [0.8, 0.99], eps: 1e-3, min8bitSize: 256 }, shapes: big },
  ];
  write('adam8bit', {
    blockSize: ADAM8BIT_BLOCK_SIZE,
    quantizationMaps: { signed: SIGNED_DYNAMIC_MAP, unsigned: UNSIGNED_DYNAMIC_MAP },
    cases: runCases(as(adam8bitTrajectory), cases, 1700),
  });
}

// ---- GaLoreAdamW: all params 2-D in one GaLore group (or no rank: plain HF-style AdamW) ----
{
  const galoreShapes = [[6, 4], [4, 6]];
  const cases: { name: string; options: GaloreAdamWOptions; shapes?: number[][] }[] = [
    { name: 'plainAdamW', options: { lr: 0.01, weightDecay: 0.1 } },
    { name: 'plainAdamW+noCorrectBias', options: { lr: 0.01, correctBias: false, eps: 1e-3 } },
    { name: 'std', options: { lr: 0.01, rank: 2, updateProjGap: 200 }, shapes: galoreShapes },
    { name: 'std+updateProjGap', options: { lr: 0.01, rank: 2, updateProjGap: 4 }, shapes: galoreShapes },
    { name: 'reverse_std', options: { lr: 0.01, rank: 2, updateProjGap: 4, projType: 'reverse_std' }, shapes: galoreShapes },
    { name: 'left', options: { lr: 0.01, rank: 2, updateProjGap: 5, projType: 'left' }, shapes: galoreShapes },
    { name: 'right', options: { lr: 0.01, rank: 2, updateProjGap: 5, projType: 'right' }, shapes: galoreShapes },
    { name: 'full', options: { lr: 0.01, rank: 2, updateProjGap: 5, projType: 'full' }, shapes: galoreShapes },
    { name: 'scale+weightDecay+betas', options: { lr: 0.01, rank: 3, updateProjGap: 4, scale: 0.25, weightDecay: 0.1, betas: [0.8, 0.99] }, shapes: galoreShapes },
    { name: 'correctBias+eps', options: { lr: 0.01, rank: 1, updateProjGap: 3, correctBias: false, eps: 1e-3 }, shapes: galoreShapes },
  ];
  const golden = runCases(as(galoreAdamWTrajectory), cases as never, 1800);
  // The projector is unique up to sign only if the leading rank+1 singular values are well separated.
  golden.forEach((c, idx) => {
    const rank = cases[idx].options.rank;
    if (rank === undefined) return;
    for (const stepGrads of c.grads) {
      stepGrads.forEach((g, i) => {
        if (g === null) return;
        const [m, n] = c.params[i].shape;
        const { S } = jacobiSvd(g, m, n);
        for (let r = 0; r < Math.min(rank, S.length - 1); r++) {
          if ((S[r] - S[r + 1]) / S[0] < 0.02) throw new Error(`galore/${c.name}: singular values ${S[r]}, ${S[r + 1]} too close`);
        }
      });
    }
  });
  write('galoreAdamW', { svdSignConvention: 'largest-magnitude entry of each right singular vector (row of Vh) positive; U columns follow', cases: golden });
}

// ---- LBFGS: fixtures are defined by an objective over the flat params, not a gradient list ----
{
  const quadraticParams: RefTensor[] = [
    { shape: [2, 2], values: [0.5, -1.25, 2, 0.75] },
    { shape: [2], values: [-0.5, 1] },
  ];
  // A = MᵀM + I (SPD, condition ≈ 20) and b fixed; both exactly representable.
  const n = 6;
  const sample = normalSampler(1900, 0.5);
  const M = Array.from({ length: n * n }, () => Math.round(sample() * 64) / 64);
  const A = Array.from({ length: n * n }, (_, idx) => {
    const i = Math.floor(idx / n);
    const j = idx % n;
    let s = i === j ? 1 : 0;
    for (let k = 0; k < n; k++) s += M[k * n + i] * M[k * n + j];
    return Math.round(s * 1024) / 1024;
  });
  const Asym = A.map((_, idx) => A[(idx % n) * n + Math.floor(idx / n)] / 2 + A[idx] / 2);
  const quadratic: Objective = { type: 'quadratic', A: Asym, b: [1, -0.5, 0.25, 2, -1, 0.5] };
  const rosenbrockParams: RefTensor[] = [{ shape: [2], values: [-1.25, 1] }, { shape: [1], values: [0.5] }];
  const rosenbrock: Objective = { type: 'rosenbrock' };
  const cases: { name: string; objective: Objective; params: RefTensor[]; steps: number; options: LbfgsOptions }[] = [
    { name: 'quadratic+defaults', objective: quadratic, params: quadraticParams, steps: 3, options: {} },
    { name: 'quadratic+maxIter+historySize', objective: quadratic, params: quadraticParams, steps: 5, options: { maxIter: 4, historySize: 2 } },
    { name: 'quadratic+lr', objective: quadratic, params: quadraticParams, steps: 4, options: { lr: 0.5, maxIter: 5 } },
    { name: 'quadratic+strong_wolfe', objective: quadratic, params: quadraticParams, steps: 3, options: { lineSearchFn: 'strong_wolfe', maxIter: 5 } },
    { name: 'quadratic+maxEval', objective: quadratic, params: quadraticParams, steps: 3, options: { maxIter: 10, maxEval: 4 } },
    { name: 'quadratic+toleranceGrad', objective: quadratic, params: quadraticParams, steps: 3, options: { maxIter: 20, toleranceGrad: 1e-2 } },
    { name: 'quadratic+toleranceChange', objective: quadratic, params: quadraticParams, steps: 3, options: { maxIter: 20, toleranceChange: 1e-3 } },
    { name: 'rosenbrock+lr', objective: rosenbrock, params: rosenbrockParams, steps: 4, options: { lr: 0.1, maxIter: 5 } },
    { name: 'rosenbrock+strong_wolfe', objective: rosenbrock, params: rosenbrockParams, steps: 4, options: { lineSearchFn: 'strong_wolfe', maxIter: 6, historySize: 4 } },
  ];
  const golden = cases.map((c) => {
    const trajectory = lbfgsTrajectory(c.params, c.objective, c.steps, c.options);
    return {
      name: c.name,
      options: c.options,
      params: c.params,
      objective: c.objective,
      steps: c.steps,
      expected: trajectory.params,
      losses: trajectory.losses,
      funcEvals: trajectory.funcEvals,
      nIters: trajectory.nIters,
      finalState: [trajectory.state, ...c.params.slice(1).map(() => null)],
    };
  });
  // Once converged, LBFGS iterates on float32 noise (ys ≈ 1e-12), so an absolute floor is needed too.
  write('lbfgs', { cases: golden }, { rel: 1e-5, abs: 1e-5 });
}
