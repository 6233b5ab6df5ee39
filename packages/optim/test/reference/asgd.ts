/** ASGD — torch/optim/asgd.py `_single_tensor_asgd` (averaged SGD; eta and mu updated after the step). */
import { buf, f32, num, runPerParameter, tensor, zeros, type GradSequence, type RefTensor, type Trajectory } from './float32.js';

export interface AsgdOptions {
  lr?: number;
  lambd?: number;
  alpha?: number;
  t0?: number;
  weightDecay?: number;
  maximize?: boolean;
}

export function asgdTrajectory(initial: readonly RefTensor[], grads: GradSequence, options: AsgdOptions = {}): Trajectory {
  const { lr = 1e-2, lambd = 1e-4, alpha = 0.75, t0 = 1e6, weightDecay = 0, maximize = false } = options;
  return runPerParameter(initial, grads, (p, rawGrad, state, shape) => {
    if (state.step === undefined) {
      state.step = 0;
      // eta and mu are float32 scalar tensors in PyTorch's state.
      state.eta = f32(lr);
      state.mu = 1;
      state.ax = tensor(shape, zeros(p.length));
    }
    const step = num(state, 'step') + 1;
    state.step = step;
    let g = rawGrad.map((x) => (maximize ? -x : x));
    if (weightDecay !== 0) g = g.map((x, i) => f32(x + weightDecay * p[i]));
    const eta = num(state, 'eta'); // from the previous step (lr on step 1)
    const mu = num(state, 'mu');
    const ax = buf(state, 'ax');
    for (let i = 0; i < p.length; i++) {
      p[i] = f32(p[i] * (1 - lambd * eta));
      p[i] = f32(p[i] - eta * g[i]);
      ax[i] = mu !== 1 ? f32(ax[i] + f32(f32(p[i] - ax[i]) * mu)) : p[i];
    }
    state.eta = f32(lr / (1 + lambd * lr * step) ** alpha);
    state.mu = f32(1 / Math.max(1, step - t0));
  });
}
