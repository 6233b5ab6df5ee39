import type { OptimizerLike } from '../optimizerLike.js';
import { LambdaLR } from './lambdaLR.js';
import type { LRSchedulerOptions } from './lrScheduler.js';
import { checkInteger, checkNumber } from './options.js';
import { warmupFactor } from './warmup.js';

export interface CosineWithHardRestartsWithWarmupLROptions extends LRSchedulerOptions {
  /** Steps of linear warmup from 0 to the initial lr. */
  warmupSteps: number;
  /** Length of the schedule; the lr is 0 from here on. */
  totalSteps: number;
  /** Number of cosine decays (hard restarts) after warmup (default 1). */
  numCycles?: number;
}

/** HF `get_cosine_with_hard_restarts_schedule_with_warmup` multiplier. */
export function cosineWithHardRestartsMultiplier(step: number, warmupSteps: number, totalSteps: number, numCycles: number): number {
  if (step < warmupSteps) return warmupFactor(step, warmupSteps);
  const progress = (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
  if (progress >= 1.0) return 0.0;
  return Math.max(0.0, 0.5 * (1.0 + Math.cos(Math.PI * ((numCycles * progress) % 1.0))));
}

/** Linear warmup, then `numCycles` cosine decays from the initial lr to 0, each a hard restart. */
export class CosineWithHardRestartsWithWarmupLR extends LambdaLR {
  constructor(optimizer: OptimizerLike, options: CosineWithHardRestartsWithWarmupLROptions) {
    const name = 'CosineWithHardRestartsWithWarmupLR';
    const warmupSteps = checkInteger(name, 'warmupSteps', options.warmupSteps, 0);
    const totalSteps = checkInteger(name, 'totalSteps', options.totalSteps, 0);
    const numCycles = checkNumber(name, 'numCycles', options.numCycles ?? 1);
    super(optimizer, {
      lrLambda: (step) => cosineWithHardRestartsMultiplier(step, warmupSteps, totalSteps, numCycles),
      lastEpoch: options.lastEpoch,
    });
  }
}
