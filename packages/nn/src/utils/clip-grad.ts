/** Gradient clipping (torch.nn.utils.clip_grad_norm_ / clip_grad_value_), in place under noGrad. */
import { ArgumentError, noGrad, stack, tensor, type Tensor } from '@gradstack/core';

export type ParamsArg = Tensor | Iterable<Tensor>;

function gradsOf(parameters: ParamsArg): Tensor[] {
  const ps = parameters instanceof Object && Symbol.iterator in parameters ? [...(parameters as Iterable<Tensor>)] : [parameters as Tensor];
  return ps.map((p) => p.grad).filter((g): g is Tensor => g !== null);
}

export interface ClipGradNormOptions {
  /** Throw if the total norm is NaN or ±∞ (the gradients are left untouched). */
  errorIfNonfinite?: boolean;
}

/**
 * Scales all gradients together so their joint `normType`-norm is at most `maxNorm`, and returns
 * that total norm (before clipping) as a 0-d tensor, as PyTorch. The scale is
 * min(1, maxNorm / (total + 1e-6)).
 */
export function clipGradNorm_(parameters: ParamsArg, maxNorm: number, normType: number | 'inf' = 2, opts: ClipGradNormOptions = {}): Tensor {
  const p = normType === 'inf' ? Infinity : normType;
  if (!(typeof p === 'number') || Number.isNaN(p)) throw new ArgumentError(`clipGradNorm_: invalid normType ${normType}`);
  const grads = gradsOf(parameters);
  if (grads.length === 0) return tensor(0);
  return noGrad(() => {
    const norms = grads.map((g) => g.detach().norm(p).to('float32'));
    const total = norms.length === 1 ? norms[0] : stack(norms).norm(p);
    const t = total.item();
    if (opts.errorIfNonfinite && !Number.isFinite(t)) {
      throw new ArgumentError(
        `clipGradNorm_: the total norm of order ${p} for gradients from parameters is ${t}, so it cannot be clipped. ` +
          'Pass errorIfNonfinite: false to clip anyway (the gradients will be non-finite)',
      );
    }
    const coef = Math.min(maxNorm / (t + 1e-6), 1);
    if (coef < 1 || Number.isNaN(coef)) for (const g of grads) g.detach().mul_(coef);
    return total;
  });
}

/** Clamps every gradient element to [−clipValue, clipValue]. */
export function clipGradValue_(parameters: ParamsArg, clipValue: number): void {
  if (!(clipValue >= 0)) throw new ArgumentError(`clipGradValue_: clipValue must be non-negative, got ${clipValue}`);
  noGrad(() => {
    for (const g of gradsOf(parameters)) g.detach().clamp_(-clipValue, clipValue);
  });
}
