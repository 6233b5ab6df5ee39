/**
 * Rprop (Riedmiller & Braun 1993, without weight backtracking) — torch/optim/rprop.py, `_single_tensor_rprop`.
 *
 *   g ← maximize ? −∇ : ∇;  t ← t + 1
 *   f ← η₊ where g·prev > 0, η₋ where g·prev < 0, 1 where it is 0     (etas = [η₋, η₊])
 *   step_size ← clamp(step_size·f, min, max)                         (stepSizes = [min, max]; starts at lr)
 *   g[f == η₋] ← 0                                                   (after a sign change: no move now…)
 *   p ← p − sign(g)·step_size
 *   prev ← g                                                         (…and factor 1 next time)
 */
import { where, type Tensor } from '@gradstack/core';
import { Optimizer, type ParamGroup, type ParamState, type Params } from '../optimizer.js';
import { checkBoolean, checkNonNegative } from '../validation.js';

export interface RpropOptions {
  lr: number;
  etas: [number, number];
  stepSizes: [number, number];
  maximize: boolean;
}

export const RPROP_DEFAULTS: RpropOptions = { lr: 1e-2, etas: [0.5, 1.2], stepSizes: [1e-6, 50], maximize: false };

export class Rprop extends Optimizer<RpropOptions> {
  constructor(params: Params<RpropOptions>, options: Partial<RpropOptions> = {}) {
    super(params, { ...RPROP_DEFAULTS, ...options });
  }

  protected validateGroup(g: ParamGroup<RpropOptions>): void {
    checkNonNegative('lr', g.lr);
    const etas = g.etas as unknown;
    if (!Array.isArray(etas) || etas.length !== 2 || !(0 < etas[0] && etas[0] < 1 && 1 < etas[1])) {
      throw new RangeError(`Invalid eta values: ${JSON.stringify(etas)} — option 'etas' must be [etaminus, etaplus] with 0 < etaminus < 1 < etaplus`);
    }
    const sizes = g.stepSizes as unknown;
    if (!Array.isArray(sizes) || sizes.length !== 2 || typeof sizes[0] !== 'number' || typeof sizes[1] !== 'number' || Number.isNaN(sizes[0]) || Number.isNaN(sizes[1])) {
      throw new RangeError(`Invalid stepSizes: ${JSON.stringify(sizes)} — option 'stepSizes' must be [min, max]`);
    }
    checkBoolean('maximize', g.maximize);
  }

  protected updateParam(p: Tensor, grad: Tensor, state: ParamState, group: ParamGroup<RpropOptions>): void {
    const { lr, maximize } = group;
    const [etaminus, etaplus] = group.etas;
    const [stepSizeMin, stepSizeMax] = group.stepSizes;
    if (state.step === undefined) {
      state.step = 0;
      state.prev = p.zerosLike();
      state.step_size = p.fullLike(lr);
    }
    const prev = state.prev as Tensor;
    const stepSize = state.step_size as Tensor;
    state.step = (state.step as number) + 1;

    const g = maximize ? grad.neg() : grad;
    const s = g.mul(prev).sign();
    const factor = where(s.gt(0), p.fullLike(etaplus), where(s.lt(0), p.fullLike(etaminus), 1));
    stepSize.mul_(factor).clamp_(stepSizeMin, stepSizeMax);
    // PyTorch masks by comparing the factor with etaminus by value (in p's float type).
    const masked = g.maskedFill(factor.eq(etaminus), 0);
    p.addcmul_(masked.sign(), stepSize, -1);
    prev.copy_(masked);
  }
}
