/** Rprop — torch/optim/rprop.py `_single_tensor_rprop` (sign-based steps, no weight backtracking). */
import { buf, f32, filled, num, runPerParameter, sign, tensor, zeros, type GradSequence, type RefTensor, type Trajectory } from './float32.js';

export interface RpropOptions {
  lr?: number;
  etas?: [number, number];
  stepSizes?: [number, number];
  maximize?: boolean;
}

export function rpropTrajectory(initial: readonly RefTensor[], grads: GradSequence, options: RpropOptions = {}): Trajectory {
  const { lr = 1e-2, etas = [0.5, 1.2], stepSizes = [1e-6, 50], maximize = false } = options;
  // The factors live in a float32 tensor, so they (and the "== etaminus" mask test) are float32 values.
  const etaminus = f32(etas[0]);
  const etaplus = f32(etas[1]);
  const [stepSizeMin, stepSizeMax] = stepSizes;
  return runPerParameter(initial, grads, (p, rawGrad, state, shape) => {
    if (state.step === undefined) {
      state.step = 0;
      state.prev = tensor(shape, zeros(p.length));
      state.step_size = tensor(shape, filled(p.length, lr));
    }
    state.step = num(state, 'step') + 1;
    const g = rawGrad.map((x) => (maximize ? -x : x));
    const prev = buf(state, 'prev');
    const stepSize = buf(state, 'step_size');
    for (let i = 0; i < p.length; i++) {
      const s = sign(f32(g[i] * prev[i]));
      const factor = s > 0 ? etaplus : s < 0 ? etaminus : 1;
      stepSize[i] = Math.min(Math.max(f32(stepSize[i] * factor), stepSizeMin), stepSizeMax);
      stepSize[i] = f32(stepSize[i]);
      // After a sign change the gradient is zeroed: no move now, and factor 1 next time.
      const masked = factor === etaminus ? 0 : g[i];
      p[i] = f32(p[i] - sign(masked) * stepSize[i]);
      prev[i] = masked;
    }
  });
}
