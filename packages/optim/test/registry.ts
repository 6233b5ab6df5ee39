/**
 * An OptimizerInfo-like registry (after PyTorch's torch/testing/_internal/common_optimizers.py):
 * for each optimizer its constructor, a learning rate that converges on a small convex quadratic,
 * an option grid, error inputs and capabilities. laws.test.ts and errors.test.ts run over it;
 * the tutorial optimizers add entries of the same type in registryTutorial.ts.
 */
import type { Tensor } from '@gradstack/core';
import {
  Adadelta, Adafactor, Adagrad, Adam, Adamax, AdamW, ASGD, LBFGS, NAdam, RAdam, RMSprop, Rprop, SGD,
  type Optimizer, type ParamGroupInput,
} from '../src/index.js';

export type OptimizerParams = Tensor[] | ParamGroupInput<{ lr: number }>[];

export interface OptimizerEntry {
  name: string;
  make: (params: OptimizerParams, options?: Record<string, unknown>) => Optimizer;
  /** Options (lr and anything else) under which `convergenceSteps` steps cut a convex quadratic's loss 10×. */
  reasonable: Record<string, unknown>;
  convergenceSteps: number;
  /** Option sets the laws run through (each merged over the constructor defaults). */
  optionGrid: Record<string, unknown>[];
  /** Each must make the constructor throw a RangeError whose message names `option`. */
  errorInputs: { option: string; options: Record<string, unknown> }[];
  supportsMaximize: boolean;
  weightDecay: 'L2' | 'decoupled' | 'none';
  /** step() needs a closure that recomputes loss and gradients (LBFGS). */
  needsClosure: boolean;
  /** Uses only gradients (not curvature or a line search over the loss). */
  firstOrder: boolean;
}

type Ctor = new (params: OptimizerParams, options?: Record<string, unknown>) => Optimizer;
const maker = (C: unknown) => (params: OptimizerParams, options: Record<string, unknown> = {}) => new (C as Ctor)(params, options);

const commonErrors = (extra: OptimizerEntry['errorInputs'] = []): OptimizerEntry['errorInputs'] => [
  { option: 'lr', options: { lr: -1e-3 } },
  { option: 'lr', options: { lr: Number.NaN } },
  ...extra,
];
const betaErrors: OptimizerEntry['errorInputs'] = [
  { option: 'betas', options: { betas: [1.0, 0.999] } },
  { option: 'betas', options: { betas: [0.9, -0.1] } },
  { option: 'eps', options: { eps: -1e-8 } },
];
const decayError = { option: 'weightDecay', options: { weightDecay: -0.1 } };

export const registry: OptimizerEntry[] = [
  {
    name: 'SGD',
    make: maker(SGD),
    reasonable: { lr: 0.05, momentum: 0.9 },
    convergenceSteps: 200,
    optionGrid: [{}, { momentum: 0.9 }, { momentum: 0.9, dampening: 0.5, weightDecay: 0.1 }, { momentum: 0.8, nesterov: true, weightDecay: 0.01 }],
    errorInputs: commonErrors([{ option: 'momentum', options: { momentum: -0.5 } }, decayError]),
    supportsMaximize: true,
    weightDecay: 'L2',
    needsClosure: false,
    firstOrder: true,
  },
  {
    name: 'Adam',
    make: maker(Adam),
    reasonable: { lr: 0.1 },
    convergenceSteps: 300,
    optionGrid: [{}, { amsgrad: true, weightDecay: 0.1 }, { betas: [0.5, 0.9], eps: 1e-3, decoupledWeightDecay: true, weightDecay: 0.1 }],
    errorInputs: commonErrors([...betaErrors, decayError]),
    supportsMaximize: true,
    weightDecay: 'L2',
    needsClosure: false,
    firstOrder: true,
  },
  {
    name: 'AdamW',
    make: maker(AdamW),
    reasonable: { lr: 0.1, weightDecay: 0 },
    convergenceSteps: 300,
    optionGrid: [{}, { amsgrad: true }, { betas: [0.5, 0.9], weightDecay: 0.5 }],
    errorInputs: commonErrors([...betaErrors, decayError]),
    supportsMaximize: true,
    weightDecay: 'decoupled',
    needsClosure: false,
    firstOrder: true,
  },
  {
    name: 'Adagrad',
    make: maker(Adagrad),
    reasonable: { lr: 0.5 },
    convergenceSteps: 300,
    optionGrid: [{}, { lrDecay: 0.01, weightDecay: 0.1 }, { initialAccumulatorValue: 0.1, eps: 1e-6 }],
    errorInputs: commonErrors([
      { option: 'lrDecay', options: { lrDecay: -0.1 } },
      decayError,
      { option: 'initialAccumulatorValue', options: { initialAccumulatorValue: -1 } },
      { option: 'eps', options: { eps: -1 } },
    ]),
    supportsMaximize: true,
    weightDecay: 'L2',
    needsClosure: false,
    firstOrder: true,
  },
  {
    name: 'RMSprop',
    make: maker(RMSprop),
    reasonable: { lr: 0.01 },
    convergenceSteps: 300,
    optionGrid: [{}, { centered: true, momentum: 0.5 }, { alpha: 0.9, weightDecay: 0.1, momentum: 0.9 }],
    errorInputs: commonErrors([
      { option: 'eps', options: { eps: -1 } },
      { option: 'momentum', options: { momentum: -0.9 } },
      decayError,
      { option: 'alpha', options: { alpha: -0.5 } },
    ]),
    supportsMaximize: true,
    weightDecay: 'L2',
    needsClosure: false,
    firstOrder: true,
  },
  {
    name: 'Adadelta',
    make: maker(Adadelta),
    reasonable: { lr: 5 },
    convergenceSteps: 300,
    optionGrid: [{}, { rho: 0.5, eps: 1e-4, weightDecay: 0.1 }],
    errorInputs: commonErrors([{ option: 'rho', options: { rho: 1.5 } }, { option: 'rho', options: { rho: -0.1 } }, { option: 'eps', options: { eps: -1 } }, decayError]),
    supportsMaximize: true,
    weightDecay: 'L2',
    needsClosure: false,
    firstOrder: true,
  },
  {
    name: 'Adamax',
    make: maker(Adamax),
    reasonable: { lr: 0.1 },
    convergenceSteps: 300,
    optionGrid: [{}, { betas: [0.5, 0.99], weightDecay: 0.1 }],
    errorInputs: commonErrors([...betaErrors, decayError]),
    supportsMaximize: true,
    weightDecay: 'L2',
    needsClosure: false,
    firstOrder: true,
  },
  {
    name: 'NAdam',
    make: maker(NAdam),
    reasonable: { lr: 0.1 },
    convergenceSteps: 300,
    optionGrid: [{}, { momentumDecay: 0.02, weightDecay: 0.1 }, { decoupledWeightDecay: true, weightDecay: 0.1 }],
    errorInputs: commonErrors([...betaErrors, decayError, { option: 'momentumDecay', options: { momentumDecay: -1 } }]),
    supportsMaximize: true,
    weightDecay: 'L2',
    needsClosure: false,
    firstOrder: true,
  },
  {
    name: 'RAdam',
    make: maker(RAdam),
    reasonable: { lr: 0.1 },
    convergenceSteps: 300,
    optionGrid: [{}, { weightDecay: 0.1 }, { decoupledWeightDecay: true, weightDecay: 0.1 }],
    errorInputs: commonErrors([...betaErrors, decayError]),
    supportsMaximize: true,
    weightDecay: 'L2',
    needsClosure: false,
    firstOrder: true,
  },
  {
    name: 'ASGD',
    make: maker(ASGD),
    reasonable: { lr: 0.05 },
    convergenceSteps: 300,
    optionGrid: [{}, { t0: 2, lambd: 0.01, weightDecay: 0.1 }],
    errorInputs: commonErrors([decayError, { option: 'lambd', options: { lambd: 'big' } }]),
    supportsMaximize: true,
    weightDecay: 'L2',
    needsClosure: false,
    firstOrder: true,
  },
  {
    name: 'Rprop',
    make: maker(Rprop),
    reasonable: { lr: 0.05 },
    convergenceSteps: 300,
    optionGrid: [{}, { etas: [0.3, 1.5], stepSizes: [1e-4, 0.5] }],
    errorInputs: commonErrors([
      { option: 'etas', options: { etas: [1.5, 1.2] } },
      { option: 'etas', options: { etas: [0.5, 0.9] } },
      { option: 'stepSizes', options: { stepSizes: [0.1] } },
    ]),
    supportsMaximize: true,
    weightDecay: 'none',
    needsClosure: false,
    firstOrder: true,
  },
  {
    name: 'Adafactor',
    make: maker(Adafactor),
    reasonable: { lr: 0.3 },
    convergenceSteps: 300,
    optionGrid: [{}, { beta2Decay: -0.5, d: 2, weightDecay: 0.1 }, { eps: [1e-4, 1e-2] }],
    errorInputs: commonErrors([
      { option: 'beta2Decay', options: { beta2Decay: 0.5 } },
      { option: 'd', options: { d: 0.5 } },
      { option: 'eps[0]', options: { eps: [-1, 1e-3] } },
      { option: 'eps[1]', options: { eps: [null, -1] } },
      decayError,
    ]),
    supportsMaximize: true,
    weightDecay: 'decoupled',
    needsClosure: false,
    firstOrder: true,
  },
  {
    name: 'LBFGS',
    make: maker(LBFGS),
    reasonable: { lr: 1, lineSearchFn: 'strong_wolfe' },
    convergenceSteps: 5,
    optionGrid: [{}, { lineSearchFn: 'strong_wolfe', historySize: 3 }, { maxIter: 4, lr: 0.5 }],
    errorInputs: commonErrors([
      { option: 'maxIter', options: { maxIter: 0 } },
      { option: 'historySize', options: { historySize: 1.5 } },
      { option: 'lineSearchFn', options: { lineSearchFn: 'armijo' } },
      { option: 'toleranceGrad', options: { toleranceGrad: -1 } },
    ]),
    supportsMaximize: false,
    weightDecay: 'none',
    needsClosure: true,
    firstOrder: false,
  },
];

/** The registry plus the tutorial optimizers' entries, once registryTutorial.ts exists (it lands separately). */
export async function allEntries(): Promise<OptimizerEntry[]> {
  const { existsSync } = await import('node:fs');
  const url = new URL('./registryTutorial.ts', import.meta.url);
  if (!existsSync(url)) return registry;
  const specifier = './registryTutorial.js'; // a variable, so the type checker does not require the file
  const mod = (await import(specifier)) as { registry?: OptimizerEntry[]; tutorialRegistry?: OptimizerEntry[]; default?: OptimizerEntry[] };
  const extra = mod.tutorialRegistry ?? mod.registry ?? mod.default;
  if (!Array.isArray(extra)) throw new Error('registryTutorial.ts exists but exports no OptimizerEntry[] (expected `tutorialRegistry`, `registry` or a default export)');
  return [...registry, ...extra];
}
