/**
 * Adagrad (Duchi et al.) — torch/optim/adagrad.py, `_single_tensor_adagrad`.
 *
 *   g ← maximize ? −∇ : ∇;  t ← t + 1
 *   g ← g + λ·p                                   (weightDecay λ, L2)
 *   clr ← η / (1 + (t − 1)·lrDecay)               (the first step uses the full lr)
 *   sum ← sum + g²                                (starts at initialAccumulatorValue)
 *   p ← p − clr · g/(sqrt(sum) + ε)               (ε outside the sqrt, default 1e-10)
 */
import type { Tensor } from '@gradstack/core';
import { Optimizer, type ParamGroup, type ParamState, type Params } from '../optimizer.js';
import { checkBoolean, checkNonNegative } from '../validation.js';

export interface AdagradOptions {
  lr: number;
  lrDecay: number;
  weightDecay: number;
  initialAccumulatorValue: number;
  eps: number;
  maximize: boolean;
}

export const ADAGRAD_DEFAULTS: AdagradOptions = { lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10, maximize: false };

export class Adagrad extends Optimizer<AdagradOptions> {
  constructor(params: Params<AdagradOptions>, options: Partial<AdagradOptions> = {}) {
    super(params, { ...ADAGRAD_DEFAULTS, ...options });
  }

  protected validateGroup(g: ParamGroup<AdagradOptions>): void {
    checkNonNegative('lr', g.lr);
    checkNonNegative('lrDecay', g.lrDecay);
    checkNonNegative('weightDecay', g.weightDecay);
    checkNonNegative('initialAccumulatorValue', g.initialAccumulatorValue);
    checkNonNegative('eps', g.eps);
    checkBoolean('maximize', g.maximize);
  }

  protected updateParam(p: Tensor, grad: Tensor, state: ParamState, group: ParamGroup<AdagradOptions>): void {
    const { lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize } = group;
    if (state.step === undefined) {
      state.step = 0;
      state.sum = p.fullLike(initialAccumulatorValue);
    }
    const sum = state.sum as Tensor;
    const t = (state.step as number) + 1;
    state.step = t;

    let g = maximize ? grad.neg() : grad;
    if (weightDecay !== 0) g = g.add(p, weightDecay);
    const clr = lr / (1 + (t - 1) * lrDecay);
    sum.addcmul_(g, g, 1);
    const std = sum.sqrt().add_(eps);
    p.addcdiv_(g, std, -clr);
  }
}
