import { ArgumentError, type Generator } from '@gradstack/core';
import { checkPositiveInt } from '../check.js';
import { childGenerator, resolveGenerator } from '../rng.js';
import type { Sampler } from './sampler.js';

export interface WeightedRandomSamplerOptions {
  /** Default true. Without replacement, numSamples may not exceed the number of non-zero weights. */
  replacement?: boolean;
  generator?: Generator;
}

/**
 * `WeightedRandomSampler`: index i drawn with probability weights[i] / sum(weights) (the weights need
 * not sum to 1). With replacement: inverse-CDF lookups; without: the exponential-race trick
 * (keep the numSamples smallest E_i / w_i), which is sequential sampling without replacement.
 */
export class WeightedRandomSampler implements Sampler {
  readonly weights: Float64Array;
  readonly numSamples: number;
  readonly replacement: boolean;
  readonly generator: Generator | undefined;
  private readonly cumulative: Float64Array;

  constructor(weights: ArrayLike<number>, numSamples: number, options: WeightedRandomSamplerOptions = {}) {
    this.weights = Float64Array.from(weights);
    this.numSamples = checkPositiveInt(numSamples, 'numSamples', 'WeightedRandomSampler');
    this.replacement = options.replacement ?? true;
    this.generator = options.generator;
    if (this.weights.length === 0) throw new ArgumentError('WeightedRandomSampler: weights must not be empty');
    this.cumulative = new Float64Array(this.weights.length);
    let total = 0;
    let positive = 0;
    for (let i = 0; i < this.weights.length; i++) {
      const w = this.weights[i];
      if (!Number.isFinite(w) || w < 0) {
        throw new ArgumentError(`WeightedRandomSampler: weights must be finite and non-negative, got ${w} at index ${i}`);
      }
      if (w > 0) positive++;
      this.cumulative[i] = total += w;
    }
    if (total <= 0) throw new ArgumentError('WeightedRandomSampler: weights must have a positive sum');
    if (!this.replacement && numSamples > positive) {
      throw new ArgumentError(
        `WeightedRandomSampler: cannot draw ${numSamples} samples without replacement from ${positive} non-zero weights`,
      );
    }
  }

  get length(): number {
    return this.numSamples;
  }

  *[Symbol.iterator](): Iterator<number> {
    const gen = this.generator ?? childGenerator(resolveGenerator());
    if (this.replacement) {
      const cum = this.cumulative;
      const total = cum[cum.length - 1];
      for (let k = 0; k < this.numSamples; k++) yield searchCumulative(cum, gen.random() * total);
      return;
    }
    const n = this.weights.length;
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      // Exponential(1) / w: the smallest keys are a weighted draw without replacement, in draw order.
      const e = -Math.log(1 - gen.random());
      keys[i] = this.weights[i] > 0 ? e / this.weights[i] : Infinity;
    }
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => keys[a] - keys[b]);
    for (let k = 0; k < this.numSamples; k++) yield order[k];
  }
}

/** First index whose cumulative weight exceeds u (skips zero-weight entries). */
function searchCumulative(cum: Float64Array, u: number): number {
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid] > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
