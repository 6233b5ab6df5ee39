/**
 * Adafactor (Shazeer & Stern 2018) as torch.optim.Adafactor — torch/optim/_adafactor.py, `_single_tensor_adafactor`.
 * PyTorch's variant, not the paper's or HF's: lr only caps the relative step size and scales the
 * decoupled decay, ε1 floors the row mean and V, and the factored moments use means, not sums.
 *
 *   g ← maximize ? −∇ : ∇;  t ← t + 1
 *   β̂ ← t^beta2Decay                                       (1 − β2ₜ; = 1 on step 1, so the first estimate is g²)
 *   ρₜ ← min(η, 1/sqrt(t));  α ← max(ε2, RMS(p))·ρₜ        (RMS of p before the decay)
 *   p ← p·(1 − η·λ)                                        (weightDecay λ, decoupled)
 *   ndim ≥ 2 (factored over the last two dims, batched over the others):
 *     R ← lerp(R, mean(g², last dim), β̂);  C ← lerp(C, mean(g², second-to-last dim), β̂)
 *     V ← (R @ C) / max(mean(R), ε1)                         (row_var (…,r,1) @ col_var (…,1,c): an outer product)
 *   ndim ≤ 1:  V ← v ← lerp(v, g², β̂)                       (variance)
 *   U ← g / sqrt(max(V, ε1²))
 *   p ← p − α/max(1, RMS(U)/d) · U                          (update clipping at threshold d)
 * ε1 = null means the machine epsilon of p's dtype (2⁻²³ for float32).
 */
import type { Tensor } from '@gradstack/core';
import { Optimizer, type ParamGroup, type ParamState, type Params } from '../optimizer.js';
import { checkBoolean, checkNonNegative } from '../validation.js';

export interface AdafactorOptions {
  lr: number;
  beta2Decay: number;
  /** [ε1, ε2]: ε1 stabilises the second-moment estimate (null: dtype epsilon), ε2 floors the parameter scale. */
  eps: [number | null, number];
  /** Update-clipping threshold. */
  d: number;
  weightDecay: number;
  /** Accepted for API parity with PyTorch; there is a single implementation, so it changes nothing. */
  foreach: boolean | null;
  maximize: boolean;
}

export const ADAFACTOR_DEFAULTS: AdafactorOptions = { lr: 1e-2, beta2Decay: -0.8, eps: [null, 1e-3], d: 1.0, weightDecay: 0, foreach: null, maximize: false };

const MACHINE_EPS = { float32: 2 ** -23, float64: 2 ** -52 } as const;

export class Adafactor extends Optimizer<AdafactorOptions> {
  constructor(params: Params<AdafactorOptions>, options: Partial<AdafactorOptions> = {}) {
    super(params, { ...ADAFACTOR_DEFAULTS, ...options });
  }

  protected validateGroup(g: ParamGroup<AdafactorOptions>): void {
    checkNonNegative('lr', g.lr);
    if (typeof g.beta2Decay !== 'number' || !(g.beta2Decay <= 0)) {
      throw new RangeError(`Invalid beta2Decay: ${String(g.beta2Decay)} — option 'beta2Decay' must be <= 0`);
    }
    const eps = g.eps as unknown;
    if (!Array.isArray(eps) || eps.length !== 2) throw new RangeError(`Invalid eps: ${JSON.stringify(eps)} — option 'eps' must be [eps1 | null, eps2]`);
    if (eps[0] !== null) checkNonNegative('eps[0]', eps[0]);
    checkNonNegative('eps[1]', eps[1]);
    if (typeof g.d !== 'number' || !(g.d >= 1)) throw new RangeError(`Invalid d: ${String(g.d)} — option 'd' (the clipping threshold) must be >= 1`);
    checkNonNegative('weightDecay', g.weightDecay);
    checkBoolean('maximize', g.maximize);
  }

  protected updateParam(p: Tensor, grad: Tensor, state: ParamState, group: ParamGroup<AdafactorOptions>): void {
    const { lr, beta2Decay, d, weightDecay, maximize } = group;
    const eps1 = group.eps[0] ?? MACHINE_EPS[p.dtype as 'float32' | 'float64'];
    const eps2 = group.eps[1];
    const factored = p.ndim >= 2;
    if (state.step === undefined) {
      state.step = 0;
      if (factored) {
        state.row_var = p.zerosLike().mean(-1, true);
        state.col_var = p.zerosLike().mean(-2, true);
      } else {
        state.variance = p.zerosLike();
      }
    }
    const t = (state.step as number) + 1;
    state.step = t;

    const g = maximize ? grad.neg() : grad;
    const oneMinusBeta2 = t ** beta2Decay;
    const rho = Math.min(lr, 1 / Math.sqrt(t));
    const alpha = Math.max(eps2, p.norm(2).item() / Math.sqrt(p.numel)) * rho;
    if (weightDecay !== 0) p.mul_(1 - lr * weightDecay);

    let varEstimate: Tensor;
    if (factored) {
      const rowVar = state.row_var as Tensor;
      const colVar = state.col_var as Tensor;
      // mean(g², dim) as PyTorch computes it: ‖g‖² along the dim, divided by its size
      rowVar.lerp_(g.norm(2, -1, true).square_().div_(g.shape[g.ndim - 1]), oneMinusBeta2);
      colVar.lerp_(g.norm(2, -2, true).square_().div_(g.shape[g.ndim - 2]), oneMinusBeta2);
      varEstimate = rowVar.matmul(colVar).div_(rowVar.mean(-2, true).clamp_(eps1));
    } else {
      const variance = state.variance as Tensor;
      variance.lerp_(g.mul(g), oneMinusBeta2);
      varEstimate = variance.clone();
    }
    const update = varEstimate.clamp_(eps1 * eps1).rsqrt_().mul_(g);
    const denom = Math.max(1.0, update.norm(2).item() / (Math.sqrt(update.numel) * d));
    p.add_(update, -alpha / denom);
  }

  /** Factored state: row_var has p's shape with the last dim 1, col_var with the second-to-last dim 1. */
  protected override checkStateShape(key: string, value: Tensor, p: Tensor): void {
    const want = [...p.shape];
    if (key === 'row_var') want[want.length - 1] = 1;
    else if (key === 'col_var') want[want.length - 2] = 1;
    else if (key !== 'variance') return super.checkStateShape(key, value, p);
    if (value.shape.length !== want.length || value.shape.some((s, i) => s !== want[i])) {
      throw new RangeError(`loadStateDict: state '${key}' has shape [${value.shape.join(',')}] but a parameter of shape [${p.shape.join(',')}] needs [${want.join(',')}]`);
    }
  }
}
