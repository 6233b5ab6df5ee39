import { Generator, defaultGenerator } from '@gradstack/core';

/**
 * How every random function here picks its stream: an explicit `generator` wins, then a `seed`
 * (or scikit-learn's name for it, `randomState`) builds a private one, else core's default generator,
 * so `manualSeed(n)` makes everything reproducible.
 */
export interface RandomOptions {
  generator?: Generator;
  seed?: number;
  randomState?: number;
}

export function resolveGenerator(options: RandomOptions = {}): Generator {
  if (options.generator) return options.generator;
  const seed = options.seed ?? options.randomState;
  if (seed !== undefined) return new Generator(seed);
  return defaultGenerator;
}

/**
 * A fresh generator seeded from `source`, as PyTorch's samplers seed a private one per epoch from the
 * default stream: the default stream advances by one draw per epoch, whatever the dataset size.
 */
export function childGenerator(source: Generator): Generator {
  // 21 + 32 bits keep the seed an exact JS integer.
  return new Generator((source.nextUint32() >>> 11) * 4294967296 + source.nextUint32());
}

/** Uniform double in [low, high). */
export function uniform(gen: Generator, low: number, high: number): number {
  return low + (high - low) * gen.random();
}
