import type { OptimizerLike } from '../optimizerLike.js';
import { LRScheduler, type LRSchedulerOptions } from './lrScheduler.js';
import { checkInteger, checkOneOf, perGroup } from './options.js';

export interface SWALROptions extends LRSchedulerOptions {
  /** The lr to anneal to and then hold, per group or for all. */
  swaLr: number | readonly number[];
  /** Epochs of the annealing phase (integer >= 0, default 10). */
  annealEpochs?: number;
  /** 'cos' (default) or 'linear'. */
  annealStrategy?: 'cos' | 'linear';
}

/**
 * Stochastic Weight Averaging's schedule (PyTorch `swa_utils.SWALR`): anneals each group from the lr
 * it has when SWALR starts stepping to `swaLr` over `annealEpochs` of its own steps, then holds it.
 */
export class SWALR extends LRScheduler {
  annealEpochs: number;
  annealStrategy: 'cos' | 'linear';

  constructor(optimizer: OptimizerLike, options: SWALROptions) {
    super(optimizer);
    const swaLrs = perGroup('SWALR', 'swaLr', optimizer, options.swaLr);
    optimizer.paramGroups.forEach((g, i) => (g['swaLr'] = swaLrs[i]));
    this.annealStrategy = checkOneOf('SWALR', 'annealStrategy', options.annealStrategy ?? 'cos', ['cos', 'linear'] as const);
    this.annealEpochs = checkInteger('SWALR', 'annealEpochs', options.annealEpochs ?? 10, 0);
    this.init(options.lastEpoch ?? -1);
  }

  private anneal(t: number): number {
    return this.annealStrategy === 'cos' ? (1 - Math.cos(Math.PI * t)) / 2 : t;
  }

  protected override getLr(): number[] {
    // The step counter is SWALR's own (0 during the initial step), not lastEpoch.
    let step = this.stepCount - 1;
    if (this.annealEpochs === 0) step = Math.max(1, step);
    const prevT = Math.max(0, Math.min(1, (step - 1) / Math.max(1, this.annealEpochs)));
    const prevAlpha = this.anneal(prevT);
    // Reconstruct the lr the annealing started from out of the current one.
    const prevLrs = this.groups.map((g) => {
      const swaLr = g['swaLr'] as number;
      return prevAlpha === 1 ? swaLr : (g.lr - prevAlpha * swaLr) / (1 - prevAlpha);
    });
    const t = Math.max(0, Math.min(1, step / Math.max(1, this.annealEpochs)));
    const alpha = this.anneal(t);
    return this.groups.map((g, i) => (g['swaLr'] as number) * alpha + prevLrs[i] * (1 - alpha));
  }
}
