import type { OptimizerLike } from '../optimizerLike.js';
import { LambdaLR } from './lambdaLR.js';
import type { LRSchedulerOptions } from './lrScheduler.js';
import { checkInteger } from './options.js';
import { warmupFactor } from './warmup.js';

export interface ConstantWithWarmupLROptions extends LRSchedulerOptions {
  /** Steps of linear warmup from 0 to the initial lr. */
  warmupSteps: number;
}

/** HF `get_constant_schedule_with_warmup` multiplier. */
export function constantWithWarmupMultiplier(step: number, warmupSteps: number): number {
  if (step < warmupSteps) return warmupFactor(step, warmupSteps);
  return 1.0;
}

/** Linear warmup, then the initial lr (HF `get_constant_schedule_with_warmup`). */
export class ConstantWithWarmupLR extends LambdaLR {
  constructor(optimizer: OptimizerLike, options: ConstantWithWarmupLROptions) {
    const warmupSteps = checkInteger('ConstantWithWarmupLR', 'warmupSteps', options.warmupSteps, 0);
    super(optimizer, { lrLambda: (step) => constantWithWarmupMultiplier(step, warmupSteps), lastEpoch: options.lastEpoch });
  }
}
