/** MSELoss: mean (or sum) of squared errors. */
import type { Tensor } from '@gradstack/core';
import { mseLoss } from '../functional/regression-losses.js';
import { Loss } from './loss.js';

export class MSELoss extends Loss {
  forward(input: Tensor, target: Tensor): Tensor {
    return mseLoss(input, target, { reduction: this.reduction });
  }
}
