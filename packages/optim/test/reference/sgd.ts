/** SGD — torch/optim/sgd.py `_single_tensor_sgd` (momentum, dampening, Nesterov, L2 decay, maximize). */
import { buf, f32, runPerParameter, tensor, type GradSequence, type RefTensor, type Trajectory } from './float32.js';

export interface SgdOptions {
  lr?: number;
  momentum?: number;
  dampening?: number;
  weightDecay?: number;
  nesterov?: boolean;
  maximize?: boolean;
}

export function sgdTrajectory(initial: readonly RefTensor[], grads: GradSequence, options: SgdOptions = {}): Trajectory {
  const { lr = 1e-3, momentum = 0, dampening = 0, weightDecay = 0, nesterov = false, maximize = false } = options;
  return runPerParameter(initial, grads, (p, rawGrad, state, shape) => {
    let g = rawGrad.map((x) => (maximize ? -x : x));
    if (weightDecay !== 0) g = g.map((x, i) => f32(x + weightDecay * p[i]));
    if (momentum !== 0) {
      if (state.momentum_buffer === undefined) {
        // First step: the buffer is a copy of g, with no (1 - dampening) factor.
        state.momentum_buffer = tensor(shape, g);
      } else {
        const b = buf(state, 'momentum_buffer');
        for (let i = 0; i < b.length; i++) b[i] = f32(f32(b[i] * momentum) + (1 - dampening) * g[i]);
      }
      const b = buf(state, 'momentum_buffer');
      g = nesterov ? g.map((x, i) => f32(x + momentum * b[i])) : [...b];
    }
    for (let i = 0; i < p.length; i++) p[i] = f32(p[i] - lr * g[i]);
  });
}
