/** L1Loss: mean (or sum) of absolute errors. */
import type { Tensor } from '@gradstack/core';
import { l1Loss } from '../functional/regression-losses.js';
import { Loss } from './loss.js';

export class L1Loss extends Loss {
  forward(input: Tensor, target: Tensor): Tensor {
    return l1Loss(input, target, { reduction: this.reduction });
  }
}
