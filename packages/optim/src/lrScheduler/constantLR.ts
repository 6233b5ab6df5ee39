import type { OptimizerLike } from '../optimizerLike.js';
import { LRScheduler, type LRSchedulerOptions } from './lrScheduler.js';
import { checkInteger, fail } from './options.js';

export interface ConstantLROptions extends LRSchedulerOptions {
  /** Multiplier applied until `totalIters` (0 <= factor <= 1, default 1/3). */
  factor?: number;
  /** Epoch at which the multiplier is lifted (default 5). */
  totalIters?: number;
}

/** Multiplies the lr by `factor` until epoch `totalIters`, then restores it. */
export class ConstantLR extends LRScheduler {
  factor: number;
  totalIters: number;

  constructor(optimizer: OptimizerLike, options: ConstantLROptions = {}) {
    super(optimizer);
    const factor = options.factor ?? 1 / 3;
    if (typeof factor !== 'number' || !(factor >= 0 && factor <= 1)) fail('ConstantLR', 'factor', factor, 'between 0 and 1');
    this.factor = factor;
    this.totalIters = checkInteger('ConstantLR', 'totalIters', options.totalIters ?? 5, 0);
    this.init(options.lastEpoch ?? -1);
  }

  protected override getLr(): number[] {
    if (this.lastEpoch === 0) return this.groups.map((g) => g.lr * this.factor);
    if (this.lastEpoch !== this.totalIters) return this.groups.map((g) => g.lr);
    return this.groups.map((g) => g.lr * (1.0 / this.factor));
  }

  protected override closedFormLr(): number[] {
    const lifted = this.lastEpoch >= this.totalIters ? 1 : 0;
    return this.baseLrs.map((base) => base * (this.factor + lifted * (1 - this.factor)));
  }
}
