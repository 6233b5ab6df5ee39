/**
 * NAdam (Dozat 2016: Adam with Nesterov momentum and a momentum schedule) — torch/optim/nadam.py, `_single_tensor_nadam`.
 *
 *   g ← maximize ? −∇ : ∇;  t ← t + 1
 *   λ ≠ 0:  decoupled ? p ← p·(1 − η·λ) : g ← g + λ·p
 *   μₜ ← β1·(1 − ½·0.96^(t·ψ));  μₜ₊₁ ← β1·(1 − ½·0.96^((t+1)·ψ))      (ψ = momentumDecay)
 *   Πₜ ← Πₜ₋₁·μₜ                                                     (mu_product, kept in the state)
 *   m ← lerp(m, g, 1 − β1);  v ← β2·v + (1 − β2)·g²
 *   denom ← sqrt(v/(1 − β2ᵗ)) + ε
 *   p ← p − η(1 − μₜ)/(1 − Πₜ) · g/denom                              (the gradient term)
 *   p ← p − η·μₜ₊₁/(1 − Πₜ·μₜ₊₁) · m/denom                            (the look-ahead momentum term)
 */
import type { Tensor } from '@gradstack/core';
import { Optimizer, type ParamGroup, type ParamState, type Params } from '../optimizer.js';
import { checkAdamLike, checkBoolean, checkNonNegative } from '../validation.js';

export interface NAdamOptions {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
  momentumDecay: number;
  /** true: weight decay is the decoupled shrink p·(1 − η·λ) (NAdamW) instead of L2. */
  decoupledWeightDecay: boolean;
  maximize: boolean;
}

export const NADAM_DEFAULTS: NAdamOptions = {
  lr: 2e-3,
  betas: [0.9, 0.999],
  eps: 1e-8,
  weightDecay: 0,
  momentumDecay: 4e-3,
  decoupledWeightDecay: false,
  maximize: false,
};

export class NAdam extends Optimizer<NAdamOptions> {
  constructor(params: Params<NAdamOptions>, options: Partial<NAdamOptions> = {}) {
    super(params, { ...NADAM_DEFAULTS, ...options });
  }

  protected validateGroup(g: ParamGroup<NAdamOptions>): void {
    checkAdamLike(g);
    checkNonNegative('momentumDecay', g.momentumDecay);
    checkBoolean('decoupledWeightDecay', g.decoupledWeightDecay);
    checkBoolean('maximize', g.maximize);
  }

  protected updateParam(p: Tensor, grad: Tensor, state: ParamState, group: ParamGroup<NAdamOptions>): void {
    const { lr, eps, weightDecay, momentumDecay, decoupledWeightDecay, maximize } = group;
    const [beta1, beta2] = group.betas;
    if (state.step === undefined) {
      state.step = 0;
      state.mu_product = 1.0;
      state.exp_avg = p.zerosLike();
      state.exp_avg_sq = p.zerosLike();
    }
    const m = state.exp_avg as Tensor;
    const v = state.exp_avg_sq as Tensor;
    const t = (state.step as number) + 1;
    state.step = t;
    const bias2 = 1 - beta2 ** t;

    let g = maximize ? grad.neg() : grad;
    if (weightDecay !== 0) {
      if (decoupledWeightDecay) p.mul_(1 - lr * weightDecay);
      else g = g.add(p, weightDecay);
    }
    const mu = beta1 * (1 - 0.5 * 0.96 ** (t * momentumDecay));
    const muNext = beta1 * (1 - 0.5 * 0.96 ** ((t + 1) * momentumDecay));
    // PyTorch keeps mu_product in a scalar tensor of the parameter's float type, so the product is rounded there.
    const muProduct = roundLike(p, (state.mu_product as number) * mu);
    state.mu_product = muProduct;
    const muProductNext = muProduct * muNext;

    m.lerp_(g, 1 - beta1);
    v.mul_(beta2).addcmul_(g, g, 1 - beta2);
    const denom = v.div(bias2).sqrt_().add_(eps);
    p.addcdiv_(g, denom, (-lr * (1 - mu)) / (1 - muProduct));
    p.addcdiv_(m, denom, (-lr * muNext) / (1 - muProductNext));
  }
}

/** A Python float stored into a tensor of p's dtype. */
function roundLike(p: Tensor, x: number): number {
  return p.dtype === 'float64' ? x : Math.fround(x);
}
