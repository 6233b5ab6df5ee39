import type { OptimizerLike } from '../optimizerLike.js';
import { LRScheduler, type LRSchedulerOptions } from './lrScheduler.js';
import { bisectRight, checkInteger, checkNumber } from './options.js';

export interface MultiStepLROptions extends LRSchedulerOptions {
  /** Epochs at which the lr is multiplied by gamma; a repeated epoch applies gamma once per repeat. */
  milestones: readonly number[];
  /** Multiplicative decay factor (default 0.1). */
  gamma?: number;
}

/** Multiplies the lr by `gamma` at each milestone epoch. */
export class MultiStepLR extends LRScheduler {
  /** The milestones as a sorted multiset (PyTorch keeps a Counter). */
  milestones: number[];
  gamma: number;

  constructor(optimizer: OptimizerLike, options: MultiStepLROptions) {
    super(optimizer);
    if (!Array.isArray(options.milestones)) throw new TypeError('MultiStepLR: milestones must be an array of epochs');
    this.milestones = options.milestones
      .map((m, i) => checkInteger('MultiStepLR', `milestones[${i}]`, m, 0))
      .sort((a, b) => a - b);
    this.gamma = checkNumber('MultiStepLR', 'gamma', options.gamma ?? 0.1);
    this.init(options.lastEpoch ?? -1);
  }

  protected override getLr(): number[] {
    const count = this.milestones.filter((m) => m === this.lastEpoch).length;
    if (count === 0) return this.groups.map((g) => g.lr);
    return this.groups.map((g) => g.lr * this.gamma ** count);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((base) => base * this.gamma ** bisectRight(this.milestones, this.lastEpoch));
  }
}
