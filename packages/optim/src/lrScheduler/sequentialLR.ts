import type { OptimizerLike } from '../optimizerLike.js';
import { ChainedScheduler } from './chainedScheduler.js';
import { checkComposable, CompositeScheduler } from './compositeScheduler.js';
import { LRScheduler, type LRSchedulerOptions } from './lrScheduler.js';
import { bisectRight, checkInteger } from './options.js';

export interface SequentialLROptions extends LRSchedulerOptions {
  /** The phases, in order; all built on `optimizer`. */
  schedulers: readonly LRScheduler[];
  /** Epochs at which the next phase starts (one fewer than schedulers, non-decreasing). */
  milestones: readonly number[];
}

/**
 * Runs schedulers one after another, switching at the milestones. Each later phase is restarted
 * at its milestone through its closed form at epoch 0 (PyTorch's `_update_lr(0)`), so it starts
 * from the initial lr and never sees the epochs of earlier phases.
 */
export class SequentialLR extends CompositeScheduler {
  readonly schedulers: LRScheduler[];
  milestones: number[];

  constructor(optimizer: OptimizerLike, options: SequentialLROptions) {
    const { schedulers, milestones } = options;
    checkComposable('SequentialLR', optimizer, schedulers);
    if (!Array.isArray(milestones) || milestones.length !== schedulers.length - 1) {
      throw new RangeError(
        `SequentialLR: milestones must have one entry fewer than schedulers (${schedulers.length}), got ${milestones?.length ?? milestones}`,
      );
    }
    milestones.forEach((m, i) => {
      checkInteger('SequentialLR', `milestones[${i}]`, m, 0);
      if (i > 0 && m < milestones[i - 1]) throw new RangeError(`SequentialLR: milestones must be non-decreasing, got [${milestones.join(', ')}]`);
    });
    // A phase restarted at a milestone needs its own epoch-0 form; composites have none
    // (in PyTorch this fails only when the milestone is reached, with NotImplementedError).
    schedulers.forEach((s, i) => {
      if (i > 0 && (s instanceof ChainedScheduler || s instanceof SequentialLR)) {
        throw new RangeError(`SequentialLR: schedulers[${i}] is a ${s.constructor.name}, which cannot be restarted at a milestone; only the first phase may be a composite`);
      }
    });
    super(optimizer);
    const lastEpoch = checkInteger('SequentialLR', 'lastEpoch', options.lastEpoch ?? -1, -1);
    this.schedulers = [...schedulers];
    this.milestones = [...milestones];
    this.lastEpoch = lastEpoch + 1;

    // Undo what the sub-schedulers' constructors did, then start the first phase afresh.
    for (const group of this.groups) {
      if (group.initialLr === undefined) throw new RangeError('SequentialLR: every param group needs initialLr (set by the sub-schedulers)');
      group.lr = group.initialLr;
    }
    undoInitialSteps(this.schedulers);
    this.schedulers[0].initialStep();
    this.lastLr = this.schedulers[0].getLastLr();
  }

  override step(): void {
    this.stepCount += 1;
    this.lastEpoch += 1;
    const idx = bisectRight(this.milestones, this.lastEpoch);
    const scheduler = this.schedulers[idx];
    if (idx > 0 && this.milestones[idx - 1] === this.lastEpoch) scheduler.updateLr(0);
    else scheduler.step();
    this.lastLr = scheduler.getLastLr();
  }
}

/** PyTorch's `recursive_undo`: step every leaf scheduler's epoch back by one. */
function undoInitialSteps(schedulers: readonly LRScheduler[]): void {
  for (const s of schedulers) {
    if (s instanceof ChainedScheduler || s instanceof SequentialLR) undoInitialSteps(s.schedulers);
    else s.lastEpoch -= 1;
  }
}
