/**
 * Adadelta (Zeiler 2012) — torch/optim/adadelta.py, `_single_tensor_adadelta`.
 *
 *   g ← maximize ? −∇ : ∇;  t ← t + 1;  g ← g + λ·p            (weightDecay λ, L2)
 *   s ← ρ·s + (1 − ρ)·g²                                       (square_avg)
 *   δ ← sqrt(u + ε)/sqrt(s + ε) · g                            (ε inside both sqrts; u = acc_delta)
 *   u ← ρ·u + (1 − ρ)·δ²                                       (this step's δ, before p moves)
 *   p ← p − η·δ                                                (η = 1 reproduces the paper)
 */
import type { Tensor } from '@gradstack/core';
import { Optimizer, type ParamGroup, type ParamState, type Params } from '../optimizer.js';
import { checkBoolean, checkInRange, checkNonNegative } from '../validation.js';

export interface AdadeltaOptions {
  lr: number;
  rho: number;
  eps: number;
  weightDecay: number;
  maximize: boolean;
}

export const ADADELTA_DEFAULTS: AdadeltaOptions = { lr: 1.0, rho: 0.9, eps: 1e-6, weightDecay: 0, maximize: false };

export class Adadelta extends Optimizer<AdadeltaOptions> {
  constructor(params: Params<AdadeltaOptions>, options: Partial<AdadeltaOptions> = {}) {
    super(params, { ...ADADELTA_DEFAULTS, ...options });
  }

  protected validateGroup(g: ParamGroup<AdadeltaOptions>): void {
    checkNonNegative('lr', g.lr);
    checkInRange('rho', g.rho, 0, 1);
    checkNonNegative('eps', g.eps);
    checkNonNegative('weightDecay', g.weightDecay);
    checkBoolean('maximize', g.maximize);
  }

  protected updateParam(p: Tensor, grad: Tensor, state: ParamState, group: ParamGroup<AdadeltaOptions>): void {
    const { lr, rho, eps, weightDecay, maximize } = group;
    if (state.step === undefined) {
      state.step = 0;
      state.square_avg = p.zerosLike();
      state.acc_delta = p.zerosLike();
    }
    state.step = (state.step as number) + 1;
    const squareAvg = state.square_avg as Tensor;
    const accDelta = state.acc_delta as Tensor;

    let g = maximize ? grad.neg() : grad;
    if (weightDecay !== 0) g = g.add(p, weightDecay);
    squareAvg.mul_(rho).addcmul_(g, g, 1 - rho);
    const std = squareAvg.add(eps).sqrt_();
    const delta = accDelta.add(eps).sqrt_().div_(std).mul_(g);
    accDelta.mul_(rho).addcmul_(delta, delta, 1 - rho);
    p.add_(delta, -lr);
  }
}
