/**
 * Registry entries (OptimizerEntry, see registry.ts) for the tutorial optimizers: Lion, LAMB,
 * LARS, SophiaG, Adam8bit, GaLoreAdamW. laws.test.ts runs its invariant matrix over them.
 * Adam8bit's grid sets min8bitSize 1 so the small test tensors take the quantized path.
 * GaLoreAdamW's grid has no `rank`: the matrix uses vectors, which a GaLore group rejects; the
 * projected path is covered in tutorialOptimizers.test.ts (resume, rank, state size).
 */
import { Adam8bit, GaLoreAdamW, LAMB, LARS, Lion, SophiaG } from '../src/index.js';
import type { OptimizerEntry, OptimizerParams } from './registry.js';

type Ctor = new (params: OptimizerParams, options?: Record<string, unknown>) => import('../src/index.js').Optimizer;
const maker = (C: unknown) => (params: OptimizerParams, options: Record<string, unknown> = {}) => new (C as Ctor)(params, options);

const lrErrors: OptimizerEntry['errorInputs'] = [
  { option: 'lr', options: { lr: -1e-3 } },
  { option: 'lr', options: { lr: Number.NaN } },
];
const betaErrors: OptimizerEntry['errorInputs'] = [
  { option: 'betas', options: { betas: [1.0, 0.999] } },
  { option: 'betas', options: { betas: [0.9, -0.1] } },
];
const decayError = { option: 'weightDecay', options: { weightDecay: -0.1 } };
const epsError = { option: 'eps', options: { eps: -1e-8 } };

export const tutorialRegistry: OptimizerEntry[] = [
  {
    name: 'Lion',
    make: maker(Lion),
    reasonable: { lr: 0.01 },
    convergenceSteps: 300,
    optionGrid: [{}, { lr: 0.01, weightDecay: 0.5 }, { betas: [0.5, 0.9] }],
    errorInputs: [...lrErrors, ...betaErrors, decayError],
    supportsMaximize: false,
    weightDecay: 'decoupled',
    needsClosure: false,
    firstOrder: true,
  },
  {
    name: 'LAMB',
    make: maker(LAMB),
    reasonable: { lr: 0.05 },
    convergenceSteps: 300,
    optionGrid: [{}, { weightDecay: 0.1, clampValue: 0.5 }, { debias: true, betas: [0.8, 0.99], eps: 1e-3 }, { adam: true }],
    errorInputs: [...lrErrors, ...betaErrors, epsError, decayError, { option: 'clampValue', options: { clampValue: -1 } }],
    supportsMaximize: false,
    weightDecay: 'decoupled',
    needsClosure: false,
    firstOrder: true,
  },
  {
    name: 'LARS',
    make: maker(LARS),
    reasonable: { lr: 0.05, momentum: 0.9 },
    convergenceSteps: 200,
    optionGrid: [{}, { momentum: 0.9, weightDecay: 0.05 }, { alwaysAdapt: true, trustCoeff: 0.02 }, { weightDecay: 0.1, trustClip: true, momentum: 0.9, nesterov: true }],
    errorInputs: [
      ...lrErrors,
      { option: 'momentum', options: { momentum: -0.5 } },
      decayError,
      { option: 'nesterov', options: { nesterov: true, momentum: 0 } },
    ],
    supportsMaximize: false,
    weightDecay: 'L2',
    needsClosure: false,
    firstOrder: true,
  },
  {
    name: 'SophiaG',
    make: maker(SophiaG),
    // Without updateHessian calls SophiaG is clipped sign-momentum: a Lion-like lr converges.
    reasonable: { lr: 0.01, weightDecay: 0 },
    convergenceSteps: 300,
    optionGrid: [{}, { lr: 0.01, rho: 0.1 }, { betas: [0.9, 0.95], weightDecay: 0.5 }],
    errorInputs: [...lrErrors, ...betaErrors, decayError, { option: 'rho', options: { rho: -0.04 } }],
    supportsMaximize: true,
    weightDecay: 'decoupled',
    needsClosure: false,
    firstOrder: false,
  },
  {
    name: 'Adam8bit',
    make: maker(Adam8bit),
    reasonable: { lr: 0.1, min8bitSize: 1 },
    convergenceSteps: 300,
    optionGrid: [{ min8bitSize: 1 }, {}, { min8bitSize: 1, weightDecay: 0.1, betas: [0.8, 0.99], eps: 1e-3 }],
    errorInputs: [...lrErrors, ...betaErrors, epsError, decayError, { option: 'min8bitSize', options: { min8bitSize: -1 } }],
    supportsMaximize: false,
    weightDecay: 'decoupled',
    needsClosure: false,
    firstOrder: true,
  },
  {
    name: 'GaLoreAdamW',
    make: maker(GaLoreAdamW),
    reasonable: { lr: 0.1 },
    convergenceSteps: 300,
    optionGrid: [{}, { correctBias: false, eps: 1e-3 }, { weightDecay: 0.1, betas: [0.8, 0.99] }],
    errorInputs: [
      ...lrErrors,
      ...betaErrors,
      epsError,
      { option: 'rank', options: { rank: 0 } },
      { option: 'updateProjGap', options: { rank: 1, updateProjGap: 0 } },
      { option: 'projType', options: { rank: 1, projType: 'diagonal' } },
    ],
    supportsMaximize: false,
    weightDecay: 'decoupled',
    needsClosure: false,
    firstOrder: true,
  },
];
