/**
 * LARS / LARC — huggingface/pytorch-image-models timm/optim/lars.py (class Lars):
 * a per-tensor trust ratio applied to (g + λp), then PyTorch-SGD momentum.
 */
import { buf, f32, norm2, runPerParameter, tensor, type GradSequence, type RefTensor, type Trajectory } from './float32.js';

export interface LarsOptions {
  lr?: number;
  momentum?: number;
  dampening?: number;
  weightDecay?: number;
  nesterov?: boolean;
  trustCoeff?: number;
  eps?: number;
  trustClip?: boolean;
  alwaysAdapt?: boolean;
}

export function larsTrajectory(initial: readonly RefTensor[], grads: GradSequence, options: LarsOptions = {}): Trajectory {
  const { lr = 1.0, momentum = 0, dampening = 0, weightDecay = 0, nesterov = false, trustCoeff = 0.001, eps = 1e-8, trustClip = false, alwaysAdapt = false } = options;
  return runPerParameter(initial, grads, (p, rawGrad, state, shape) => {
    let g = [...rawGrad];
    if (weightDecay !== 0 || alwaysAdapt) {
      const wNorm = norm2(p);
      const gNorm = norm2(g);
      let trust = f32(f32(trustCoeff * wNorm) / f32(f32(gNorm + f32(wNorm * weightDecay)) + eps));
      if (wNorm === 0 || gNorm === 0) trust = 1;
      if (trustClip) trust = Math.min(f32(trust / lr), 1); // LARC clipping
      g = g.map((x, i) => f32(f32(x + weightDecay * p[i]) * trust));
    }
    if (momentum !== 0) {
      if (state.momentum_buffer === undefined) {
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
