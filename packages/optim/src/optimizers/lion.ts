/**
 * Lion (EvoLved Sign Momentum, Chen et al. 2023) — google/automl lion/lion_pytorch.py.
 *
 *   p ← p·(1 − η·λ)                     (decoupled decay, before the step)
 *   u ← β1·m + (1 − β1)·g
 *   p ← p − η·sign(u)                   (every coordinate moves by exactly η, or 0 where u = 0)
 *   m ← β2·m + (1 − β2)·g               (the memory uses β2 and is updated after the step)
 *
 * State: `exp_avg` (zeros). No step counter, no bias correction, no maximize. Typical η is 3–10×
 * smaller than AdamW's and λ 3–10× larger, because sign updates have a larger norm.
 */
import type { Tensor } from '@gradstack/core';
import { Optimizer, type ParamGroup, type ParamState, type Params } from '../optimizer.js';
import { checkBetas, checkNonNegative } from '../validation.js';
import { canFuse, checkFusedOption, markModified, stateZeros } from '../fused.js';

export interface LionOptions {
  lr: number;
  betas: [number, number];
  weightDecay: number;
  /** The backend's fused one-pass kernel: true always, false never (tensor-op update), unset = auto (large parameters; see fused.ts). */
  fused?: boolean;
}

export const LION_DEFAULTS: LionOptions = { lr: 1e-4, betas: [0.9, 0.99], weightDecay: 0 };

export class Lion extends Optimizer<LionOptions> {
  constructor(params: Params<LionOptions>, options: Partial<LionOptions> = {}) {
    super(params, { ...LION_DEFAULTS, ...options });
  }

  protected validateGroup(g: ParamGroup<LionOptions>): void {
    checkNonNegative('lr', g.lr);
    checkBetas(g.betas);
    checkNonNegative('weightDecay', g.weightDecay);
    checkFusedOption(g.fused);
  }

  protected updateParam(p: Tensor, grad: Tensor, state: ParamState, group: ParamGroup<LionOptions>): void {
    const { lr, weightDecay } = group;
    const [beta1, beta2] = group.betas;
    if (state.exp_avg === undefined) state.exp_avg = stateZeros(p, canFuse(group.fused, p.backend.lionStep, [p, grad], true));
    const m = state.exp_avg as Tensor;
    if (canFuse(group.fused, p.backend.lionStep, [p, grad, m], true)) {
      p.backend.lionStep!(p.storage, grad.storage, m.storage, p.numel, { lr, beta1, beta2, weightDecay, maximize: false });
      markModified('lionStep', [p, m]);
      return;
    }

    p.mul_(1 - lr * weightDecay);
    const update = m.mul(beta1).add_(grad, 1 - beta1);
    p.add_(update.sign_(), -lr);
    m.mul_(beta2).add_(grad, 1 - beta2);
  }
}
