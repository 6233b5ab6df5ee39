import type { Generator } from '@gradstack/core';
import { childGenerator, resolveGenerator } from '../rng.js';
import type { Sampler } from './sampler.js';

/** `SubsetRandomSampler`: the given indices in a fresh random order every epoch. */
export class SubsetRandomSampler implements Sampler {
  readonly indices: Int32Array;
  readonly generator: Generator | undefined;

  constructor(indices: ArrayLike<number>, options: { generator?: Generator } = {}) {
    this.indices = Int32Array.from(indices);
    this.generator = options.generator;
  }

  get length(): number {
    return this.indices.length;
  }

  *[Symbol.iterator](): Iterator<number> {
    const gen = this.generator ?? childGenerator(resolveGenerator());
    const perm = gen.permutation(this.indices.length);
    for (let i = 0; i < perm.length; i++) yield this.indices[perm[i]];
  }
}
