/**
 * LAMB (You et al. 2019, paper v3) — jettify/pytorch-optimizer torch_optimizer/lamb.py (0.3).
 *
 *   t ← t + 1;  m ← β1·m + (1 − β1)·g;  v ← β2·v + (1 − β2)·g²
 *   stepSize ← η · (debias ? sqrt(1 − β2ᵗ)/(1 − β1ᵗ) : 1)
 *   ‖w‖ ← min(‖p‖₂, clampValue)                       (one norm per parameter tensor)
 *   r ← m/(sqrt(v) + ε);  λ ≠ 0: r ← r + λ·p          (decay inside the trust ratio)
 *   trust ← (‖w‖ = 0 or ‖r‖ = 0) ? 1 : ‖w‖/‖r‖;  adam: trust ← 1
 *   p ← p − stepSize·trust·r
 *
 * No bias correction by default (debias scales the step, not the moments inside the ratio).
 * State: `step`, `exp_avg`, `exp_avg_sq`, plus the informational `weight_norm`, `adam_norm` and
 * `trust_ratio` of the last step (the ratio before the `adam` override, as the source records it).
 */
import type { Tensor } from '@gradstack/core';
import { Optimizer, type ParamGroup, type ParamState, type Params } from '../optimizer.js';
import { checkAdamLike, checkBoolean, checkNonNegative } from '../validation.js';

export interface LAMBOptions {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
  /** φ(x) = min(x, clampValue) bounds the weight norm in the trust ratio. */
  clampValue: number;
  /** true: trust ratio 1 — Adam without bias correction, for comparisons. */
  adam: boolean;
  /** true: scale the step by sqrt(1 − β2ᵗ)/(1 − β1ᵗ). */
  debias: boolean;
}

export const LAMB_DEFAULTS: LAMBOptions = {
  lr: 1e-3,
  betas: [0.9, 0.999],
  eps: 1e-6,
  weightDecay: 0,
  clampValue: 10,
  adam: false,
  debias: false,
};

export class LAMB extends Optimizer<LAMBOptions> {
  constructor(params: Params<LAMBOptions>, options: Partial<LAMBOptions> = {}) {
    super(params, { ...LAMB_DEFAULTS, ...options });
  }

  protected validateGroup(g: ParamGroup<LAMBOptions>): void {
    checkAdamLike(g);
    checkNonNegative('clampValue', g.clampValue);
    checkBoolean('adam', g.adam);
    checkBoolean('debias', g.debias);
  }

  protected updateParam(p: Tensor, grad: Tensor, state: ParamState, group: ParamGroup<LAMBOptions>): void {
    const { lr, eps, weightDecay, clampValue, adam, debias } = group;
    const [beta1, beta2] = group.betas;
    if (state.step === undefined) {
      state.step = 0;
      state.exp_avg = p.zerosLike();
      state.exp_avg_sq = p.zerosLike();
    }
    const m = state.exp_avg as Tensor;
    const v = state.exp_avg_sq as Tensor;
    const t = (state.step as number) + 1;
    state.step = t;

    m.mul_(beta1).add_(grad, 1 - beta1);
    v.mul_(beta2).addcmul_(grad, grad, 1 - beta2);
    const stepSize = lr * (debias ? Math.sqrt(1 - beta2 ** t) / (1 - beta1 ** t) : 1);

    const weightNorm = Math.min(p.square().sum().sqrt().item(), clampValue);
    const adamStep = m.div(v.sqrt().add_(eps));
    if (weightDecay !== 0) adamStep.add_(p, weightDecay);
    const adamNorm = adamStep.square().sum().sqrt().item();
    let trustRatio = weightNorm === 0 || adamNorm === 0 ? 1 : weightNorm / adamNorm;
    state.weight_norm = weightNorm;
    state.adam_norm = adamNorm;
    state.trust_ratio = trustRatio;
    if (adam) trustRatio = 1;

    p.add_(adamStep, -stepSize * trustRatio);
  }
}
