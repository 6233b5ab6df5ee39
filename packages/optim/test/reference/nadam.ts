/** NAdam — torch/optim/nadam.py `_single_tensor_nadam` (momentum-decay schedule, running mu_product). */
import { buf, f32, num, runPerParameter, tensor, zeros, type GradSequence, type RefTensor, type Trajectory } from './float32.js';

export interface NadamOptions {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weightDecay?: number;
  momentumDecay?: number;
  decoupledWeightDecay?: boolean;
  maximize?: boolean;
}

export function nadamTrajectory(initial: readonly RefTensor[], grads: GradSequence, options: NadamOptions = {}): Trajectory {
  const { lr = 2e-3, betas = [0.9, 0.999], eps = 1e-8, weightDecay = 0, momentumDecay = 4e-3, decoupledWeightDecay = false, maximize = false } = options;
  const [beta1, beta2] = betas;
  return runPerParameter(initial, grads, (p, rawGrad, state, shape) => {
    if (state.step === undefined) {
      state.step = 0;
      state.mu_product = 1.0;
      state.exp_avg = tensor(shape, zeros(p.length));
      state.exp_avg_sq = tensor(shape, zeros(p.length));
    }
    const step = num(state, 'step') + 1;
    state.step = step;
    const biasCorrection2 = 1 - beta2 ** step;
    let g = rawGrad.map((x) => (maximize ? -x : x));
    if (weightDecay !== 0) {
      if (decoupledWeightDecay) {
        for (let i = 0; i < p.length; i++) p[i] = f32(p[i] * (1 - lr * weightDecay));
      } else {
        g = g.map((x, i) => f32(x + weightDecay * p[i]));
      }
    }
    const mu = beta1 * (1 - 0.5 * 0.96 ** (step * momentumDecay));
    const muNext = beta1 * (1 - 0.5 * 0.96 ** ((step + 1) * momentumDecay));
    // mu_product is a float32 tensor in PyTorch's state, so the running product is rounded each step.
    const muProduct = f32(num(state, 'mu_product') * mu);
    state.mu_product = muProduct;
    const muProductNext = muProduct * muNext; // not stored
    const m = buf(state, 'exp_avg');
    const v = buf(state, 'exp_avg_sq');
    const gradCoef = (-lr * (1 - mu)) / (1 - muProduct);
    const momentumCoef = (-lr * muNext) / (1 - muProductNext);
    for (let i = 0; i < p.length; i++) {
      m[i] = f32(m[i] + (1 - beta1) * (g[i] - m[i]));
      v[i] = f32(f32(v[i] * beta2) + (1 - beta2) * g[i] * g[i]);
      const denom = f32(f32(Math.sqrt(f32(v[i] / biasCorrection2))) + eps);
      p[i] = f32(p[i] + gradCoef * f32(g[i] / denom));
      p[i] = f32(p[i] + momentumCoef * f32(m[i] / denom));
    }
  });
}
