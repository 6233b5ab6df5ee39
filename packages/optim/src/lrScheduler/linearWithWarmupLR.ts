import type { OptimizerLike } from '../optimizerLike.js';
import { LambdaLR } from './lambdaLR.js';
import type { LRSchedulerOptions } from './lrScheduler.js';
import { checkInteger } from './options.js';
import { warmupFactor } from './warmup.js';

export interface LinearWithWarmupLROptions extends LRSchedulerOptions {
  /** Steps of linear warmup from 0 to the initial lr. */
  warmupSteps: number;
  /** Step at which the linear decay reaches 0. */
  totalSteps: number;
}

/** HF `get_linear_schedule_with_warmup` multiplier. */
export function linearWithWarmupMultiplier(step: number, warmupSteps: number, totalSteps: number): number {
  if (step < warmupSteps) return warmupFactor(step, warmupSteps);
  return Math.max(0.0, (totalSteps - step) / Math.max(1, totalSteps - warmupSteps));
}

/** Linear warmup, then linear decay to 0 at `totalSteps` (HF `get_linear_schedule_with_warmup`). */
export class LinearWithWarmupLR extends LambdaLR {
  constructor(optimizer: OptimizerLike, options: LinearWithWarmupLROptions) {
    const warmupSteps = checkInteger('LinearWithWarmupLR', 'warmupSteps', options.warmupSteps, 0);
    const totalSteps = checkInteger('LinearWithWarmupLR', 'totalSteps', options.totalSteps, 0);
    super(optimizer, { lrLambda: (step) => linearWithWarmupMultiplier(step, warmupSteps, totalSteps), lastEpoch: options.lastEpoch });
  }
}
