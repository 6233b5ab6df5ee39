/**
 * SophiaG (Liu et al. 2023, Second-order Clipped Stochastic Optimization) — Liuhong99/Sophia sophia.py.
 *
 *   step(closure?, { bs }):                           (bs = tokens per batch, default 5120)
 *     g ← maximize ? −g : g;  t ← t + 1
 *     p ← p·(1 − η·λ)
 *     m ← β1·m + (1 − β1)·g
 *     ratio ← min(|m| / (ρ·bs·h + 1e-15), 1)
 *     p ← p − η·sign(m)·ratio
 *
 *   updateHessian():        (every k steps, k = 10 in the authors' loop, right after step())
 *     h ← β2·h + (1 − β2)·ĝ⊙ĝ
 *   where ĝ is the gradient now in p.grad, of the loss on labels *sampled from the model's own
 *   output distribution* (the Gauss-Newton-Bartlett estimator; see gaussNewtonBartlett.ts).
 *   updateHessian(estimates) instead averages a supplied diagonal estimate (Sophia-H):
 *     h ← β2·h + (1 − β2)·ĥ,   ĥ = u⊙(H·u) from hutchinson.ts
 *
 * Training loop, as train_sophiag.py:
 *
 *   loss(model(X), Y).backward(); opt.step(undefined, { bs }); opt.zeroGrad();
 *   if (iter % k === k - 1) {
 *     const logits = model(X);                       // a fresh batch
 *     gnbLoss(logits, { generator }).backward();     // labels ŷ ~ softmax(logits)
 *     opt.updateHessian(); opt.zeroGrad();
 *   }
 *
 * No bias correction; β2 is used only by updateHessian; until the first updateHessian h = 0, so
 * every ratio clips to 1 (sign momentum). ρ·bs scales h because ĝ is the gradient of a *mean* loss.
 * State: `step`, `exp_avg`, `hessian`. One addition to the authors' step: h is read through
 * max(h, 0), which is the identity for GNB estimates (an EMA of squares) and keeps a negative
 * Hutchinson curvature from flipping the update's sign (the old SophiaH used relu(h) likewise).
 */
import { noGrad, type Tensor } from '@gradstack/core';
import { Optimizer, type Closure, type ParamGroup, type ParamState, type Params } from '../optimizer.js';
import { checkBetas, checkBoolean, checkNonNegative, checkPositive } from '../validation.js';

export interface SophiaGOptions {
  lr: number;
  betas: [number, number];
  /** γ of the paper per token: the clipping threshold scale (ratio = |m|/(ρ·bs·h)). */
  rho: number;
  weightDecay: number;
  maximize: boolean;
}

export interface SophiaGStepOptions {
  /** Batch size in tokens (the authors' `bs`, default 5120). */
  bs?: number;
}

export const SOPHIAG_DEFAULTS: SophiaGOptions = { lr: 1e-4, betas: [0.965, 0.99], rho: 0.04, weightDecay: 1e-1, maximize: false };

export class SophiaG extends Optimizer<SophiaGOptions> {
  private bs = 5120;

  constructor(params: Params<SophiaGOptions>, options: Partial<SophiaGOptions> = {}) {
    super(params, { ...SOPHIAG_DEFAULTS, ...options });
  }

  protected validateGroup(g: ParamGroup<SophiaGOptions>): void {
    checkNonNegative('lr', g.lr);
    checkBetas(g.betas);
    checkNonNegative('rho', g.rho);
    checkNonNegative('weightDecay', g.weightDecay);
    checkBoolean('maximize', g.maximize);
  }

  /** As the authors' `step(closure, bs)`: the batch size in tokens is an argument of the step. */
  override step(closure?: Closure, opts: SophiaGStepOptions = {}): number | undefined {
    const bs = opts.bs ?? 5120;
    checkPositive('bs', bs);
    this.bs = bs;
    return super.step(closure);
  }

  /**
   * Folds a Hessian-diagonal estimate into the EMA `hessian`. Without arguments it is the authors'
   * GNB update from each parameter's current `.grad` (h ← β2·h + (1 − β2)·ĝ²). With `estimates`
   * (one per parameter in group order, as `paramGroups.flatMap(g => g.params)`; null skips) it
   * averages those directly (h ← β2·h + (1 − β2)·ĥ) — the Hutchinson / Sophia-H form.
   */
  updateHessian(estimates?: readonly (Tensor | null | undefined)[]): void {
    const total = this.paramGroups.reduce((n, g) => n + g.params.length, 0);
    if (estimates !== undefined && estimates.length !== total) {
      throw new RangeError(`updateHessian: got ${estimates.length} estimates for ${total} parameters — pass one per parameter, in param-group order (null to skip)`);
    }
    noGrad(() => {
      let index = 0;
      for (const group of this.paramGroups) {
        const beta2 = group.betas[1];
        for (const p of group.params) {
          const estimate = estimates === undefined ? p.grad : estimates[index];
          index++;
          if (!estimate) continue;
          if (estimate.shape.length !== p.shape.length || estimate.shape.some((d, i) => d !== p.shape[i])) {
            throw new RangeError(`updateHessian: estimate ${index - 1} has shape [${estimate.shape.join(',')}] but its parameter has shape [${p.shape.join(',')}]`);
          }
          const state = this.stateOf(p);
          const h = state.hessian as Tensor;
          if (estimates === undefined) h.mul_(beta2).addcmul_(estimate, estimate, 1 - beta2);
          else h.mul_(beta2).add_(estimate, 1 - beta2);
        }
      }
    });
  }

  /** The authors create the full state in whichever of step/updateHessian touches p first. */
  private stateOf(p: Tensor): ParamState {
    let state = this.state.get(p);
    if (!state) {
      state = {};
      this.state.set(p, state);
    }
    if (state.step === undefined) {
      state.step = 0;
      state.exp_avg = p.zerosLike();
      state.hessian = p.zerosLike();
    }
    if (state.hessian === undefined) state.hessian = p.zerosLike();
    return state;
  }

  protected updateParam(p: Tensor, grad: Tensor, _state: ParamState, group: ParamGroup<SophiaGOptions>): void {
    const { lr, rho, weightDecay, maximize } = group;
    const beta1 = group.betas[0];
    const state = this.stateOf(p);
    const m = state.exp_avg as Tensor;
    const h = state.hessian as Tensor;
    const g = maximize ? grad.neg() : grad;
    state.step = (state.step as number) + 1;

    p.mul_(1 - lr * weightDecay);
    m.mul_(beta1).add_(g, 1 - beta1);
    const ratio = m.abs().div_(h.clamp(0).mul_(rho * this.bs).add_(1e-15)).clamp_(null, 1);
    p.addcmul_(m.sign(), ratio, -lr);
  }
}
