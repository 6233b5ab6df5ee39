/** Binary cross-entropy on probabilities (BCELoss) and on logits (BCEWithLogitsLoss). */
import { ArgumentError, noGrad, type Tensor } from '@gradstack/core';
import { recordOp } from './custom-op.js';
import { checkSameShape, reduce, type Reduction } from './reduction.js';

export interface BCEOptions {
  weight?: Tensor | null;
  reduction?: Reduction;
}

export interface BCEWithLogitsOptions extends BCEOptions {
  /** Weight of the positive term, broadcast along the last (class) dim. */
  posWeight?: Tensor | null;
}

/**
 * −[y·log x + (1 − y)·log(1 − x)] with each log clamped at −100, as PyTorch, so x ∈ {0, 1} gives a
 * finite loss. The backward is PyTorch's: (x − y) / max(x(1 − x), 1e-12), finite everywhere,
 * where the composed gradient of the clamp would be 0·∞ = NaN at x ∈ {0, 1}.
 */
export function binaryCrossEntropy(input: Tensor, target: Tensor, opts: BCEOptions = {}): Tensor {
  checkSameShape(input, target, 'binaryCrossEntropy');
  const xs = input.data();
  for (let i = 0; i < xs.length; i++) {
    if (!(xs[i] >= 0 && xs[i] <= 1)) throw new ArgumentError(`binaryCrossEntropy: all elements of input should be between 0 and 1, got ${xs[i]} — apply sigmoid first, or use binaryCrossEntropyWithLogits`);
  }
  const loss = noGrad(() => {
    const logX = input.log().clamp(-100);
    const log1mX = input.rsub(1).log().clamp(-100);
    return target.mul(logX.sub(log1mX)).add(log1mX).neg();
  });
  recordOp(loss, 'BinaryCrossEntropyBackward', [input, target], [input, target], (g, saved) => {
    const [x, y] = saved;
    const gx = input.requiresGrad ? g.mul(x.sub(y)).div(x.mul(x.rsub(1)).clamp(1e-12)) : null;
    const gy = target.requiresGrad ? g.mul(x.rsub(1).log().clamp(-100).sub(x.log().clamp(-100))) : null;
    return [gx, gy];
  });
  const weighted = opts.weight ? loss.mul(opts.weight) : loss;
  return reduce(weighted, opts.reduction ?? 'mean', 'binaryCrossEntropy');
}

/**
 * (1 − y)·x + (1 + (p − 1)·y)·softplus(−x): the log-sum-exp form, finite for any logit, whose
 * gradient is (1 + (p − 1)y)·σ(x) − p·y (σ(x) − y without posWeight).
 */
export function binaryCrossEntropyWithLogits(input: Tensor, target: Tensor, opts: BCEWithLogitsOptions = {}): Tensor {
  checkSameShape(input, target, 'binaryCrossEntropyWithLogits');
  const sp = input.neg().softplus();
  const lw = opts.posWeight ? opts.posWeight.sub(1).mul(target).add(1) : null;
  let loss = target.rsub(1).mul(input).add(lw ? lw.mul(sp) : sp);
  if (opts.weight) loss = loss.mul(opts.weight);
  return reduce(loss, opts.reduction ?? 'mean', 'binaryCrossEntropyWithLogits');
}
