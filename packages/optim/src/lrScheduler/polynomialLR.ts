import type { OptimizerLike } from '../optimizerLike.js';
import { LRScheduler, type LRSchedulerOptions } from './lrScheduler.js';
import { checkInteger, checkNumber } from './options.js';

export interface PolynomialLROptions extends LRSchedulerOptions {
  /** Number of epochs over which the lr decays to 0 (default 5). */
  totalIters?: number;
  /** Power of the polynomial (default 1). */
  power?: number;
}

/** Decays the lr as `(1 - epoch / totalIters) ** power`, reaching 0 at `totalIters`. */
export class PolynomialLR extends LRScheduler {
  totalIters: number;
  power: number;

  constructor(optimizer: OptimizerLike, options: PolynomialLROptions = {}) {
    super(optimizer);
    this.totalIters = checkInteger('PolynomialLR', 'totalIters', options.totalIters ?? 5, 1);
    this.power = checkNumber('PolynomialLR', 'power', options.power ?? 1.0);
    this.init(options.lastEpoch ?? -1);
  }

  protected override getLr(): number[] {
    if (this.isInitial || this.lastEpoch > this.totalIters) return this.groups.map((g) => g.lr);
    const decayFactor =
      ((1.0 - this.lastEpoch / this.totalIters) / (1.0 - (this.lastEpoch - 1) / this.totalIters)) ** this.power;
    return this.groups.map((g) => g.lr * decayFactor);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map(
      (base) => base * (1.0 - Math.min(this.totalIters, this.lastEpoch) / this.totalIters) ** this.power,
    );
  }
}
