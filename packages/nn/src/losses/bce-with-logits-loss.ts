/** BCEWithLogitsLoss: sigmoid + binary cross-entropy in one numerically stable expression. */
import type { Tensor } from '@gradstack/core';
import { binaryCrossEntropyWithLogits } from '../functional/binary-cross-entropy.js';
import type { Reduction } from '../functional/reduction.js';
import { WeightedLoss } from './loss.js';

export class BCEWithLogitsLoss extends WeightedLoss {
  constructor(opts: { weight?: Tensor | null; reduction?: Reduction; posWeight?: Tensor | null } = {}) {
    super(opts);
    // PyTorch's buffer name, so state dicts match.
    this.registerBuffer('pos_weight', opts.posWeight ?? null);
  }

  get posWeight(): Tensor | null {
    return this._buffers.get('pos_weight') ?? null;
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropyWithLogits(input, target, { weight: this.weight, posWeight: this.posWeight, reduction: this.reduction });
  }
}
