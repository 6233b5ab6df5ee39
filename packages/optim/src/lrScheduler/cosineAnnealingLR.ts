import type { OptimizerLike } from '../optimizerLike.js';
import { LRScheduler, type LRSchedulerOptions } from './lrScheduler.js';
import { checkNumber, checkPositive } from './options.js';

export interface CosineAnnealingLROptions extends LRSchedulerOptions {
  /** Half period of the cosine, in epochs. */
  tMax: number;
  /** Lowest lr, reached at `tMax` (default 0). */
  etaMin?: number;
}

/**
 * Cosine annealing from the initial lr to `etaMin` over `tMax` epochs (SGDR without restarts).
 * `step()` uses PyTorch's recursive form, so past `tMax` the lr climbs back up (period 2 tMax).
 */
export class CosineAnnealingLR extends LRScheduler {
  tMax: number;
  etaMin: number;

  constructor(optimizer: OptimizerLike, options: CosineAnnealingLROptions) {
    super(optimizer);
    this.tMax = checkPositive('CosineAnnealingLR', 'tMax', options.tMax);
    this.etaMin = checkNumber('CosineAnnealingLR', 'etaMin', options.etaMin ?? 0.0);
    this.init(options.lastEpoch ?? -1);
  }

  protected override getLr(): number[] {
    const e = this.lastEpoch;
    const { tMax, etaMin } = this;
    if (this.isInitial) return this.groups.map((g) => g.lr);
    if (this.stepCount === 1 && e > 0) {
      return this.baseLrs.map((base) => etaMin + ((base - etaMin) * (1 + Math.cos((e * Math.PI) / tMax))) / 2);
    }
    // Just after a trough the ratio below would divide by 1 + cos(pi) = 0.
    if ((e - 1 - tMax) % (2 * tMax) === 0) {
      return this.groups.map((g, i) => g.lr + ((this.baseLrs[i] - etaMin) * (1 - Math.cos(Math.PI / tMax))) / 2);
    }
    return this.groups.map(
      (g) => ((1 + Math.cos((Math.PI * e) / tMax)) / (1 + Math.cos((Math.PI * (e - 1)) / tMax))) * (g.lr - etaMin) + etaMin,
    );
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map(
      (base) => this.etaMin + ((base - this.etaMin) * (1 + Math.cos((Math.PI * this.lastEpoch) / this.tMax))) / 2,
    );
  }
}
