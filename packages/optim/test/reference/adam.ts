/**
 * Adam — torch/optim/adam.py `_single_tensor_adam`.
 * weightDecay is L2 (added to g) unless decoupledWeightDecay, which makes it AdamW.
 */
import { buf, f32, num, runPerParameter, tensor, zeros, type GradSequence, type RefTensor, type Trajectory } from './float32.js';

export interface AdamOptions {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weightDecay?: number;
  amsgrad?: boolean;
  maximize?: boolean;
  decoupledWeightDecay?: boolean;
}

export function adamTrajectory(initial: readonly RefTensor[], grads: GradSequence, options: AdamOptions = {}): Trajectory {
  const { lr = 1e-3, betas = [0.9, 0.999], eps = 1e-8, weightDecay = 0, amsgrad = false, maximize = false, decoupledWeightDecay = false } = options;
  const [beta1, beta2] = betas;
  return runPerParameter(initial, grads, (p, rawGrad, state, shape) => {
    if (state.step === undefined) {
      state.step = 0;
      state.exp_avg = tensor(shape, zeros(p.length));
      state.exp_avg_sq = tensor(shape, zeros(p.length));
      if (amsgrad) state.max_exp_avg_sq = tensor(shape, zeros(p.length));
    }
    const step = num(state, 'step') + 1;
    state.step = step;
    let g = rawGrad.map((x) => (maximize ? -x : x));
    if (weightDecay !== 0) {
      if (decoupledWeightDecay) {
        for (let i = 0; i < p.length; i++) p[i] = f32(p[i] * (1 - lr * weightDecay));
      } else {
        g = g.map((x, i) => f32(x + weightDecay * p[i]));
      }
    }
    const m = buf(state, 'exp_avg');
    const v = buf(state, 'exp_avg_sq');
    const biasCorrection1 = 1 - beta1 ** step;
    const biasCorrection2 = 1 - beta2 ** step;
    const stepSize = lr / biasCorrection1;
    const biasCorrection2Sqrt = Math.sqrt(biasCorrection2);
    for (let i = 0; i < p.length; i++) {
      m[i] = f32(m[i] + (1 - beta1) * (g[i] - m[i])); // lerp
      v[i] = f32(f32(v[i] * beta2) + (1 - beta2) * g[i] * g[i]);
      let second = v[i];
      if (amsgrad) {
        // The running max is over the raw v, not the bias-corrected one.
        const vmax = buf(state, 'max_exp_avg_sq');
        vmax[i] = Math.max(vmax[i], v[i]);
        second = vmax[i];
      }
      // eps is added to sqrt(v)/sqrt(bc2), i.e. to sqrt(v-hat).
      const denom = f32(f32(f32(Math.sqrt(second)) / biasCorrection2Sqrt) + eps);
      p[i] = f32(p[i] - stepSize * f32(m[i] / denom));
    }
  });
}
