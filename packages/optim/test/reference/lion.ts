/** Lion — google/automl lion/lion_pytorch.py (sign of the β1-interpolation; EMA with β2 after the step). */
import { buf, f32, runPerParameter, sign, tensor, zeros, type GradSequence, type RefTensor, type Trajectory } from './float32.js';

export interface LionOptions {
  lr?: number;
  betas?: [number, number];
  weightDecay?: number;
}

export function lionTrajectory(initial: readonly RefTensor[], grads: GradSequence, options: LionOptions = {}): Trajectory {
  const { lr = 1e-4, betas = [0.9, 0.99], weightDecay = 0 } = options;
  const [beta1, beta2] = betas;
  return runPerParameter(initial, grads, (p, g, state, shape) => {
    for (let i = 0; i < p.length; i++) p[i] = f32(p[i] * (1 - lr * weightDecay));
    if (state.exp_avg === undefined) state.exp_avg = tensor(shape, zeros(p.length));
    const m = buf(state, 'exp_avg');
    for (let i = 0; i < p.length; i++) {
      const update = f32(f32(m[i] * beta1) + f32(g[i] * (1 - beta1)));
      p[i] = f32(p[i] - lr * sign(update));
      m[i] = f32(f32(m[i] * beta2) + (1 - beta2) * g[i]);
    }
  });
}
