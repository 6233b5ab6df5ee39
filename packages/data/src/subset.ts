import { normalizeIndex, normalizeIndices } from './check.js';
import { Dataset, hasGetBatch, type DatasetLike } from './dataset.js';

/**
 * `torch.utils.data.Subset`: the samples of `dataset` at `indices`, in that order. Indices are checked
 * up front, so a bad one fails at construction rather than mid-epoch. Batch gathering passes through
 * to the parent, so a Subset of a TensorDataset keeps the one-copy-per-tensor fast path.
 */
export class Subset<T = unknown> extends Dataset<T> {
  readonly dataset: DatasetLike<T>;
  readonly indices: Int32Array;
  /** Gathers a batch through the parent's `getBatch`; undefined when the parent has none. */
  readonly getBatch?: (indices: Int32Array) => unknown;

  constructor(dataset: DatasetLike<T>, indices: ArrayLike<number>) {
    super();
    this.dataset = dataset;
    this.indices = normalizeIndices(Int32Array.from(indices), dataset.length, 'Subset');
    if (hasGetBatch(dataset)) {
      // An own property, present only when the parent can gather batches, so DataLoader's check is truthful.
      this.getBatch = (batch: Int32Array): unknown => {
        const rows = normalizeIndices(batch, this.indices.length, 'Subset.getBatch');
        const parentRows = new Int32Array(rows.length);
        for (let j = 0; j < rows.length; j++) parentRows[j] = this.indices[rows[j]];
        return dataset.getBatch(parentRows);
      };
    }
  }

  get length(): number {
    return this.indices.length;
  }

  get(index: number): T {
    return this.dataset.get(this.indices[normalizeIndex(index, this.length, 'Subset.get')]);
  }
}
