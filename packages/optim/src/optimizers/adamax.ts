/**
 * Adamax (Kingma & Ba, §7.1: Adam with the infinity norm) — torch/optim/adamax.py, `_single_tensor_adamax`.
 *
 *   g ← maximize ? −∇ : ∇;  t ← t + 1;  g ← g + λ·p            (weightDecay λ, L2)
 *   m ← lerp(m, g, 1 − β1)                                     (exp_avg)
 *   u ← max(β2·u, |g| + ε)                                     (exp_inf; ε inside the max)
 *   p ← p − η/(1 − β1ᵗ) · m/u
 */
import type { Tensor } from '@gradstack/core';
import { Optimizer, type ParamGroup, type ParamState, type Params } from '../optimizer.js';
import { checkAdamLike, checkBoolean } from '../validation.js';

export interface AdamaxOptions {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
  maximize: boolean;
}

export const ADAMAX_DEFAULTS: AdamaxOptions = { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, maximize: false };

export class Adamax extends Optimizer<AdamaxOptions> {
  constructor(params: Params<AdamaxOptions>, options: Partial<AdamaxOptions> = {}) {
    super(params, { ...ADAMAX_DEFAULTS, ...options });
  }

  protected validateGroup(g: ParamGroup<AdamaxOptions>): void {
    checkAdamLike(g);
    checkBoolean('maximize', g.maximize);
  }

  protected updateParam(p: Tensor, grad: Tensor, state: ParamState, group: ParamGroup<AdamaxOptions>): void {
    const { lr, eps, weightDecay, maximize } = group;
    const [beta1, beta2] = group.betas;
    if (state.step === undefined) {
      state.step = 0;
      state.exp_avg = p.zerosLike();
      state.exp_inf = p.zerosLike();
    }
    const m = state.exp_avg as Tensor;
    const u = state.exp_inf as Tensor;
    const t = (state.step as number) + 1;
    state.step = t;

    let g = maximize ? grad.neg() : grad;
    if (weightDecay !== 0) g = g.add(p, weightDecay);
    m.lerp_(g, 1 - beta1);
    u.mul_(beta2).maximum_(g.abs().add_(eps));
    const clr = lr / (1 - beta1 ** t);
    p.addcdiv_(m, u, -clr);
  }
}
