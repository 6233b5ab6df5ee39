import type { OptimizerLike } from '../optimizerLike.js';
import { LRScheduler, type LRSchedulerOptions } from './lrScheduler.js';
import { checkNumber } from './options.js';

export interface ExponentialLROptions extends LRSchedulerOptions {
  /** Multiplicative decay factor applied every epoch. */
  gamma: number;
}

/** Multiplies the lr by `gamma` every epoch. */
export class ExponentialLR extends LRScheduler {
  gamma: number;

  constructor(optimizer: OptimizerLike, options: ExponentialLROptions) {
    super(optimizer);
    this.gamma = checkNumber('ExponentialLR', 'gamma', options.gamma);
    this.init(options.lastEpoch ?? -1);
  }

  protected override getLr(): number[] {
    // Resuming: the constructor's initial step must not decay one epoch ahead.
    if (this.isInitial) return this.groups.map((g) => g.lr);
    return this.groups.map((g) => g.lr * this.gamma);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((base) => base * this.gamma ** this.lastEpoch);
  }
}
