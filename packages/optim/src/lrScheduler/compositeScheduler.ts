import type { OptimizerLike } from '../optimizerLike.js';
import { LRScheduler, type SchedulerState } from './lrScheduler.js';
import { ReduceLROnPlateau } from './reduceLROnPlateau.js';

/** Checks shared by ChainedScheduler and SequentialLR (PyTorch raises ValueError/TypeError). */
export function checkComposable(owner: string, optimizer: OptimizerLike, schedulers: readonly LRScheduler[]): void {
  if (!Array.isArray(schedulers) || schedulers.length < 1) {
    throw new RangeError(`${owner}: schedulers must hold at least one scheduler, got ${schedulers?.length ?? schedulers}`);
  }
  schedulers.forEach((s, i) => {
    if (!(s instanceof LRScheduler)) throw new TypeError(`${owner}: schedulers[${i}] is not an LRScheduler`);
    if (s instanceof ReduceLROnPlateau) {
      throw new RangeError(
        `${owner}: schedulers[${i}] is a ReduceLROnPlateau, which is not supported because its step() needs a metric`,
      );
    }
    if (s.optimizer !== optimizer) {
      throw new RangeError(`${owner}: schedulers[${i}] (${s.constructor.name}) belongs to a different optimizer`);
    }
  });
}

/** A scheduler made of other schedulers (ChainedScheduler, SequentialLR): their states nest in its own. */
export abstract class CompositeScheduler extends LRScheduler {
  abstract readonly schedulers: LRScheduler[];

  override stateDict(): SchedulerState {
    const state = super.stateDict();
    state['schedulers'] = this.schedulers.map((s) => s.stateDict());
    return state;
  }

  override loadStateDict(state: SchedulerState): void {
    const { schedulers, ...own } = state;
    super.loadStateDict(own);
    (schedulers as SchedulerState[]).forEach((s, i) => this.schedulers[i].loadStateDict(s));
  }

  protected override nonStateKeys(): readonly string[] {
    return ['schedulers'];
  }
}
