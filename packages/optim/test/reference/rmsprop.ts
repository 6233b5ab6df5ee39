/** RMSprop — torch/optim/rmsprop.py `_single_tensor_rmsprop` (centered, momentum, no bias correction). */
import { buf, f32, num, runPerParameter, tensor, zeros, type GradSequence, type RefTensor, type Trajectory } from './float32.js';

export interface RmspropOptions {
  lr?: number;
  alpha?: number;
  eps?: number;
  weightDecay?: number;
  momentum?: number;
  centered?: boolean;
  maximize?: boolean;
}

export function rmspropTrajectory(initial: readonly RefTensor[], grads: GradSequence, options: RmspropOptions = {}): Trajectory {
  const { lr = 1e-2, alpha = 0.99, eps = 1e-8, weightDecay = 0, momentum = 0, centered = false, maximize = false } = options;
  return runPerParameter(initial, grads, (p, rawGrad, state, shape) => {
    if (state.step === undefined) {
      state.step = 0;
      state.square_avg = tensor(shape, zeros(p.length));
      if (momentum > 0) state.momentum_buffer = tensor(shape, zeros(p.length));
      if (centered) state.grad_avg = tensor(shape, zeros(p.length));
    }
    state.step = num(state, 'step') + 1;
    let g = rawGrad.map((x) => (maximize ? -x : x));
    if (weightDecay !== 0) g = g.map((x, i) => f32(x + weightDecay * p[i]));
    const squareAvg = buf(state, 'square_avg');
    for (let i = 0; i < p.length; i++) {
      squareAvg[i] = f32(f32(squareAvg[i] * alpha) + (1 - alpha) * g[i] * g[i]);
      let avg: number;
      if (centered) {
        const gradAvg = buf(state, 'grad_avg');
        gradAvg[i] = f32(gradAvg[i] + (1 - alpha) * (g[i] - gradAvg[i]));
        avg = f32(Math.sqrt(f32(squareAvg[i] - gradAvg[i] * gradAvg[i])));
      } else {
        avg = f32(Math.sqrt(squareAvg[i]));
      }
      avg = f32(avg + eps); // eps after the sqrt
      if (momentum > 0) {
        const b = buf(state, 'momentum_buffer');
        b[i] = f32(f32(b[i] * momentum) + f32(g[i] / avg));
        p[i] = f32(p[i] - lr * b[i]);
      } else {
        p[i] = f32(p[i] - lr * f32(g[i] / avg));
      }
    }
  });
}
