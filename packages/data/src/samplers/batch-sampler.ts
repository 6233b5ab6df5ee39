import { checkPositiveInt } from '../check.js';
import type { BatchSamplerLike } from './sampler.js';

/** `BatchSampler`: groups another sampler's indices into batches of `batchSize`; `dropLast` drops a short tail. */
export class BatchSampler implements BatchSamplerLike {
  readonly sampler: Iterable<number> & { readonly length: number };
  readonly batchSize: number;
  readonly dropLast: boolean;

  constructor(sampler: Iterable<number> & { readonly length: number }, batchSize: number, dropLast = false) {
    this.sampler = sampler;
    this.batchSize = checkPositiveInt(batchSize, 'batchSize', 'BatchSampler');
    if (typeof dropLast !== 'boolean') throw new TypeError(`BatchSampler: dropLast should be a boolean, got ${String(dropLast)}`);
    this.dropLast = dropLast;
  }

  get length(): number {
    const n = this.sampler.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  *[Symbol.iterator](): Iterator<number[]> {
    let batch: number[] = [];
    for (const i of this.sampler) {
      batch.push(i);
      if (batch.length === this.batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0 && !this.dropLast) yield batch;
  }
}
