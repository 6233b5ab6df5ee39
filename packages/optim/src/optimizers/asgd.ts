/**
 * ASGD (averaged SGD, Polyak & Juditsky 1992; Bottou's schedule) — torch/optim/asgd.py, `_single_tensor_asgd`.
 *
 *   g ← maximize ? −∇ : ∇;  t ← t + 1;  g ← g + λ·p            (weightDecay λ, L2)
 *   p ← p·(1 − lambd·eta);  p ← p − eta·g                      (eta from the previous step; lr on step 1)
 *   ax ← mu ≠ 1 ? ax + (p − ax)·mu : copy(p)                   (the average; it never feeds back into p)
 *   eta ← η/(1 + lambd·η·t)^alpha;  mu ← 1/max(1, t − t0)      (updated after the parameter step)
 */
import type { Tensor } from '@gradstack/core';
import { Optimizer, type ParamGroup, type ParamState, type Params } from '../optimizer.js';
import { checkBoolean, checkNonNegative } from '../validation.js';

export interface ASGDOptions {
  lr: number;
  lambd: number;
  alpha: number;
  t0: number;
  weightDecay: number;
  maximize: boolean;
}

export const ASGD_DEFAULTS: ASGDOptions = { lr: 1e-2, lambd: 1e-4, alpha: 0.75, t0: 1e6, weightDecay: 0, maximize: false };

export class ASGD extends Optimizer<ASGDOptions> {
  constructor(params: Params<ASGDOptions>, options: Partial<ASGDOptions> = {}) {
    super(params, { ...ASGD_DEFAULTS, ...options });
  }

  protected validateGroup(g: ParamGroup<ASGDOptions>): void {
    checkNonNegative('lr', g.lr);
    checkNonNegative('weightDecay', g.weightDecay);
    // PyTorch checks only lr and weight_decay; non-numbers here would silently poison eta and mu.
    for (const option of ['lambd', 'alpha', 't0'] as const) {
      if (typeof g[option] !== 'number' || Number.isNaN(g[option])) throw new RangeError(`Invalid ${option}: ${String(g[option])} — option '${option}' must be a number`);
    }
    checkBoolean('maximize', g.maximize);
  }

  protected updateParam(p: Tensor, grad: Tensor, state: ParamState, group: ParamGroup<ASGDOptions>): void {
    const { lr, lambd, alpha, t0, weightDecay, maximize } = group;
    if (state.step === undefined) {
      state.step = 0;
      state.eta = roundLike(p, lr);
      state.mu = 1;
      state.ax = p.zerosLike();
    }
    const ax = state.ax as Tensor;
    const eta = state.eta as number;
    const mu = state.mu as number;
    const t = (state.step as number) + 1;
    state.step = t;

    let g = maximize ? grad.neg() : grad;
    if (weightDecay !== 0) g = g.add(p, weightDecay);
    p.mul_(1 - lambd * eta);
    p.add_(g, -eta);
    if (mu !== 1) ax.add_(p.sub(ax).mul_(mu));
    else ax.copy_(p);
    // eta and mu live in scalar tensors of p's float type in PyTorch's state.
    state.eta = roundLike(p, lr / (1 + lambd * lr * t) ** alpha);
    state.mu = roundLike(p, 1 / Math.max(1, t - t0));
  }
}

function roundLike(p: Tensor, x: number): number {
  return p.dtype === 'float64' ? x : Math.fround(x);
}
