/** Adamax — torch/optim/adamax.py `_single_tensor_adamax` (infinity-norm second moment, eps inside the max). */
import { buf, f32, num, runPerParameter, tensor, zeros, type GradSequence, type RefTensor, type Trajectory } from './float32.js';

export interface AdamaxOptions {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weightDecay?: number;
  maximize?: boolean;
}

export function adamaxTrajectory(initial: readonly RefTensor[], grads: GradSequence, options: AdamaxOptions = {}): Trajectory {
  const { lr = 2e-3, betas = [0.9, 0.999], eps = 1e-8, weightDecay = 0, maximize = false } = options;
  const [beta1, beta2] = betas;
  return runPerParameter(initial, grads, (p, rawGrad, state, shape) => {
    if (state.step === undefined) {
      state.step = 0;
      state.exp_avg = tensor(shape, zeros(p.length));
      state.exp_inf = tensor(shape, zeros(p.length));
    }
    const step = num(state, 'step') + 1;
    state.step = step;
    let g = rawGrad.map((x) => (maximize ? -x : x));
    if (weightDecay !== 0) g = g.map((x, i) => f32(x + weightDecay * p[i]));
    const m = buf(state, 'exp_avg');
    const u = buf(state, 'exp_inf');
    const clr = lr / (1 - beta1 ** step);
    for (let i = 0; i < p.length; i++) {
      m[i] = f32(m[i] + (1 - beta1) * (g[i] - m[i]));
      u[i] = Math.max(f32(u[i] * beta2), f32(Math.abs(g[i]) + eps));
      p[i] = f32(p[i] - clr * f32(m[i] / u[i]));
    }
  });
}
