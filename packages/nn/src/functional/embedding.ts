/** Embedding lookup: rows of `weight` selected by int32 indices. */
import { DTypeError, where, type Tensor } from '@gradstack/core';

/**
 * input: int32 indices of any shape; weight: [num, dim] → [...input.shape, dim]. Rows looked up at
 * `paddingIdx` get no gradient (their value is returned unchanged), as in PyTorch.
 */
export function embedding(input: Tensor, weight: Tensor, paddingIdx?: number | null): Tensor {
  if (input.dtype !== 'int32') throw new DTypeError(`embedding: indices must be an int32 tensor, got ${input.dtype} — convert with .int()`);
  const dim = weight.shape[1];
  const rows = weight.indexSelect(0, input.reshape([-1])).reshape([...input.shape, dim]);
  if (paddingIdx === undefined || paddingIdx === null || !weight.requiresGrad) return rows;
  const pad = paddingIdx < 0 ? paddingIdx + weight.shape[0] : paddingIdx;
  // Same forward value either way; the detached branch blocks the gradient at padding positions.
  return where(input.eq(pad).unsqueeze(-1), rows.detach(), rows);
}
