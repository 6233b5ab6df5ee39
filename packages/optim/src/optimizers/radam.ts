/**
 * RAdam (Liu et al. 2019: Adam with a rectified adaptive lr) — torch/optim/radam.py, `_single_tensor_radam`.
 *
 *   g ← maximize ? −∇ : ∇;  t ← t + 1
 *   λ ≠ 0:  decoupled ? p ← p·(1 − η·λ) : g ← g + λ·p
 *   m ← lerp(m, g, 1 − β1);  v ← β2·v + (1 − β2)·g²
 *   m̂ ← m/(1 − β1ᵗ);  ρ∞ ← 2/(1 − β2) − 1;  ρₜ ← ρ∞ − 2t·β2ᵗ/(1 − β2ᵗ)
 *   ρₜ > 5:  r ← sqrt((ρₜ − 4)(ρₜ − 2)ρ∞ / ((ρ∞ − 4)(ρ∞ − 2)ρₜ))
 *            p ← p − m̂·η · sqrt(1 − β2ᵗ)/(sqrt(v) + ε) · r      (ε on sqrt(v), before the bias factor)
 *   else:    p ← p − m̂·η                                       (variance not yet trustworthy: momentum SGD)
 */
import type { Tensor } from '@gradstack/core';
import { Optimizer, type ParamGroup, type ParamState, type Params } from '../optimizer.js';
import { checkAdamLike, checkBoolean } from '../validation.js';

export interface RAdamOptions {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
  /** true: weight decay is the decoupled shrink p·(1 − η·λ) (RAdamW) instead of L2. */
  decoupledWeightDecay: boolean;
  maximize: boolean;
}

export const RADAM_DEFAULTS: RAdamOptions = { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, decoupledWeightDecay: false, maximize: false };

export class RAdam extends Optimizer<RAdamOptions> {
  constructor(params: Params<RAdamOptions>, options: Partial<RAdamOptions> = {}) {
    super(params, { ...RADAM_DEFAULTS, ...options });
  }

  protected validateGroup(g: ParamGroup<RAdamOptions>): void {
    checkAdamLike(g);
    checkBoolean('decoupledWeightDecay', g.decoupledWeightDecay);
    checkBoolean('maximize', g.maximize);
  }

  protected updateParam(p: Tensor, grad: Tensor, state: ParamState, group: ParamGroup<RAdamOptions>): void {
    const { lr, eps, weightDecay, decoupledWeightDecay, maximize } = group;
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

    let g = maximize ? grad.neg() : grad;
    if (weightDecay !== 0) {
      if (decoupledWeightDecay) p.mul_(1 - lr * weightDecay);
      else g = g.add(p, weightDecay);
    }
    m.lerp_(g, 1 - beta1);
    v.mul_(beta2).addcmul_(g, g, 1 - beta2);

    const bias1 = 1 - beta1 ** t;
    const bias2 = 1 - beta2 ** t;
    const mHatLr = m.div(bias1).mul_(lr);
    const rhoInf = 2 / (1 - beta2) - 1;
    const rhoT = rhoInf - (2 * t * beta2 ** t) / bias2;
    if (rhoT > 5) {
      const rect = Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
      const adaptiveLr = v.fullLike(Math.sqrt(bias2)).div_(v.sqrt().add_(eps));
      p.sub_(mHatLr.mul_(adaptiveLr).mul_(rect));
    } else {
      p.sub_(mHatLr);
    }
  }
}
