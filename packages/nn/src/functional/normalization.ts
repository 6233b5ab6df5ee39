/** Batch and layer normalisation, composed from reductions so their gradients come from autograd. */
import { ArgumentError, ShapeError, noGrad, type Tensor } from '@gradstack/core';

export interface BatchNormOptions {
  weight?: Tensor | null;
  bias?: Tensor | null;
  /** Use batch statistics (and update the running ones) rather than the running statistics. */
  training?: boolean;
  /** Running-average factor; null means a cumulative average (factor 1/numBatchesTracked, given by the module). */
  momentum?: number;
  eps?: number;
}

/**
 * input: [N, C] or [N, C, *]. In training the batch mean and biased variance normalise, and the
 * running mean / unbiased variance are updated in place: r ← (1 − momentum)·r + momentum·batch.
 */
export function batchNorm(input: Tensor, runningMean: Tensor | null, runningVar: Tensor | null, opts: BatchNormOptions = {}): Tensor {
  const training = opts.training ?? false;
  const momentum = opts.momentum ?? 0.1;
  const eps = opts.eps ?? 1e-5;
  if (input.ndim < 2) throw new ShapeError(`batchNorm: expected input with at least 2 dims [N, C, *], got [${input.shape.join(',')}]`);
  const C = input.shape[1];
  const dims = [0, ...Array.from({ length: input.ndim - 2 }, (_, i) => i + 2)];
  const bshape = input.shape.map((s, i) => (i === 1 ? s : 1));
  let mean: Tensor;
  let invStd: Tensor;
  let centered: Tensor;
  if (training || !runningMean || !runningVar) {
    const n = input.numel / C;
    if (training && n <= 1) throw new ArgumentError(`batchNorm: expected more than 1 value per channel when training, got input size [${input.shape.join(',')}]`);
    mean = input.mean(dims, true);
    centered = input.sub(mean);
    const variance = centered.square().mean(dims, true);
    invStd = variance.add(eps).rsqrt();
    if (training && runningMean && runningVar) {
      noGrad(() => {
        runningMean.mul_(1 - momentum).add_(mean.detach().reshape([C]).mul(momentum));
        runningVar.mul_(1 - momentum).add_(variance.detach().reshape([C]).mul((momentum * n) / (n - 1)));
      });
    }
  } else {
    centered = input.sub(runningMean.reshape(bshape));
    invStd = runningVar.reshape(bshape).add(eps).rsqrt();
  }
  let y = centered.mul(invStd);
  if (opts.weight) y = y.mul(opts.weight.reshape(bshape));
  if (opts.bias) y = y.add(opts.bias.reshape(bshape));
  return y;
}

/** Normalises over the trailing `normalizedShape` dims (biased variance), then scales and shifts. */
export function layerNorm(input: Tensor, normalizedShape: readonly number[], weight?: Tensor | null, bias?: Tensor | null, eps = 1e-5): Tensor {
  const k = normalizedShape.length;
  const tail = input.shape.slice(input.ndim - k);
  if (k > input.ndim || tail.some((s, i) => s !== normalizedShape[i])) {
    throw new ShapeError(`layerNorm: input [${input.shape.join(',')}] does not end with normalizedShape [${normalizedShape.join(',')}]`);
  }
  const dims = Array.from({ length: k }, (_, i) => input.ndim - k + i);
  const centered = input.sub(input.mean(dims, true));
  const invStd = centered.square().mean(dims, true).add(eps).rsqrt();
  let y = centered.mul(invStd);
  if (weight) y = y.mul(weight);
  if (bias) y = y.add(bias);
  return y;
}
