import type { OptimizerLike } from '../optimizerLike.js';
import { LRScheduler, type LRSchedulerOptions } from './lrScheduler.js';
import { checkInteger, checkNumber, fail } from './options.js';

export interface CosineAnnealingWarmRestartsOptions extends LRSchedulerOptions {
  /** Iterations until the first restart (positive integer). */
  T0: number;
  /** Factor by which the period grows after each restart (integer >= 1, default 1). */
  tMult?: number;
  /** Lowest lr (default 0). */
  etaMin?: number;
}

/**
 * SGDR (Loshchilov & Hutter): cosine annealing from the initial lr to `etaMin` over `Ti` epochs,
 * then a restart with `Ti *= tMult`. `step(epoch)` accepts fractional epochs (per-batch stepping).
 */
export class CosineAnnealingWarmRestarts extends LRScheduler {
  T0: number;
  Ti: number;
  tMult: number;
  etaMin: number;
  /** Epochs since the last restart; may be fractional. */
  Tcur: number;

  constructor(optimizer: OptimizerLike, options: CosineAnnealingWarmRestartsOptions) {
    super(optimizer);
    const name = 'CosineAnnealingWarmRestarts';
    this.T0 = checkInteger(name, 'T0', options.T0, 1);
    this.Ti = this.T0;
    this.tMult = checkInteger(name, 'tMult', options.tMult ?? 1, 1);
    this.etaMin = checkNumber(name, 'etaMin', options.etaMin ?? 0.0);
    const lastEpoch = options.lastEpoch ?? -1;
    this.Tcur = lastEpoch;
    this.init(lastEpoch);
  }

  protected override getLr(): number[] {
    return this.baseLrs.map(
      (base) => this.etaMin + ((base - this.etaMin) * (1 + Math.cos((Math.PI * this.Tcur) / this.Ti))) / 2,
    );
  }

  /** Without an epoch: one more epoch. With one (may be fractional): jump to it, restarts included. */
  override step(epoch?: number): void {
    this.warnIfBeforeOptimizerStep();
    this.stepCount += 1;
    if (epoch === undefined && this.lastEpoch < 0) epoch = 0;

    if (epoch === undefined) {
      epoch = this.lastEpoch + 1;
      this.Tcur = this.Tcur + 1;
      if (this.Tcur >= this.Ti) {
        this.Tcur = this.Tcur % this.Ti;
        this.Ti = this.Ti * this.tMult;
      }
    } else {
      if (typeof epoch !== 'number' || !(epoch >= 0)) fail('CosineAnnealingWarmRestarts', 'epoch', epoch, 'non-negative');
      if (epoch >= this.T0) {
        if (this.tMult === 1) {
          this.Tcur = epoch % this.T0;
        } else {
          // Python's math.log(a, b) is log(a) / log(b); truncation toward zero as int().
          const n = Math.trunc(Math.log((epoch / this.T0) * (this.tMult - 1) + 1) / Math.log(this.tMult));
          this.Tcur = epoch - (this.T0 * (this.tMult ** n - 1)) / (this.tMult - 1);
          this.Ti = this.T0 * this.tMult ** n;
        }
      } else {
        this.Ti = this.T0;
        this.Tcur = epoch;
      }
    }
    this.lastEpoch = Math.floor(epoch);

    const lrs = this.getLr();
    this.groups.forEach((g, i) => {
      if (i < lrs.length) g.lr = lrs[i];
    });
    this.lastLr = this.groups.map((g) => g.lr);
  }
}
