/**
 * GaLore's gradient projector — jiaweizzhao/GaLore galore_torch/galore_projector.py.
 *
 *   U, S, Vh ← svd(G, thin)                        (on refresh only)
 *   side 'right': B = Vh[:r]  (r×n);  project G·Bᵀ (m×r);  back N·B
 *   side 'left':  A = U[:, :r] (m×r);  project Aᵀ·G (r×n);  back A·N
 *   'full':       [A, B];              project Aᵀ·G·Bᵀ (r×r); back A·N·B
 *   projType 'std': rows ≥ cols → right, else left (the smaller side is projected away);
 *   'reverse_std' swaps that rule; 'left' / 'right' / 'full' force it.
 *   back-projection is multiplied by `scale`.
 *
 * Stateless functions over the stored matrix, so the optimizer state stays plain tensors
 * (`ortho_matrix`: B, A, or [A, B] for 'full'). The side is derived from the parameter's shape
 * both ways; the authors re-derive it from the low-rank shape on the way back, which picks the
 * same side in every case their code does not fail on a shape mismatch.
 */
import { linalg, type Tensor } from '@gradstack/core';

export type GaLoreProjType = 'std' | 'reverse_std' | 'left' | 'right' | 'full';
export type ProjectionSide = 'left' | 'right' | 'full';
export type OrthoMatrix = Tensor | [Tensor, Tensor];

export const PROJ_TYPES: readonly GaLoreProjType[] = ['std', 'reverse_std', 'left', 'right', 'full'];

/** Which side a [rows, cols] gradient is projected on. */
export function projectionSide(projType: GaLoreProjType, rows: number, cols: number): ProjectionSide {
  switch (projType) {
    case 'std':
      return rows >= cols ? 'right' : 'left';
    case 'reverse_std':
      return rows >= cols ? 'left' : 'right';
    default:
      return projType;
  }
}

/** get_orthogonal_matrix: the top-`rank` singular vectors of `grad` on `side`. */
export function orthogonalMatrix(grad: Tensor, rank: number, side: ProjectionSide): OrthoMatrix {
  const { U, Vh } = linalg.svd(grad.detach(), { fullMatrices: false });
  const k = Math.min(rank, U.shape[1]);
  const A = U.slice(1, 0, k).contiguous().clone();
  const B = Vh.slice(0, 0, k).contiguous().clone();
  if (side === 'right') return B;
  if (side === 'left') return A;
  return [A, B];
}

/** G → its low-rank coordinates. */
export function project(grad: Tensor, ortho: OrthoMatrix, side: ProjectionSide): Tensor {
  if (side === 'right') return grad.matmul((ortho as Tensor).t());
  if (side === 'left') return (ortho as Tensor).t().matmul(grad);
  const [A, B] = ortho as [Tensor, Tensor];
  return A.t().matmul(grad).matmul(B.t());
}

/** Low-rank N → full shape, times `scale`. */
export function projectBack(low: Tensor, ortho: OrthoMatrix, side: ProjectionSide, scale: number): Tensor {
  let full: Tensor;
  if (side === 'right') full = low.matmul(ortho as Tensor);
  else if (side === 'left') full = (ortho as Tensor).matmul(low);
  else {
    const [A, B] = ortho as [Tensor, Tensor];
    full = A.matmul(low).matmul(B);
  }
  return full.mul(scale);
}
