/**
 * LARS / LARC (You et al. 2017; NVIDIA apex LARC clipping) on PyTorch-SGD momentum —
 * huggingface/pytorch-image-models timm/optim/lars.py (class `Lars`).
 *
 *   if λ ≠ 0 or alwaysAdapt:
 *     ‖w‖ ← ‖p‖₂,  ‖g‖ ← ‖g‖₂
 *     trust ← trustCoeff·‖w‖/(‖g‖ + ‖w‖·λ + ε);   trust ← 1 if ‖w‖ = 0 or ‖g‖ = 0
 *     trustClip (LARC): trust ← min(trust/η, 1)
 *     g ← (g + λ·p)·trust                        (a new tensor: p.grad is left unmodified)
 *   μ ≠ 0:  b ← first step ? copy(g) : μ·b + (1 − dampening)·g;   g ← nesterov ? g + μ·b : b
 *   p ← p − η·g
 *
 * With λ = 0 and alwaysAdapt false this is plain SGD: biases and norm weights put in a group
 * without decay are not adapted, as in SimCLR/BYOL practice. State: `momentum_buffer` (μ ≠ 0 only).
 */
import type { Tensor } from '@gradstack/core';
import { Optimizer, type ParamGroup, type ParamState, type Params } from '../optimizer.js';
import { checkBoolean, checkNonNegative } from '../validation.js';

export interface LARSOptions {
  lr: number;
  momentum: number;
  dampening: number;
  weightDecay: number;
  nesterov: boolean;
  /** η_LARS: the trust ratio's coefficient. */
  trustCoeff: number;
  eps: number;
  /** LARC: clip the adaptive lr trust·η at η (trust ← min(trust/η, 1)). */
  trustClip: boolean;
  /** Adapt even when weightDecay is 0. */
  alwaysAdapt: boolean;
}

export const LARS_DEFAULTS: LARSOptions = {
  lr: 1.0,
  momentum: 0,
  dampening: 0,
  weightDecay: 0,
  nesterov: false,
  trustCoeff: 0.001,
  eps: 1e-8,
  trustClip: false,
  alwaysAdapt: false,
};

export class LARS extends Optimizer<LARSOptions> {
  constructor(params: Params<LARSOptions>, options: Partial<LARSOptions> = {}) {
    super(params, { ...LARS_DEFAULTS, ...options });
  }

  protected validateGroup(g: ParamGroup<LARSOptions>): void {
    checkNonNegative('lr', g.lr);
    checkNonNegative('momentum', g.momentum);
    checkNonNegative('dampening', g.dampening);
    checkNonNegative('weightDecay', g.weightDecay);
    checkNonNegative('trustCoeff', g.trustCoeff);
    checkNonNegative('eps', g.eps);
    checkBoolean('nesterov', g.nesterov);
    checkBoolean('trustClip', g.trustClip);
    checkBoolean('alwaysAdapt', g.alwaysAdapt);
    if (g.nesterov && (g.momentum <= 0 || g.dampening !== 0)) {
      throw new RangeError(`Invalid nesterov: Nesterov momentum requires a momentum and zero dampening (got momentum ${g.momentum}, dampening ${g.dampening})`);
    }
  }

  protected updateParam(p: Tensor, grad: Tensor, state: ParamState, group: ParamGroup<LARSOptions>): void {
    const { lr, momentum, dampening, weightDecay, nesterov, trustCoeff, eps, trustClip, alwaysAdapt } = group;
    let g = grad;
    if (weightDecay !== 0 || alwaysAdapt) {
      const wNorm = p.norm().item();
      const gNorm = grad.norm().item();
      let trustRatio = wNorm > 0 && gNorm > 0 ? (trustCoeff * wNorm) / (gNorm + wNorm * weightDecay + eps) : 1;
      if (trustClip) trustRatio = Math.min(trustRatio / lr, 1);
      g = grad.add(p, weightDecay).mul_(trustRatio);
    }
    if (momentum !== 0) {
      let buf = state.momentum_buffer as Tensor | undefined;
      if (buf === undefined) {
        buf = g.detach().clone();
        state.momentum_buffer = buf;
      } else {
        buf.mul_(momentum).add_(g, 1 - dampening);
      }
      g = nesterov ? g.add(buf, momentum) : buf;
    }
    p.add_(g, -lr);
  }
}
