import type { OptimizerLike } from '../optimizerLike.js';
import { lambdasPerGroup, type LrLambda } from './lambdaLR.js';
import { LRScheduler, type LRSchedulerOptions } from './lrScheduler.js';

export interface MultiplicativeLROptions extends LRSchedulerOptions {
  /** Factor applied to the current lr at each epoch; one function, or one per param group. */
  lrLambda: LrLambda | readonly LrLambda[];
}

/** `lr = lr * lrLambda(epoch)` after the initial step (chainable). */
export class MultiplicativeLR extends LRScheduler {
  lrLambdas: LrLambda[];

  constructor(optimizer: OptimizerLike, options: MultiplicativeLROptions) {
    super(optimizer);
    this.lrLambdas = lambdasPerGroup('MultiplicativeLR', optimizer, options.lrLambda);
    this.init(options.lastEpoch ?? -1);
  }

  protected override getLr(): number[] {
    if (this.isInitial) return this.groups.map((g) => g.lr);
    return this.groups.map((g, i) => g.lr * this.lrLambdas[i](this.lastEpoch));
  }

  protected override nonStateKeys(): readonly string[] {
    return ['lrLambdas'];
  }
}
