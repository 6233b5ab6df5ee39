import type { Generator } from '@gradstack/core';
import { checkPositiveInt } from '../check.js';
import { childGenerator, resolveGenerator } from '../rng.js';
import type { Sampler, Sized } from './sampler.js';

export interface RandomSamplerOptions {
  /** Draw with replacement (default false: a permutation per epoch). */
  replacement?: boolean;
  /** Indices per epoch; default the dataset size. Without replacement, more than n chains permutations. */
  numSamples?: number;
  /** The stream to draw from; default: a per-epoch stream seeded from core's default generator. */
  generator?: Generator;
}

/**
 * `RandomSampler`. Each iteration draws a new permutation from the generator, so epochs differ while
 * the same seed replays the same sequence of epochs. Without an explicit generator each epoch seeds a
 * private one from the default generator, as PyTorch does.
 */
export class RandomSampler implements Sampler {
  readonly dataSource: Sized;
  readonly replacement: boolean;
  readonly generator: Generator | undefined;
  private readonly numSamplesOption: number | undefined;

  constructor(dataSource: Sized, options: RandomSamplerOptions = {}) {
    this.dataSource = dataSource;
    this.replacement = options.replacement ?? false;
    if (typeof this.replacement !== 'boolean') {
      throw new TypeError(`RandomSampler: replacement should be a boolean, got ${String(this.replacement)}`);
    }
    this.generator = options.generator;
    this.numSamplesOption = options.numSamples;
    checkPositiveInt(this.numSamples, 'numSamples', 'RandomSampler');
  }

  get numSamples(): number {
    return this.numSamplesOption ?? this.dataSource.length;
  }

  get length(): number {
    return this.numSamples;
  }

  *[Symbol.iterator](): Iterator<number> {
    const n = this.dataSource.length;
    const gen = this.generator ?? childGenerator(resolveGenerator());
    const total = this.numSamples;
    if (this.replacement) {
      for (let i = 0; i < total; i++) yield gen.randint(0, n);
      return;
    }
    for (let done = 0; done < total; ) {
      const perm = gen.permutation(n);
      const take = Math.min(n, total - done);
      for (let i = 0; i < take; i++) yield perm[i];
      done += take;
    }
  }
}
