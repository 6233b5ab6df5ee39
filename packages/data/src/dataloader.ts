import { ArgumentError, type Generator } from '@gradstack/core';
import { checkPositiveInt } from './check.js';
import { defaultCollate, type Collated } from './collate.js';
import { hasGetBatch, type DatasetLike } from './dataset.js';
import { BatchSampler } from './samplers/batch-sampler.js';
import { RandomSampler } from './samplers/random-sampler.js';
import type { BatchSamplerLike, Sampler } from './samplers/sampler.js';
import { SequentialSampler } from './samplers/sequential-sampler.js';

export interface DataLoaderOptions<T, B> {
  /** Samples per batch (default 1). */
  batchSize?: number;
  /** Reshuffle every epoch (default false). Exclusive with `sampler`. */
  shuffle?: boolean;
  /** Drop the last batch when it is short (default false). */
  dropLast?: boolean;
  /** Where indices come from; replaces the sequential/random choice made by `shuffle`. */
  sampler?: Sampler;
  /** Yields whole batches of indices; exclusive with batchSize, shuffle, sampler and dropLast. */
  batchSampler?: BatchSamplerLike;
  /** Merges a list of samples into a batch (default `defaultCollate`). */
  collateFn?: (samples: T[]) => B;
  /** The stream shuffling draws from (passed to the RandomSampler); default core's default generator. */
  generator?: Generator;
}

/**
 * `torch.utils.data.DataLoader` (single process): iterate it for batches, `length` is the number of
 * batches per epoch. With the default collate, a dataset that can gather a whole batch (`getBatch`,
 * e.g. TensorDataset, MNIST) is asked for it directly: one indexed copy per tensor per batch.
 */
export class DataLoader<T, B = Collated<T>> implements Iterable<B> {
  readonly dataset: DatasetLike<T>;
  readonly batchSize: number | null;
  readonly dropLast: boolean;
  readonly sampler: Sampler | null;
  readonly batchSampler: BatchSamplerLike;
  readonly collateFn: (samples: T[]) => B;
  readonly generator: Generator | undefined;
  private readonly usesDefaultCollate: boolean;

  constructor(dataset: DatasetLike<T>, options: DataLoaderOptions<T, B> = {}) {
    this.dataset = dataset;
    this.generator = options.generator;
    const shuffle = options.shuffle ?? false;
    const dropLast = options.dropLast ?? false;
    if (typeof shuffle !== 'boolean') throw new TypeError(`DataLoader: shuffle should be a boolean, got ${String(shuffle)}`);
    if (options.sampler && shuffle) {
      throw new ArgumentError('DataLoader: sampler option is mutually exclusive with shuffle (the sampler decides the order)');
    }
    if (options.batchSampler) {
      if (options.batchSize !== undefined && options.batchSize !== 1) throw exclusive('batchSize');
      if (shuffle) throw exclusive('shuffle');
      if (options.sampler) throw exclusive('sampler');
      if (dropLast) throw exclusive('dropLast');
      this.batchSize = null;
      this.dropLast = false;
      this.sampler = null;
      this.batchSampler = options.batchSampler;
    } else {
      this.batchSize = checkPositiveInt(options.batchSize ?? 1, 'batchSize', 'DataLoader');
      this.dropLast = dropLast;
      this.sampler =
        options.sampler ??
        (shuffle ? new RandomSampler(dataset, { generator: options.generator }) : new SequentialSampler(dataset));
      this.batchSampler = new BatchSampler(this.sampler, this.batchSize, dropLast);
    }
    this.usesDefaultCollate = options.collateFn === undefined;
    this.collateFn = options.collateFn ?? (defaultCollate as unknown as (samples: T[]) => B);
  }

  /** Batches per epoch. */
  get length(): number {
    return this.batchSampler.length;
  }

  *[Symbol.iterator](): Iterator<B> {
    const dataset = this.dataset;
    const gather = this.usesDefaultCollate && hasGetBatch<B>(dataset) ? dataset : null;
    for (const batch of this.batchSampler) {
      if (gather) {
        yield gather.getBatch(Int32Array.from(batch));
      } else {
        yield this.collateFn(batch.map((i) => dataset.get(i)));
      }
    }
  }
}

function exclusive(option: string): ArgumentError {
  return new ArgumentError(`DataLoader: batchSampler option is mutually exclusive with ${option} (the batch sampler decides batching)`);
}
