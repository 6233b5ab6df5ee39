import type { OptimizerLike } from '../optimizerLike.js';
import { LRScheduler, type LRSchedulerOptions } from './lrScheduler.js';

export type LrLambda = (epoch: number) => number;

export interface LambdaLROptions extends LRSchedulerOptions {
  /** Multiplier of the initial lr at each epoch; one function, or one per param group. */
  lrLambda: LrLambda | readonly LrLambda[];
}

/** One function per group, checked (shared with MultiplicativeLR). */
export function lambdasPerGroup(scheduler: string, optimizer: OptimizerLike, lrLambda: LrLambda | readonly LrLambda[]): LrLambda[] {
  const n = optimizer.paramGroups.length;
  let lambdas: LrLambda[];
  if (Array.isArray(lrLambda)) {
    if (lrLambda.length !== n) throw new RangeError(`${scheduler}: expected ${n} lrLambda functions, but got ${lrLambda.length}`);
    lambdas = [...lrLambda];
  } else {
    lambdas = new Array<LrLambda>(n).fill(lrLambda as LrLambda);
  }
  for (const fn of lambdas) {
    if (typeof fn !== 'function') throw new TypeError(`${scheduler}: lrLambda should be a function, but got ${typeof fn}`);
  }
  return lambdas;
}

/** `lr = initialLr * lrLambda(epoch)`: not chainable, always from the initial lr. */
export class LambdaLR extends LRScheduler {
  lrLambdas: LrLambda[];

  constructor(optimizer: OptimizerLike, options: LambdaLROptions) {
    super(optimizer);
    this.lrLambdas = lambdasPerGroup('LambdaLR', optimizer, options.lrLambda);
    this.init(options.lastEpoch ?? -1);
  }

  protected override getLr(): number[] {
    return this.baseLrs.map((base, i) => base * this.lrLambdas[i](this.lastEpoch));
  }

  protected override nonStateKeys(): readonly string[] {
    return ['lrLambdas'];
  }
}
