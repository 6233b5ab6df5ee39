/**
 * LAMB — jettify/pytorch-optimizer torch_optimizer/lamb.py (torch-optimizer 0.3).
 * No bias correction by default; weight decay inside the trust ratio; ‖p‖ clamped at clampValue.
 */
import { buf, f32, norm2, num, runPerParameter, tensor, zeros, type GradSequence, type RefTensor, type Trajectory } from './float32.js';

export interface LambOptions {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weightDecay?: number;
  clampValue?: number;
  adam?: boolean;
  debias?: boolean;
}

export function lambTrajectory(initial: readonly RefTensor[], grads: GradSequence, options: LambOptions = {}): Trajectory {
  const { lr = 1e-3, betas = [0.9, 0.999], eps = 1e-6, weightDecay = 0, clampValue = 10, adam = false, debias = false } = options;
  const [beta1, beta2] = betas;
  return runPerParameter(initial, grads, (p, g, state, shape) => {
    if (state.step === undefined) {
      state.step = 0;
      state.exp_avg = tensor(shape, zeros(p.length));
      state.exp_avg_sq = tensor(shape, zeros(p.length));
    }
    const step = num(state, 'step') + 1;
    state.step = step;
    const m = buf(state, 'exp_avg');
    const v = buf(state, 'exp_avg_sq');
    for (let i = 0; i < p.length; i++) {
      m[i] = f32(f32(m[i] * beta1) + (1 - beta1) * g[i]);
      v[i] = f32(f32(v[i] * beta2) + (1 - beta2) * g[i] * g[i]);
    }
    const biasCorrection = debias ? Math.sqrt(1 - beta2 ** step) / (1 - beta1 ** step) : 1;
    const stepSize = lr * biasCorrection;
    const weightNorm = Math.min(norm2(p), clampValue);
    const adamStep = m.map((mi, i) => f32(mi / f32(f32(Math.sqrt(v[i])) + eps)));
    if (weightDecay !== 0) for (let i = 0; i < p.length; i++) adamStep[i] = f32(adamStep[i] + weightDecay * p[i]);
    const adamNorm = norm2(adamStep);
    const trustRatio = weightNorm === 0 || adamNorm === 0 ? 1 : f32(weightNorm / adamNorm);
    state.weight_norm = weightNorm;
    state.adam_norm = adamNorm;
    state.trust_ratio = trustRatio;
    const appliedTrust = adam ? 1 : trustRatio;
    const alpha = f32(-stepSize * appliedTrust);
    for (let i = 0; i < p.length; i++) p[i] = f32(p[i] + alpha * adamStep[i]);
  });
}
