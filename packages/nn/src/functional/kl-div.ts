/** Kullback–Leibler divergence with the input given as log-probabilities (torch's kl_div). */
import { where, type Tensor } from '@gradstack/core';
import { checkReduction, checkSameShape } from './reduction.js';

export interface KLDivOptions {
  /** 'batchmean' divides the sum by the batch size (the true KL); 'mean' (the default, as PyTorch) by the element count. */
  reduction?: 'mean' | 'batchmean' | 'sum' | 'none';
  /** The target is given as log-probabilities too. */
  logTarget?: boolean;
}

/** Pointwise y·(log y − x), with 0·log 0 = 0; or exp(t)·(t − x) when `logTarget`. */
export function klDiv(input: Tensor, target: Tensor, opts: KLDivOptions = {}): Tensor {
  const reduction = opts.reduction ?? 'mean';
  checkReduction(reduction, 'klDiv', ['batchmean']);
  checkSameShape(input, target, 'klDiv');
  let loss: Tensor;
  if (opts.logTarget) {
    loss = target.exp().mul(target.sub(input));
  } else {
    // xlogy: log is taken of 1 where y = 0, so neither the value nor its gradient is NaN.
    const pos = target.gt(0);
    const ylogy = where(pos, target.mul(where(pos, target, 1).log()), 0);
    loss = ylogy.sub(target.mul(input));
  }
  if (reduction === 'none') return loss;
  if (reduction === 'sum') return loss.sum();
  if (reduction === 'batchmean') return loss.sum().div(input.ndim > 0 ? input.shape[0] : 1);
  return loss.mean();
}
