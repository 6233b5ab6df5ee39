/**
 * Hutchinson's estimator of the Hessian diagonal (Bekas, Kokiopoulou & Saad 2007), built on
 * core's higher-order autograd:
 *
 *   g = ∇L (createGraph, so g is itself differentiable)
 *   for s = 1 … S:  u ~ Rademacher (±1 entries);  Hu = ∇(g·u);  D ← D + u⊙Hu
 *   return D/S                               (E[u⊙Hu] = diag(H) since E[uuᵀ] = I)
 *
 * Feed the result to `SophiaG.updateHessian(estimates)` for Sophia-H. Call it with grad enabled
 * (outside noGrad), on a loss whose graph is still alive; it does not touch `.grad`.
 */
import { autograd, enableGrad, noGrad, randint, type Generator, type Tensor } from '@gradstack/core';

export interface HutchinsonOptions {
  /** Number of Rademacher probes averaged (default 1, as Sophia-H uses one per update). */
  samples?: number;
  /** Seeded source of the probes (default: core's default generator). */
  generator?: Generator;
}

/** One diagonal estimate per parameter, same shapes, detached. */
export function hutchinsonHessianDiag(loss: Tensor, params: readonly Tensor[], opts: HutchinsonOptions = {}): Tensor[] {
  const samples = opts.samples ?? 1;
  if (!Number.isInteger(samples) || samples < 1) {
    throw new RangeError(`Invalid samples: ${String(samples)} — option 'samples' must be an integer >= 1`);
  }
  if (loss.numel !== 1) throw new RangeError(`hutchinsonHessianDiag: the loss must be a scalar, got shape [${loss.shape.join(',')}]`);
  return enableGrad(() => {
    const grads = autograd.grad(loss, [...params], { createGraph: true }) as Tensor[];
    const sums = params.map((p) => p.zerosLike().detach());
    for (let s = 0; s < samples; s++) {
      const probes = params.map((p) => randint(0, 2, p.shape, { generator: opts.generator }).to(p.dtype).to(p.backend).mul_(2).sub_(1));
      // Hu for every parameter at once: the gradient of Σ gᵢ·uᵢ (u is constant).
      const hvps = autograd.grad(grads, [...params], { gradOutputs: probes, retainGraph: true, allowUnused: true });
      noGrad(() => {
        hvps.forEach((hu, i) => {
          if (hu) sums[i].addcmul_(probes[i], hu);
        });
      });
    }
    return noGrad(() => sums.map((d) => d.div_(samples)));
  });
}
