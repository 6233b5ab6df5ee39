import type { OptimizerLike } from '../optimizerLike.js';
import type { LRScheduler } from './lrScheduler.js';
import { checkComposable, CompositeScheduler } from './compositeScheduler.js';

/**
 * Steps several schedulers of one optimizer together: `step()` calls each one's `step()` in order,
 * so chainable schedulers multiply. Construction steps nothing.
 */
export class ChainedScheduler extends CompositeScheduler {
  readonly schedulers: LRScheduler[];

  constructor(schedulers: readonly LRScheduler[], optimizer?: OptimizerLike) {
    const opt = optimizer ?? schedulers?.[0]?.optimizer;
    checkComposable('ChainedScheduler', opt, schedulers);
    super(opt);
    this.schedulers = [...schedulers];
    this.lastEpoch = 0;
  }

  override step(): void {
    this.stepCount += 1;
    this.lastEpoch += 1;
    for (const s of this.schedulers) s.step();
    this.lastLr = this.groups.map((g) => g.lr);
  }
}
