/** BCELoss: binary cross-entropy of probabilities in [0, 1] (logs clamped at −100, as PyTorch). */
import type { Tensor } from '@gradstack/core';
import { binaryCrossEntropy } from '../functional/binary-cross-entropy.js';
import { WeightedLoss } from './loss.js';

export class BCELoss extends WeightedLoss {
  forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropy(input, target, { weight: this.weight, reduction: this.reduction });
  }
}
