/** RAdam — torch/optim/radam.py `_single_tensor_radam` (variance rectification, SGD-momentum fallback). */
import { buf, f32, num, runPerParameter, tensor, zeros, type GradSequence, type RefTensor, type Trajectory } from './float32.js';

export interface RadamOptions {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weightDecay?: number;
  decoupledWeightDecay?: boolean;
  maximize?: boolean;
}

export function radamTrajectory(initial: readonly RefTensor[], grads: GradSequence, options: RadamOptions = {}): Trajectory {
  const { lr = 1e-3, betas = [0.9, 0.999], eps = 1e-8, weightDecay = 0, decoupledWeightDecay = false, maximize = false } = options;
  const [beta1, beta2] = betas;
  return runPerParameter(initial, grads, (p, rawGrad, state, shape) => {
    if (state.step === undefined) {
      state.step = 0;
      state.exp_avg = tensor(shape, zeros(p.length));
      state.exp_avg_sq = tensor(shape, zeros(p.length));
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
    const rhoInf = 2 / (1 - beta2) - 1;
    const rhoT = rhoInf - (2 * step * beta2 ** step) / biasCorrection2;
    const rectified = rhoT > 5; // strict: with beta2 = 0.999 the first rectified step is t = 6
    const rect = rectified ? Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT)) : 0;
    for (let i = 0; i < p.length; i++) {
      m[i] = f32(m[i] + (1 - beta1) * (g[i] - m[i]));
      v[i] = f32(f32(v[i] * beta2) + (1 - beta2) * g[i] * g[i]);
      const mHatLr = f32(f32(m[i] / biasCorrection1) * lr);
      if (rectified) {
        // eps goes on sqrt(v) before the sqrt(bc2) factor (unlike Adam).
        const adaptiveLr = f32(Math.sqrt(biasCorrection2) / f32(f32(Math.sqrt(v[i])) + eps));
        p[i] = f32(p[i] - f32(f32(mHatLr * adaptiveLr) * rect));
      } else {
        p[i] = f32(p[i] - mHatLr);
      }
    }
  });
}
