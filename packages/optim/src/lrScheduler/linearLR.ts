import type { OptimizerLike } from '../optimizerLike.js';
import { LRScheduler, type LRSchedulerOptions } from './lrScheduler.js';
import { checkInteger, fail } from './options.js';

export interface LinearLROptions extends LRSchedulerOptions {
  /** Multiplier at epoch 0 (0 < startFactor <= 1, default 1/3). */
  startFactor?: number;
  /** Multiplier reached at `totalIters` (0 <= endFactor <= 1, default 1). */
  endFactor?: number;
  /** Number of epochs of the linear change (default 5). */
  totalIters?: number;
}

/** Moves the lr multiplier linearly from `startFactor` to `endFactor` over `totalIters` epochs. */
export class LinearLR extends LRScheduler {
  startFactor: number;
  endFactor: number;
  totalIters: number;

  constructor(optimizer: OptimizerLike, options: LinearLROptions = {}) {
    super(optimizer);
    const startFactor = options.startFactor ?? 1 / 3;
    const endFactor = options.endFactor ?? 1.0;
    if (typeof startFactor !== 'number' || !(startFactor > 0 && startFactor <= 1)) {
      fail('LinearLR', 'startFactor', startFactor, 'greater than 0 and at most 1');
    }
    if (typeof endFactor !== 'number' || !(endFactor >= 0 && endFactor <= 1)) {
      fail('LinearLR', 'endFactor', endFactor, 'between 0 and 1');
    }
    this.startFactor = startFactor;
    this.endFactor = endFactor;
    this.totalIters = checkInteger('LinearLR', 'totalIters', options.totalIters ?? 5, 0);
    this.init(options.lastEpoch ?? -1);
  }

  protected override getLr(): number[] {
    if (this.lastEpoch === 0) return this.groups.map((g) => g.lr * this.startFactor);
    if (this.isInitial || this.lastEpoch > this.totalIters) return this.groups.map((g) => g.lr);
    const ratio =
      1.0 +
      (this.endFactor - this.startFactor) /
        (this.totalIters * this.startFactor + (this.lastEpoch - 1) * (this.endFactor - this.startFactor));
    return this.groups.map((g) => g.lr * ratio);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map(
      (base) =>
        base *
        (this.startFactor +
          ((this.endFactor - this.startFactor) * Math.min(this.totalIters, this.lastEpoch)) / this.totalIters),
    );
  }
}
