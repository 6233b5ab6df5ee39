import type { OptimizerLike, ParamGroupLike } from '../optimizerLike.js';
import { optimizerHas } from './options.js';

// Momentum cycling shared by CyclicLR and OneCycleLR: SGD-like optimizers have `momentum`,
// Adam-like ones cycle `betas[0]` instead.

/** Whether momentum lives in `betas[0]`; throws if the optimizer has neither momentum nor betas. */
export function usesBeta1(scheduler: string, optimizer: OptimizerLike): boolean {
  if (!optimizerHas(optimizer, 'momentum') && !optimizerHas(optimizer, 'betas')) {
    throw new RangeError(
      `${scheduler}: cycleMomentum is true, but the optimizer supports neither momentum nor betas; pass cycleMomentum: false`,
    );
  }
  return optimizerHas(optimizer, 'betas');
}

export function writeMomentum(group: ParamGroupLike, momentum: number, useBeta1: boolean): void {
  if (useBeta1) {
    const betas = group.betas as [number, number];
    group.betas = [momentum, betas[1]];
  } else {
    group.momentum = momentum;
  }
}
