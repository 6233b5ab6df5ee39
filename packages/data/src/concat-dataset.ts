import { ArgumentError } from '@gradstack/core';
import { normalizeIndex } from './check.js';
import { Dataset, type DatasetLike } from './dataset.js';

/** `torch.utils.data.ConcatDataset`: the datasets one after another; lookups bisect the cumulative sizes. */
export class ConcatDataset<T = unknown> extends Dataset<T> {
  readonly datasets: readonly DatasetLike<T>[];
  /** cumulativeSizes[k] = total length of datasets 0..k. */
  readonly cumulativeSizes: readonly number[];

  constructor(datasets: readonly DatasetLike<T>[]) {
    super();
    if (datasets.length === 0) throw new ArgumentError('ConcatDataset: datasets should not be an empty list');
    this.datasets = [...datasets];
    const sizes: number[] = [];
    let total = 0;
    for (const d of datasets) sizes.push((total += d.length));
    this.cumulativeSizes = sizes;
  }

  get length(): number {
    return this.cumulativeSizes[this.cumulativeSizes.length - 1];
  }

  get(index: number): T {
    const i = normalizeIndex(index, this.length, 'ConcatDataset.get');
    // First dataset whose cumulative size exceeds i (bisect_right).
    let lo = 0;
    let hi = this.cumulativeSizes.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulativeSizes[mid] > i) hi = mid;
      else lo = mid + 1;
    }
    const offset = lo === 0 ? 0 : this.cumulativeSizes[lo - 1];
    return this.datasets[lo].get(i - offset);
  }
}
