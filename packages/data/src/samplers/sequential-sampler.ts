import type { Sampler, Sized } from './sampler.js';

/** `SequentialSampler`: 0, 1, ..., n-1 every epoch. */
export class SequentialSampler implements Sampler {
  constructor(readonly dataSource: Sized) {}

  get length(): number {
    return this.dataSource.length;
  }

  *[Symbol.iterator](): Iterator<number> {
    for (let i = 0; i < this.dataSource.length; i++) yield i;
  }
}
