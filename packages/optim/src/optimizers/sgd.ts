/**
 * SGD with momentum, dampening, Nesterov, L2 weight decay and maximize — torch/optim/sgd.py.
 *
 *   g ← maximize ? −∇ : ∇
 *   g ← g + λ·p                                   (weightDecay λ)
 *   b ← first step ? g : μ·b + (1 − τ)·g          (momentum μ, dampening τ)
 *   g ← nesterov ? g + μ·b : b
 *   p ← p − η·g
 */
import type { Tensor } from '@gradstack/core';
import { Optimizer, type ParamGroup, type ParamState, type Params } from '../optimizer.js';
import { checkBoolean, checkNonNegative } from '../validation.js';
import { canFuse, checkFusedOption, markModified, stateZeros } from '../fused.js';

export interface SGDOptions {
  lr: number;
  momentum: number;
  dampening: number;
  weightDecay: number;
  nesterov: boolean;
  maximize: boolean;
  /** The backend's fused one-pass kernel: true always, false never (tensor-op update), unset = auto (large parameters; see fused.ts). */
  fused?: boolean;
}

export class SGD extends Optimizer<SGDOptions> {
  constructor(params: Params<SGDOptions>, options: Partial<SGDOptions> = {}) {
    super(params, { lr: 1e-3, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false, ...options });
  }

  protected validateGroup(g: ParamGroup<SGDOptions>): void {
    checkNonNegative('lr', g.lr);
    checkNonNegative('momentum', g.momentum);
    checkNonNegative('weightDecay', g.weightDecay);
    if (typeof g.dampening !== 'number') throw new RangeError(`Invalid dampening: ${String(g.dampening)} — option 'dampening' must be a number`);
    checkBoolean('nesterov', g.nesterov);
    checkBoolean('maximize', g.maximize);
    checkFusedOption(g.fused);
    if (g.nesterov && (g.momentum <= 0 || g.dampening !== 0)) {
      throw new RangeError(`Nesterov momentum requires a momentum > 0 and zero dampening (got momentum ${g.momentum}, dampening ${g.dampening})`);
    }
  }

  protected updateParam(p: Tensor, grad: Tensor, state: ParamState, group: ParamGroup<SGDOptions>): void {
    const { lr, momentum, dampening, weightDecay, nesterov, maximize } = group;
    if (canFuse(group.fused, p.backend.sgdStep, [p, grad])) {
      const firstStep = momentum !== 0 && state.momentum_buffer === undefined;
      if (firstStep) state.momentum_buffer = stateZeros(p, true);
      const buf = (state.momentum_buffer as Tensor | undefined) ?? null;
      p.backend.sgdStep!(p.storage, grad.storage, buf?.storage ?? null, p.numel, { lr, momentum, dampening, weightDecay, nesterov, maximize, firstStep });
      markModified('sgdStep', [p, buf]);
      return;
    }
    let g = maximize ? grad.neg() : grad;
    if (weightDecay !== 0) g = g.add(p, weightDecay);
    if (momentum !== 0) {
      let buf = state.momentum_buffer as Tensor | undefined;
      if (!buf) {
        buf = g.clone(); // PyTorch: the first step copies the gradient, without (1 − dampening)
        state.momentum_buffer = buf;
      } else {
        buf.mul_(momentum).add_(g, 1 - dampening);
      }
      g = nesterov ? g.add(buf, momentum) : buf;
    }
    p.add_(g, -lr);
  }
}
