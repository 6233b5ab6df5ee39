/**
 * Adam (Kingma & Ba) with PyTorch's numerics — torch/optim/adam.py, `_single_tensor_adam`.
 *
 *   g ← maximize ? −∇ : ∇;  t ← t + 1
 *   λ ≠ 0:  decoupled ? p ← p·(1 − η·λ) : g ← g + λ·p
 *   m ← lerp(m, g, 1 − β1);  v ← β2·v + (1 − β2)·g²
 *   v̂max ← max(v̂max, v)                               (amsgrad)
 *   denom ← sqrt(v or v̂max)/sqrt(1 − β2ᵗ) + ε           (ε after the bias correction)
 *   p ← p − η/(1 − β1ᵗ) · m/denom
 */
import type { Tensor } from '@gradstack/core';
import { Optimizer, type ParamGroup, type ParamState, type Params } from '../optimizer.js';
import { checkAdamLike, checkBoolean } from '../validation.js';
import { canFuse, checkFusedOption, markModified, stateZeros } from '../fused.js';

export interface AdamOptions {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
  amsgrad: boolean;
  maximize: boolean;
  /** true: weight decay is AdamW's decoupled shrink instead of L2. */
  decoupledWeightDecay: boolean;
  /** The backend's fused one-pass kernel: true always, false never (tensor-op update), unset = auto (large parameters; see fused.ts). */
  fused?: boolean;
}

export const ADAM_DEFAULTS: AdamOptions = {
  lr: 1e-3,
  betas: [0.9, 0.999],
  eps: 1e-8,
  weightDecay: 0,
  amsgrad: false,
  maximize: false,
  decoupledWeightDecay: false,
};

export class Adam extends Optimizer<AdamOptions> {
  constructor(params: Params<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super(params, { ...ADAM_DEFAULTS, ...options });
  }

  protected validateGroup(g: ParamGroup<AdamOptions>): void {
    checkAdamLike(g);
    checkBoolean('amsgrad', g.amsgrad);
    checkBoolean('maximize', g.maximize);
    checkBoolean('decoupledWeightDecay', g.decoupledWeightDecay);
    checkFusedOption(g.fused);
  }

  protected updateParam(p: Tensor, grad: Tensor, state: ParamState, group: ParamGroup<AdamOptions>): void {
    const { lr, eps, weightDecay, amsgrad, maximize, decoupledWeightDecay } = group;
    const [beta1, beta2] = group.betas;
    if (state.step === undefined) {
      const fusedHere = canFuse(group.fused, p.backend.adamStep, [p, grad]);
      state.step = 0;
      state.exp_avg = stateZeros(p, fusedHere);
      state.exp_avg_sq = stateZeros(p, fusedHere);
      if (amsgrad) state.max_exp_avg_sq = stateZeros(p, fusedHere);
    }
    const m = state.exp_avg as Tensor;
    const v = state.exp_avg_sq as Tensor;
    const t = (state.step as number) + 1;
    state.step = t;
    const vmax0 = amsgrad ? (state.max_exp_avg_sq as Tensor) : null;
    if (canFuse(group.fused, p.backend.adamStep, [p, grad, m, v, vmax0])) {
      p.backend.adamStep!(p.storage, grad.storage, m.storage, v.storage, vmax0?.storage ?? null, p.numel, {
        lr, beta1, beta2, eps, weightDecay, decoupled: decoupledWeightDecay, amsgrad, maximize, step: t,
      });
      markModified('adamStep', [p, m, v, vmax0]);
      return;
    }

    let g = maximize ? grad.neg() : grad;
    if (weightDecay !== 0) {
      if (decoupledWeightDecay) p.mul_(1 - lr * weightDecay);
      else g = g.add(p, weightDecay);
    }
    m.lerp_(g, 1 - beta1);
    v.mul_(beta2).addcmul_(g, g, 1 - beta2);

    const bias1 = 1 - beta1 ** t;
    const bias2Sqrt = Math.sqrt(1 - beta2 ** t);
    const stepSize = lr / bias1;
    let denom: Tensor;
    if (amsgrad) {
      const vmax = (state.max_exp_avg_sq as Tensor).maximum_(v);
      denom = vmax.sqrt().div(bias2Sqrt).add_(eps);
    } else {
      denom = v.sqrt().div(bias2Sqrt).add_(eps);
    }
    p.addcdiv_(m, denom, -stepSize);
  }
}
