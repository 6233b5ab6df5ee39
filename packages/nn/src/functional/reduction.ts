/** The `reduction` option shared by every loss. */
import { ArgumentError, ShapeError, type Tensor } from '@gradstack/core';

export type Reduction = 'mean' | 'sum' | 'none';

export function checkReduction(reduction: string, op: string, extra: readonly string[] = []): void {
  if (reduction !== 'mean' && reduction !== 'sum' && reduction !== 'none' && !extra.includes(reduction)) {
    throw new ArgumentError(`${op}: reduction '${reduction}' is not valid — use ${['mean', 'sum', 'none', ...extra].map((r) => `'${r}'`).join(', ')}`);
  }
}

export function reduce(loss: Tensor, reduction: Reduction, op: string): Tensor {
  checkReduction(reduction, op);
  if (reduction === 'mean') return loss.mean();
  if (reduction === 'sum') return loss.sum();
  return loss;
}

/** Pointwise losses need equal shapes; PyTorch warns on broadcasting, we refuse it (it is almost always a bug). */
export function checkSameShape(input: Tensor, target: Tensor, op: string): void {
  if (input.ndim !== target.ndim || input.shape.some((s, i) => s !== target.shape[i])) {
    throw new ShapeError(`${op}: target size [${target.shape.join(',')}] must be the same as input size [${input.shape.join(',')}] — reshape the target (e.g. target.unsqueeze(1))`);
  }
}
