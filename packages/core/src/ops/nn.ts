/** Neural-net functions composed from primitives (their gradients come from the composition). */
import { normDim } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { amax, logsumexp } from './reduce.js';

export function softmax(a: Tensor, dim = -1): Tensor {
  const d = normDim(dim, a.ndim, 'softmax');
  const e = a.sub(amax(a.detach(), d, true)).exp();
  return e.div(e.sum(d, true));
}

export function logSoftmax(a: Tensor, dim = -1): Tensor {
  const d = normDim(dim, a.ndim, 'logSoftmax');
  return a.sub(logsumexp(a, d, true));
}

const SQRT1_2 = Math.SQRT1_2;
const SQRT_2_PI = Math.sqrt(2 / Math.PI);

/** GELU: exact x·Φ(x) (approximate 'none') or the tanh form. */
export function gelu(a: Tensor, approximate: 'none' | 'tanh' = 'none'): Tensor {
  if (approximate === 'tanh') {
    const inner = a.add(a.pow(3).mul(0.044715)).mul(SQRT_2_PI);
    return a.mul(0.5).mul(inner.tanh().add(1));
  }
  return a.mul(0.5).mul(a.mul(SQRT1_2).erf().add(1));
}

export function silu(a: Tensor): Tensor {
  return a.mul(a.sigmoid());
}
