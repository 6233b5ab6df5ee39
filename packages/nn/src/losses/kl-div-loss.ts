/** KLDivLoss: KL(target ‖ input) with the input given as log-probabilities. */
import type { Tensor } from '@gradstack/core';
import { klDiv } from '../functional/kl-div.js';
import { checkReduction } from '../functional/reduction.js';
import { Module } from '../module.js';

export class KLDivLoss extends Module {
  readonly reduction: 'mean' | 'batchmean' | 'sum' | 'none';
  readonly logTarget: boolean;

  constructor(opts: { reduction?: 'mean' | 'batchmean' | 'sum' | 'none'; logTarget?: boolean } = {}) {
    super();
    this.reduction = opts.reduction ?? 'mean';
    checkReduction(this.reduction, 'KLDivLoss', ['batchmean']);
    this.logTarget = opts.logTarget ?? false;
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return klDiv(input, target, { reduction: this.reduction, logTarget: this.logTarget });
  }
}
