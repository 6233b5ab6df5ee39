import type { OptimizerLike } from '../optimizerLike.js';
import { LRScheduler, type LRSchedulerOptions } from './lrScheduler.js';
import { checkInteger, checkNumber } from './options.js';

export interface StepLROptions extends LRSchedulerOptions {
  /** Period of the decay, in epochs (positive integer). */
  stepSize: number;
  /** Multiplicative decay factor (default 0.1). */
  gamma?: number;
}

/** Multiplies the lr by `gamma` every `stepSize` epochs. */
export class StepLR extends LRScheduler {
  stepSize: number;
  gamma: number;

  constructor(optimizer: OptimizerLike, options: StepLROptions) {
    super(optimizer);
    this.stepSize = checkInteger('StepLR', 'stepSize', options.stepSize, 1);
    this.gamma = checkNumber('StepLR', 'gamma', options.gamma ?? 0.1);
    this.init(options.lastEpoch ?? -1);
  }

  protected override getLr(): number[] {
    if (this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0) return this.groups.map((g) => g.lr);
    return this.groups.map((g) => g.lr * this.gamma);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((base) => base * this.gamma ** Math.floor(this.lastEpoch / this.stepSize));
  }
}
