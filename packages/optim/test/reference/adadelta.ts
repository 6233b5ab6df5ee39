/** Adadelta — torch/optim/adadelta.py `_single_tensor_adadelta` (eps inside both square roots). */
import { buf, f32, num, runPerParameter, tensor, zeros, type GradSequence, type RefTensor, type Trajectory } from './float32.js';

export interface AdadeltaOptions {
  lr?: number;
  rho?: number;
  eps?: number;
  weightDecay?: number;
  maximize?: boolean;
}

export function adadeltaTrajectory(initial: readonly RefTensor[], grads: GradSequence, options: AdadeltaOptions = {}): Trajectory {
  const { lr = 1.0, rho = 0.9, eps = 1e-6, weightDecay = 0, maximize = false } = options;
  return runPerParameter(initial, grads, (p, rawGrad, state, shape) => {
    if (state.step === undefined) {
      state.step = 0;
      state.square_avg = tensor(shape, zeros(p.length));
      state.acc_delta = tensor(shape, zeros(p.length));
    }
    state.step = num(state, 'step') + 1;
    let g = rawGrad.map((x) => (maximize ? -x : x));
    if (weightDecay !== 0) g = g.map((x, i) => f32(x + weightDecay * p[i]));
    const squareAvg = buf(state, 'square_avg');
    const accDelta = buf(state, 'acc_delta');
    for (let i = 0; i < p.length; i++) {
      squareAvg[i] = f32(f32(squareAvg[i] * rho) + (1 - rho) * g[i] * g[i]);
      const std = f32(Math.sqrt(f32(squareAvg[i] + eps)));
      const delta = f32(f32(f32(Math.sqrt(f32(accDelta[i] + eps))) / std) * g[i]);
      // acc_delta takes this step's delta before p moves.
      accDelta[i] = f32(f32(accDelta[i] * rho) + (1 - rho) * delta * delta);
      p[i] = f32(p[i] - lr * delta);
    }
  });
}
