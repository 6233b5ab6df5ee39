/**
 * A map-style dataset, as `torch.utils.data.Dataset`: a size and random access by index.
 * Subclasses implement `length` and `get(i)`; iteration yields every sample in order.
 */
export abstract class Dataset<T = unknown> implements Iterable<T> {
  abstract readonly length: number;
  abstract get(index: number): T;

  *[Symbol.iterator](): Iterator<T> {
    for (let i = 0; i < this.length; i++) yield this.get(i);
  }
}

/** What DataLoader, Subset and the samplers need from a dataset: anything sized and indexable. */
export interface DatasetLike<T = unknown> {
  readonly length: number;
  get(index: number): T;
}

/**
 * A dataset that can gather a whole batch at once (PyTorch's `__getitems__`, but returning the
 * already-collated batch): DataLoader calls it instead of `get` + the default collate, so a batch
 * costs one indexed copy per tensor rather than one copy per sample.
 */
export interface BatchGettable<B = unknown> {
  getBatch(indices: Int32Array): B;
}

export function hasGetBatch<B>(dataset: object): dataset is BatchGettable<B> {
  return typeof (dataset as Partial<BatchGettable<B>>).getBatch === 'function';
}
