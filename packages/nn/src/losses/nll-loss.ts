/** NLLLoss: negative log-likelihood of int32 class targets given log-probabilities. */
import type { Tensor } from '@gradstack/core';
import { nllLoss } from '../functional/cross-entropy.js';
import type { Reduction } from '../functional/reduction.js';
import { WeightedLoss } from './loss.js';

export class NLLLoss extends WeightedLoss {
  readonly ignoreIndex: number;

  constructor(opts: { weight?: Tensor | null; ignoreIndex?: number; reduction?: Reduction } = {}) {
    super(opts);
    this.ignoreIndex = opts.ignoreIndex ?? -100;
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return nllLoss(input, target, { weight: this.weight, ignoreIndex: this.ignoreIndex, reduction: this.reduction });
  }
}
