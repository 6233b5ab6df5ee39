import type { OptimizerLike } from '../optimizerLike.js';
import { LambdaLR } from './lambdaLR.js';
import type { LRSchedulerOptions } from './lrScheduler.js';
import { checkInteger, checkNumber, checkOneOf } from './options.js';

export type WsdShape = 'linear' | 'cosine' | '1-sqrt';
const SHAPES = ['linear', 'cosine', '1-sqrt'] as const;

export interface WarmupStableDecayLROptions extends LRSchedulerOptions {
  /** Steps of warmup from minLrRatio to 1. */
  warmupSteps: number;
  /** Steps at the initial lr; defaults to totalSteps - warmupSteps - decaySteps. */
  stableSteps?: number;
  /** Total steps, used when stableSteps is not given. */
  totalSteps?: number;
  /** Steps of decay from 1 to minLrRatio. */
  decaySteps: number;
  /** Warmup curve (default 'linear'). */
  warmupType?: WsdShape;
  /** Decay curve (default 'cosine'). */
  decayType?: WsdShape;
  /** Floor as a fraction of the initial lr, also the warmup's start (default 0). */
  minLrRatio?: number;
  /** Cosine waves of a 'cosine' decay (default 0.5). */
  numCycles?: number;
}

export interface WsdParams {
  warmupSteps: number;
  stableSteps: number;
  decaySteps: number;
  warmupType: WsdShape;
  decayType: WsdShape;
  minLrRatio: number;
  numCycles: number;
}

/** HF `_get_wsd_scheduler_lambda`. */
export function warmupStableDecayMultiplier(step: number, p: WsdParams): number {
  if (step < p.warmupSteps) {
    const progress = step / Math.max(1, p.warmupSteps);
    let factor: number;
    if (p.warmupType === 'linear') factor = progress;
    else if (p.warmupType === 'cosine') factor = 0.5 * (1.0 - Math.cos(Math.PI * progress));
    else factor = 1.0 - Math.sqrt(1.0 - progress);
    factor = factor * (1.0 - p.minLrRatio) + p.minLrRatio;
    return Math.max(0.0, factor);
  }
  if (step < p.warmupSteps + p.stableSteps) return 1.0;
  if (step < p.warmupSteps + p.stableSteps + p.decaySteps) {
    const progress = (step - p.warmupSteps - p.stableSteps) / Math.max(1, p.decaySteps);
    let factor: number;
    if (p.decayType === 'linear') factor = 1.0 - progress;
    else if (p.decayType === 'cosine') factor = 0.5 * (1.0 + Math.cos(Math.PI * p.numCycles * 2.0 * progress));
    else factor = 1.0 - Math.sqrt(progress);
    factor = factor * (1.0 - p.minLrRatio) + p.minLrRatio;
    return Math.max(0.0, factor);
  }
  return p.minLrRatio;
}

/** Warmup–stable–decay (HF `get_wsd_schedule`): warm up, hold the initial lr, decay to minLrRatio. */
export class WarmupStableDecayLR extends LambdaLR {
  constructor(optimizer: OptimizerLike, options: WarmupStableDecayLROptions) {
    const name = 'WarmupStableDecayLR';
    const warmupSteps = checkInteger(name, 'warmupSteps', options.warmupSteps, 0);
    const decaySteps = checkInteger(name, 'decaySteps', options.decaySteps, 0);
    let stableSteps: number;
    if (options.stableSteps !== undefined) {
      stableSteps = checkInteger(name, 'stableSteps', options.stableSteps, 0);
    } else if (options.totalSteps !== undefined) {
      const totalSteps = checkInteger(name, 'totalSteps', options.totalSteps, 0);
      stableSteps = totalSteps - warmupSteps - decaySteps;
    } else {
      throw new RangeError(`${name}: either totalSteps or stableSteps must be specified`);
    }
    const params: WsdParams = {
      warmupSteps,
      stableSteps,
      decaySteps,
      warmupType: checkOneOf(name, 'warmupType', options.warmupType ?? 'linear', SHAPES),
      decayType: checkOneOf(name, 'decayType', options.decayType ?? 'cosine', SHAPES),
      minLrRatio: checkNumber(name, 'minLrRatio', options.minLrRatio ?? 0),
      numCycles: checkNumber(name, 'numCycles', options.numCycles ?? 0.5),
    };
    super(optimizer, { lrLambda: (step) => warmupStableDecayMultiplier(step, params), lastEpoch: options.lastEpoch });
  }
}
