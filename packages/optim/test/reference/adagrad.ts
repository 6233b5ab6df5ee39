/** Adagrad — torch/optim/adagrad.py `_single_tensor_adagrad`. */
import { buf, f32, filled, num, runPerParameter, tensor, type GradSequence, type RefTensor, type Trajectory } from './float32.js';

export interface AdagradOptions {
  lr?: number;
  lrDecay?: number;
  weightDecay?: number;
  initialAccumulatorValue?: number;
  eps?: number;
  maximize?: boolean;
}

export function adagradTrajectory(initial: readonly RefTensor[], grads: GradSequence, options: AdagradOptions = {}): Trajectory {
  const { lr = 1e-2, lrDecay = 0, weightDecay = 0, initialAccumulatorValue = 0, eps = 1e-10, maximize = false } = options;
  return runPerParameter(initial, grads, (p, rawGrad, state, shape) => {
    if (state.step === undefined) {
      state.step = 0;
      state.sum = tensor(shape, filled(p.length, initialAccumulatorValue));
    }
    const step = num(state, 'step') + 1;
    state.step = step;
    let g = rawGrad.map((x) => (maximize ? -x : x));
    if (weightDecay !== 0) g = g.map((x, i) => f32(x + weightDecay * p[i]));
    // lr decay uses (t - 1): the first step takes the full lr.
    const clr = lr / (1 + (step - 1) * lrDecay);
    const sum = buf(state, 'sum');
    for (let i = 0; i < p.length; i++) {
      sum[i] = f32(sum[i] + g[i] * g[i]);
      const std = f32(f32(Math.sqrt(sum[i])) + eps); // eps outside the sqrt
      p[i] = f32(p[i] - clr * f32(g[i] / std));
    }
  });
}
