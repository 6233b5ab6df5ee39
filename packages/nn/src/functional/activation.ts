/** Activation functions (torch.nn.functional names); each is one core op or a short composition. */
import type { Tensor } from '@gradstack/core';

export const relu = (x: Tensor): Tensor => x.relu();
export const relu6 = (x: Tensor): Tensor => x.clamp(0, 6);
export const leakyRelu = (x: Tensor, negativeSlope = 0.01): Tensor => x.leakyRelu(negativeSlope);
export const elu = (x: Tensor, alpha = 1): Tensor => x.elu(alpha);
export const gelu = (x: Tensor, approximate: 'none' | 'tanh' = 'none'): Tensor => x.gelu(approximate);
export const silu = (x: Tensor): Tensor => x.silu();
export const sigmoid = (x: Tensor): Tensor => x.sigmoid();
export const tanh = (x: Tensor): Tensor => x.tanh();
/** softplus(x) = log(1 + exp(βx)) / β, linear above `threshold` for stability (PyTorch's form). */
export const softplus = (x: Tensor, beta = 1, threshold = 20): Tensor => x.softplus(beta, threshold);
export const softmax = (x: Tensor, dim = -1): Tensor => x.softmax(dim);
export const logSoftmax = (x: Tensor, dim = -1): Tensor => x.logSoftmax(dim);
/** mish(x) = x·tanh(softplus(x)). */
export const mish = (x: Tensor): Tensor => x.mul(x.softplus().tanh());
