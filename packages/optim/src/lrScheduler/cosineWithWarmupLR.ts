import type { OptimizerLike } from '../optimizerLike.js';
import { LambdaLR } from './lambdaLR.js';
import type { LRSchedulerOptions } from './lrScheduler.js';
import { checkInteger, checkNumber, defaultLr } from './options.js';
import { warmupFactor } from './warmup.js';

export interface CosineWithWarmupLROptions extends LRSchedulerOptions {
  /** Steps of linear warmup from 0 to the initial lr. */
  warmupSteps: number;
  /** Length of the schedule: warmup plus cosine. */
  totalSteps: number;
  /** Number of cosine waves after warmup (default 0.5: one half-cosine down). */
  numCycles?: number;
  /** Floor as a fraction of each group's initial lr (default 0). */
  minLrRate?: number;
  /** Absolute floor; HF turns it into minLrRate = minLr / optimizer default lr. */
  minLr?: number;
}

/** HF `get_cosine_with_min_lr_schedule_with_warmup` multiplier (minLrRate 0 is `get_cosine_schedule_with_warmup`). */
export function cosineWithWarmupMultiplier(step: number, warmupSteps: number, totalSteps: number, numCycles: number, minLrRate: number): number {
  if (step < warmupSteps) return warmupFactor(step, warmupSteps);
  const progress = (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
  let factor = 0.5 * (1.0 + Math.cos(Math.PI * numCycles * 2.0 * progress));
  factor = factor * (1 - minLrRate) + minLrRate;
  return Math.max(0, factor);
}

/**
 * Linear warmup, then cosine decay to `minLrRate` times the initial lr at `totalSteps`.
 * Past `totalSteps` the cosine rises again, as in HF.
 */
export class CosineWithWarmupLR extends LambdaLR {
  constructor(optimizer: OptimizerLike, options: CosineWithWarmupLROptions) {
    const name = 'CosineWithWarmupLR';
    const warmupSteps = checkInteger(name, 'warmupSteps', options.warmupSteps, 0);
    const totalSteps = checkInteger(name, 'totalSteps', options.totalSteps, 0);
    const numCycles = checkNumber(name, 'numCycles', options.numCycles ?? 0.5);
    if (options.minLr !== undefined && options.minLrRate !== undefined) {
      throw new RangeError(`${name}: only one of minLr (${options.minLr}) or minLrRate (${options.minLrRate}) should be set`);
    }
    const minLrRate =
      options.minLr !== undefined ? checkNumber(name, 'minLr', options.minLr) / defaultLr(optimizer) : checkNumber(name, 'minLrRate', options.minLrRate ?? 0.0);
    super(optimizer, {
      lrLambda: (step) => cosineWithWarmupMultiplier(step, warmupSteps, totalSteps, numCycles, minLrRate),
      lastEpoch: options.lastEpoch,
    });
  }
}
