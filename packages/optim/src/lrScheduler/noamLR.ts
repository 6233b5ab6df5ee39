import type { OptimizerLike } from '../optimizerLike.js';
import { LambdaLR } from './lambdaLR.js';
import type { LRSchedulerOptions } from './lrScheduler.js';
import { checkInteger, checkNumber } from './options.js';

export interface NoamLROptions extends LRSchedulerOptions {
  /** Model width d_model. */
  dModel: number;
  /** Steps of warmup before the inverse-square-root decay. */
  warmupSteps: number;
  /** Overall scale (default 1). */
  factor?: number;
}

/** The Transformer schedule (Vaswani et al. 2017; annotated-transformer `rate`). Step 0 counts as step 1. */
export function noamMultiplier(step: number, dModel: number, warmupSteps: number, factor: number): number {
  const s = step === 0 ? 1 : step;
  return factor * (dModel ** -0.5 * Math.min(s ** -0.5, s * warmupSteps ** -1.5));
}

/** `lr = initialLr * factor * dModel^-0.5 * min(step^-0.5, step * warmupSteps^-1.5)`; use an initial lr of 1. */
export class NoamLR extends LambdaLR {
  constructor(optimizer: OptimizerLike, options: NoamLROptions) {
    const dModel = checkInteger('NoamLR', 'dModel', options.dModel, 1);
    const warmupSteps = checkInteger('NoamLR', 'warmupSteps', options.warmupSteps, 1);
    const factor = checkNumber('NoamLR', 'factor', options.factor ?? 1);
    super(optimizer, { lrLambda: (step) => noamMultiplier(step, dModel, warmupSteps, factor), lastEpoch: options.lastEpoch });
  }
}
