import { ShapeError, type Tensor } from '@gradstack/core';
import { normalizeIndex, normalizeIndices } from './check.js';
import { Dataset, type BatchGettable } from './dataset.js';
import { takeRows } from './tensors.js';

/**
 * `torch.utils.data.TensorDataset`: sample i is row i of every tensor. `getBatch` gathers a batch with
 * one `indexSelect` per tensor, which is what DataLoader uses.
 */
export class TensorDataset extends Dataset<Tensor[]> implements BatchGettable<Tensor[]> {
  readonly tensors: readonly Tensor[];
  readonly length: number;

  constructor(...tensors: Tensor[]) {
    super();
    if (tensors.length === 0) {
      throw new ShapeError('TensorDataset: needs at least one tensor (pass e.g. new TensorDataset(x, y))');
    }
    for (const t of tensors) {
      if (t.ndim === 0) {
        throw new ShapeError('TensorDataset: tensors must have at least one dim (their first dim indexes the samples); got a scalar');
      }
    }
    const n = tensors[0].shape[0];
    const bad = tensors.findIndex((t) => t.shape[0] !== n);
    if (bad >= 0) {
      const shapes = tensors.map((t) => `[${t.shape.join(',')}]`).join(', ');
      throw new ShapeError(
        `TensorDataset: size mismatch in the first dim — tensor 0 has ${n} rows but tensor ${bad} has ` +
          `${tensors[bad].shape[0]} (shapes ${shapes}); every tensor needs one row per sample`,
      );
    }
    this.tensors = tensors;
    this.length = n;
  }

  get(index: number): Tensor[] {
    const i = normalizeIndex(index, this.length, 'TensorDataset.get');
    return this.tensors.map((t) => t.narrow(0, i, 1).reshape(t.shape.slice(1)));
  }

  getBatch(indices: Int32Array): Tensor[] {
    const rows = normalizeIndices(indices, this.length, 'TensorDataset.getBatch');
    return this.tensors.map((t) => takeRows(t, rows));
  }
}
