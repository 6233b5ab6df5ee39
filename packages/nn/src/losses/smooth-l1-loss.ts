/** SmoothL1Loss: Huber scaled by 1/beta (quadratic below `beta`). */
import type { Tensor } from '@gradstack/core';
import { smoothL1Loss } from '../functional/regression-losses.js';
import { Loss, type LossOptions } from './loss.js';

export class SmoothL1Loss extends Loss {
  readonly beta: number;

  constructor(opts: LossOptions & { beta?: number } = {}) {
    super(opts);
    this.beta = opts.beta ?? 1;
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return smoothL1Loss(input, target, { reduction: this.reduction, beta: this.beta });
  }
}
