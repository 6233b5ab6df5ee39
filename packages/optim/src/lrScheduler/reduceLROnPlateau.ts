import type { OptimizerLike } from '../optimizerLike.js';
import { LRScheduler } from './lrScheduler.js';
import { checkInteger, checkNumber, checkOneOf, fail, perGroup } from './options.js';

export interface ReduceLROnPlateauOptions {
  /** 'min': reduce when the metric stops decreasing; 'max': when it stops increasing. */
  mode?: 'min' | 'max';
  /** new lr = lr * factor (0 <= factor < 1, default 0.1). */
  factor?: number;
  /** Epochs without improvement tolerated before reducing (default 10). */
  patience?: number;
  /** Minimal change that counts as an improvement (default 1e-4). */
  threshold?: number;
  /** 'rel': relative to the best value; 'abs': absolute (default 'rel'). */
  thresholdMode?: 'rel' | 'abs';
  /** Epochs to wait after a reduction before counting bad epochs again (default 0). */
  cooldown?: number;
  /** Lower bound of the lr, one for all groups or one per group (default 0). */
  minLr?: number | readonly number[];
  /** Reductions smaller than eps are skipped (default 1e-8). */
  eps?: number;
}

/** A metric value: a number, or a 0-d tensor-like with `item()`. */
export type Metric = number | { item(): number };

/**
 * Reduces the lr by `factor` when a metric has stopped improving for `patience` epochs.
 * Not an epoch schedule: no initial step, and `initialLr` is not recorded.
 */
export class ReduceLROnPlateau extends LRScheduler {
  mode: 'min' | 'max';
  factor: number;
  patience: number;
  threshold: number;
  thresholdMode: 'rel' | 'abs';
  cooldown: number;
  eps: number;
  /** Per-group minima (PyTorch `min_lrs`); extend it after adding a param group if minLr was a list. */
  minLrs: number[];
  /** The scalar minLr, re-broadcast when groups are added; null when minLr was a list. */
  defaultMinLr: number | null;
  best: number;
  modeWorse: number;
  numBadEpochs = 0;
  cooldownCounter = 0;

  constructor(optimizer: OptimizerLike, options: ReduceLROnPlateauOptions = {}) {
    super(optimizer);
    const factor = options.factor ?? 0.1;
    if (typeof factor !== 'number' || !(factor >= 0 && factor < 1)) fail('ReduceLROnPlateau', 'factor', factor, 'in [0, 1) (factor should be < 1.0)');
    this.factor = factor;
    const minLr = options.minLr ?? 0;
    this.minLrs = perGroup('ReduceLROnPlateau', 'minLr', optimizer, minLr);
    this.defaultMinLr = Array.isArray(minLr) ? null : (minLr as number);
    this.patience = checkInteger('ReduceLROnPlateau', 'patience', options.patience ?? 10, 0);
    this.cooldown = checkInteger('ReduceLROnPlateau', 'cooldown', options.cooldown ?? 0, 0);
    this.eps = checkNumber('ReduceLROnPlateau', 'eps', options.eps ?? 1e-8);
    this.lastEpoch = 0;
    this.mode = checkOneOf('ReduceLROnPlateau', 'mode', options.mode ?? 'min', ['min', 'max'] as const);
    this.thresholdMode = checkOneOf('ReduceLROnPlateau', 'thresholdMode', options.thresholdMode ?? 'rel', ['rel', 'abs'] as const);
    this.threshold = checkNumber('ReduceLROnPlateau', 'threshold', options.threshold ?? 1e-4);
    this.modeWorse = this.mode === 'min' ? Infinity : -Infinity;
    this.best = this.modeWorse;
  }

  get inCooldown(): boolean {
    return this.cooldownCounter > 0;
  }

  /** Records the epoch's metric and reduces the lr after `patience` bad epochs. */
  override step(metric?: Metric, epoch?: number): void {
    if (metric === undefined) throw new TypeError('ReduceLROnPlateau.step(metric) needs the metric value');
    const current = typeof metric === 'number' ? metric : metric.item();
    this.lastEpoch = epoch === undefined ? this.lastEpoch + 1 : epoch;

    if (this.isBetter(current, this.best)) {
      this.best = current;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs += 1;
    }
    if (this.inCooldown) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0; // bad epochs during cooldown do not count
    }
    if (this.numBadEpochs > this.patience) {
      this.reduceLr();
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this.lastLr = this.groups.map((g) => g.lr);
  }

  private reduceLr(): void {
    if (this.groups.length !== this.minLrs.length) {
      if (this.defaultMinLr === null) {
        throw new Error(
          `ReduceLROnPlateau: the optimizer has ${this.groups.length} param groups but minLrs has ${this.minLrs.length}, ` +
            'usually because a param group was added; extend `minLrs` to match the param groups',
        );
      }
      this.minLrs = new Array<number>(this.groups.length).fill(this.defaultMinLr);
    }
    this.groups.forEach((group, i) => {
      const oldLr = group.lr;
      const newLr = Math.max(oldLr * this.factor, this.minLrs[i]);
      if (oldLr - newLr > this.eps) group.lr = newLr;
    });
  }

  private isBetter(a: number, best: number): boolean {
    if (this.mode === 'min' && this.thresholdMode === 'rel') return a < best * (1.0 - this.threshold);
    if (this.mode === 'min' && this.thresholdMode === 'abs') return a < best - this.threshold;
    if (this.mode === 'max' && this.thresholdMode === 'rel') return a > best * (this.threshold + 1.0);
    return a > best + this.threshold;
  }
}
