/** HuberLoss: quadratic below `delta`, linear above. */
import type { Tensor } from '@gradstack/core';
import { huberLoss } from '../functional/regression-losses.js';
import { Loss, type LossOptions } from './loss.js';

export class HuberLoss extends Loss {
  readonly delta: number;

  constructor(opts: LossOptions & { delta?: number } = {}) {
    super(opts);
    this.delta = opts.delta ?? 1;
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return huberLoss(input, target, { reduction: this.reduction, delta: this.delta });
  }
}
