/** Inverted dropout: zero each element with probability p and scale the rest by 1/(1−p). */
import { ArgumentError, bernoulli, defaultGenerator, type Generator, type Tensor } from '@gradstack/core';

export function dropout(x: Tensor, p = 0.5, training = true, generator: Generator = defaultGenerator): Tensor {
  if (!(p >= 0 && p <= 1)) throw new ArgumentError(`dropout: probability has to be between 0 and 1, but got ${p}`);
  if (!training || p === 0) return x;
  if (p === 1) return x.mul(0);
  const dtype = x.dtype === 'int32' ? 'float32' : x.dtype;
  // The mask is drawn off the graph and pre-scaled, so the graph holds a single mul.
  const mask = bernoulli(1 - p, { shape: x.shape, dtype, generator });
  mask.mul_(1 / (1 - p));
  return x.mul(mask);
}
