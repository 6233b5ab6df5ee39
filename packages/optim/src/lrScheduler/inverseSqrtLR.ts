import type { OptimizerLike } from '../optimizerLike.js';
import { LambdaLR } from './lambdaLR.js';
import type { LRSchedulerOptions } from './lrScheduler.js';
import { checkInteger, checkPositive } from './options.js';
import { warmupFactor } from './warmup.js';

export interface InverseSqrtLROptions extends LRSchedulerOptions {
  /** Steps of linear warmup from 0 to the initial lr. */
  warmupSteps: number;
  /** Time scale of the decay (default warmupSteps, or 10000 when that is 0). */
  timescale?: number;
}

/** HF `get_inverse_sqrt_schedule` multiplier. */
export function inverseSqrtMultiplier(step: number, warmupSteps: number, timescale: number): number {
  if (step < warmupSteps) return warmupFactor(step, warmupSteps);
  const shift = timescale - warmupSteps;
  return 1.0 / Math.sqrt((step + shift) / timescale);
}

/** Linear warmup, then decay as 1 / sqrt(step / timescale) (HF `get_inverse_sqrt_schedule`). */
export class InverseSqrtLR extends LambdaLR {
  constructor(optimizer: OptimizerLike, options: InverseSqrtLROptions) {
    const warmupSteps = checkInteger('InverseSqrtLR', 'warmupSteps', options.warmupSteps, 0);
    const timescale = checkPositive('InverseSqrtLR', 'timescale', options.timescale ?? (warmupSteps || 10_000));
    super(optimizer, { lrLambda: (step) => inverseSqrtMultiplier(step, warmupSteps, timescale), lastEpoch: options.lastEpoch });
  }
}
