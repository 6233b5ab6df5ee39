/**
 * GaLoreAdamW (Zhao et al. 2024, Gradient Low-Rank Projection) — jiaweizzhao/GaLore
 * galore_torch/adamw.py (HF-style AdamW) with galore_projector.py.
 *
 *   GaLore group (has `rank`; 2-D params only):
 *     if no projector or t % updateProjGap = 0 (t before incrementing):  P ← svd(g) top-`rank` side
 *     g ← project(g)                                     (m×r or r×n: the state is low-rank)
 *   t ← t + 1
 *   m ← β1·m + (1 − β1)·g;   v ← β2·v + (1 − β2)·g²
 *   denom ← sqrt(v) + ε                                  (ε on the raw sqrt, HF-style; ε = 1e-6)
 *   stepSize ← correctBias ? η·sqrt(1 − β2ᵗ)/(1 − β1ᵗ) : η
 *   N ← m/denom;   GaLore: N ← projectBack(N)·scale
 *   p ← p − stepSize·N
 *   λ > 0: p ← p − η·λ·p                                 (on the already updated p)
 *
 * Groups without `rank` are the plain HF AdamW. Faithful to the authors, the moments are neither
 * reset nor rotated when the projector is refreshed. The SVD is core's `linalg.svd`, whose sign
 * convention is deterministic, so a refresh on the same gradient reproduces the same basis.
 * State: `step`, `ortho_matrix` (B, A, or [A, B] for projType 'full'), `exp_avg`, `exp_avg_sq`.
 */
import type { Tensor } from '@gradstack/core';
import { Optimizer, type ParamGroup, type ParamState, type Params, type StateValue } from '../optimizer.js';
import { checkBetas, checkBoolean, checkNonNegative, checkPositive } from '../validation.js';
import { orthogonalMatrix, project, projectBack, projectionSide, PROJ_TYPES, type GaLoreProjType, type OrthoMatrix } from './galoreProjector.js';

export interface GaLoreAdamWOptions {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
  correctBias: boolean;
  /** Projection rank; a group without it is plain AdamW. */
  rank?: number;
  /** Steps between SVD refreshes of the projector. */
  updateProjGap: number;
  /** Multiplier of the back-projected update (the README uses 0.25). */
  scale: number;
  projType: GaLoreProjType;
}

export const GALORE_ADAMW_DEFAULTS: GaLoreAdamWOptions = {
  lr: 1e-3,
  betas: [0.9, 0.999],
  eps: 1e-6,
  weightDecay: 0,
  correctBias: true,
  updateProjGap: 200,
  scale: 1.0,
  projType: 'std',
};

const isGaLore = (g: { rank?: number | null }): boolean => g.rank !== undefined && g.rank !== null;

export class GaLoreAdamW extends Optimizer<GaLoreAdamWOptions> {
  constructor(params: Params<GaLoreAdamWOptions>, options: Partial<GaLoreAdamWOptions> = {}) {
    super(params, { ...GALORE_ADAMW_DEFAULTS, ...options });
  }

  protected validateGroup(g: ParamGroup<GaLoreAdamWOptions>): void {
    checkNonNegative('lr', g.lr);
    checkNonNegative('eps', g.eps);
    checkBetas(g.betas);
    checkNonNegative('weightDecay', g.weightDecay);
    checkBoolean('correctBias', g.correctBias);
    if (!isGaLore(g)) return;
    if (!Number.isInteger(g.rank) || (g.rank as number) < 1) throw new RangeError(`Invalid rank: ${String(g.rank)} — option 'rank' must be an integer >= 1`);
    if (!Number.isInteger(g.updateProjGap) || g.updateProjGap < 1) {
      throw new RangeError(`Invalid updateProjGap: ${String(g.updateProjGap)} — option 'updateProjGap' must be an integer >= 1`);
    }
    checkPositive('scale', g.scale);
    if (!PROJ_TYPES.includes(g.projType)) throw new RangeError(`Invalid projType: ${String(g.projType)} — option 'projType' must be one of ${PROJ_TYPES.join(', ')}`);
    g.params.forEach((p, i) => {
      if (p.ndim !== 2) {
        throw new RangeError(`GaLoreAdamW: param ${i} of a GaLore group (with rank) has shape [${p.shape.join(',')}] — only 2-D matrices can be projected; put vectors and other tensors in a group without rank`);
      }
    });
  }

  protected updateParam(p: Tensor, grad: Tensor, state: ParamState, group: ParamGroup<GaLoreAdamWOptions>): void {
    const { lr, eps, weightDecay, correctBias } = group;
    const [beta1, beta2] = group.betas;
    if (state.step === undefined) state.step = 0;

    let g = grad;
    const galore = isGaLore(group);
    const side = projectionSide(group.projType, p.shape[0], p.shape[1]);
    if (galore) {
      if (state.ortho_matrix === undefined || (state.step as number) % group.updateProjGap === 0) {
        state.ortho_matrix = orthogonalMatrix(grad, group.rank as number, side) as StateValue;
      }
      g = project(grad, state.ortho_matrix as unknown as OrthoMatrix, side);
    }
    if (state.exp_avg === undefined) {
      state.exp_avg = g.zerosLike();
      state.exp_avg_sq = g.zerosLike();
    }
    const m = state.exp_avg as Tensor;
    const v = state.exp_avg_sq as Tensor;
    const t = (state.step as number) + 1;
    state.step = t;

    m.mul_(beta1).add_(g, 1 - beta1);
    v.mul_(beta2).addcmul_(g, g, 1 - beta2);
    const denom = v.sqrt().add_(eps);
    let stepSize = lr;
    if (correctBias) stepSize = (stepSize * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);

    let normGrad = m.div(denom);
    if (galore) normGrad = projectBack(normGrad, state.ortho_matrix as unknown as OrthoMatrix, side, group.scale);
    p.add_(normGrad, -stepSize);
    if (weightDecay > 0) p.add_(p, -lr * weightDecay);
  }

  /** GaLore moments and projectors are low-rank: check them against the rank and side instead. */
  protected override checkStateShape(key: string, value: Tensor, p: Tensor): void {
    const group = this.paramGroups.find((g) => g.params.includes(p));
    if (!group || !isGaLore(group) || p.ndim !== 2) return super.checkStateShape(key, value, p);
    const [rows, cols] = p.shape;
    const r = Math.min(group.rank as number, rows, cols);
    const side = projectionSide(group.projType, rows, cols);
    const moments = side === 'right' ? [rows, r] : side === 'left' ? [r, cols] : [r, r];
    // 'full' keeps [A, B]; the base class checks each tensor of the list under the same key.
    const allowed: Record<string, number[][]> = {
      exp_avg: [moments],
      exp_avg_sq: [moments],
      ortho_matrix: side === 'right' ? [[r, cols]] : side === 'left' ? [[rows, r]] : [[rows, r], [r, cols]],
    };
    const want = allowed[key];
    if (want && !want.some((w) => value.ndim === 2 && value.shape[0] === w[0] && value.shape[1] === w[1])) {
      throw new RangeError(`loadStateDict: state '${key}' has shape [${value.shape.join(',')}] but this GaLore group (rank ${group.rank}, ${side} projection) expects ${want.map((w) => `[${w.join(',')}]`).join(' or ')}`);
    }
  }
}
