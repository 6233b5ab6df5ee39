/**
 * RMSprop (Hinton's lecture 6e; centered variant of Graves 2013) — torch/optim/rmsprop.py, `_single_tensor_rmsprop`.
 *
 *   g ← maximize ? −∇ : ∇;  t ← t + 1;  g ← g + λ·p            (weightDecay λ, L2)
 *   s ← α·s + (1 − α)·g²                                       (square_avg; α = alpha, default 0.99)
 *   centered:  ḡ ← lerp(ḡ, g, 1 − α);  avg ← sqrt(s − ḡ²)      (grad_avg)
 *   else:      avg ← sqrt(s)
 *   avg ← avg + ε                                              (ε after the sqrt; no bias correction)
 *   momentum μ > 0:  b ← μ·b + g/avg;  p ← p − η·b              (b starts at 0, unlike SGD)
 *   else:            p ← p − η·g/avg
 */
import type { Tensor } from '@gradstack/core';
import { Optimizer, type ParamGroup, type ParamState, type Params } from '../optimizer.js';
import { checkBoolean, checkNonNegative } from '../validation.js';
import { canFuse, checkFusedOption, markModified } from '../fused.js';

export interface RMSpropOptions {
  lr: number;
  alpha: number;
  eps: number;
  weightDecay: number;
  momentum: number;
  centered: boolean;
  maximize: boolean;
  /** The backend's fused one-pass kernel: true always, false never (tensor-op update), unset = auto (large parameters; see fused.ts). */
  fused?: boolean;
}

export const RMSPROP_DEFAULTS: RMSpropOptions = { lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, maximize: false };

export class RMSprop extends Optimizer<RMSpropOptions> {
  constructor(params: Params<RMSpropOptions>, options: Partial<RMSpropOptions> = {}) {
    super(params, { ...RMSPROP_DEFAULTS, ...options });
  }

  protected validateGroup(g: ParamGroup<RMSpropOptions>): void {
    checkNonNegative('lr', g.lr);
    checkNonNegative('eps', g.eps);
    checkNonNegative('momentum', g.momentum);
    checkNonNegative('weightDecay', g.weightDecay);
    checkNonNegative('alpha', g.alpha);
    checkBoolean('centered', g.centered);
    checkBoolean('maximize', g.maximize);
    checkFusedOption(g.fused);
  }

  protected updateParam(p: Tensor, grad: Tensor, state: ParamState, group: ParamGroup<RMSpropOptions>): void {
    const { lr, alpha, eps, weightDecay, momentum, centered, maximize } = group;
    if (state.step === undefined) {
      state.step = 0;
      state.square_avg = p.zerosLike();
      if (momentum > 0) state.momentum_buffer = p.zerosLike();
      if (centered) state.grad_avg = p.zerosLike();
    }
    state.step = (state.step as number) + 1;
    const squareAvg = state.square_avg as Tensor;
    const buf0 = momentum > 0 ? (state.momentum_buffer as Tensor) : null;
    const gradAvg0 = centered ? (state.grad_avg as Tensor) : null;
    if (canFuse(group.fused, p.backend.rmspropStep, [p, grad, squareAvg, buf0, gradAvg0])) {
      p.backend.rmspropStep!(p.storage, grad.storage, squareAvg.storage, buf0?.storage ?? null, gradAvg0?.storage ?? null, p.numel,
        { lr, alpha, eps, weightDecay, momentum, centered, maximize });
      markModified('rmspropStep', [p, squareAvg, buf0, gradAvg0]);
      return;
    }

    let g = maximize ? grad.neg() : grad;
    if (weightDecay !== 0) g = g.add(p, weightDecay);
    squareAvg.mul_(alpha).addcmul_(g, g, 1 - alpha);
    let avg: Tensor;
    if (centered) {
      const gradAvg = state.grad_avg as Tensor;
      gradAvg.lerp_(g, 1 - alpha);
      avg = squareAvg.addcmul(gradAvg, gradAvg, -1).sqrt_();
    } else {
      avg = squareAvg.sqrt();
    }
    avg.add_(eps);
    if (momentum > 0) {
      const buf = state.momentum_buffer as Tensor;
      buf.mul_(momentum).addcdiv_(g, avg);
      p.add_(buf, -lr);
    } else {
      p.addcdiv_(g, avg, -lr);
    }
  }
}
