import { ArgumentError } from '@gradstack/core';
import type { DatasetLike } from './dataset.js';
import { resolveGenerator, type RandomOptions } from './rng.js';
import { Subset } from './subset.js';

/**
 * `torch.utils.data.random_split`: non-overlapping random subsets of the given lengths. Fractions
 * summing to 1 become lengths floor(n·f), the remainder handed out one by one from the first split,
 * as PyTorch does.
 */
export function randomSplit<T>(
  dataset: DatasetLike<T>,
  lengths: readonly number[],
  options: RandomOptions = {},
): Subset<T>[] {
  const n = dataset.length;
  const sizes = splitLengths(n, lengths);
  const perm = resolveGenerator(options).permutation(n);
  const out: Subset<T>[] = [];
  let offset = 0;
  for (const size of sizes) {
    out.push(new Subset(dataset, perm.subarray(offset, offset + size)));
    offset += size;
  }
  return out;
}

/** Turns `lengths` (counts, or fractions summing to 1) into counts summing to n. */
export function splitLengths(n: number, lengths: readonly number[]): number[] {
  if (lengths.length === 0) throw new ArgumentError('randomSplit: lengths must not be empty');
  for (const l of lengths) {
    if (typeof l !== 'number' || !Number.isFinite(l) || l < 0) {
      throw new ArgumentError(`randomSplit: lengths must be non-negative numbers, got [${lengths.join(', ')}]`);
    }
  }
  const total = lengths.reduce((a, b) => a + b, 0);
  const allIntegers = lengths.every(Number.isInteger);
  const fractions = lengths.every((l) => l <= 1) && Math.abs(total - 1) < 1e-6 && !(allIntegers && total === n);
  if (fractions) {
    const sizes = lengths.map((f) => Math.floor(n * f));
    const remainder = n - sizes.reduce((a, b) => a + b, 0);
    for (let i = 0; i < remainder; i++) sizes[i % sizes.length] += 1;
    return sizes;
  }
  if (!allIntegers) {
    throw new ArgumentError(
      `randomSplit: fractions must sum to 1, got [${lengths.join(', ')}] (sum ${total}); ` +
        'pass fractions that sum to 1 or integer lengths that sum to the dataset length',
    );
  }
  if (total !== n) {
    throw new ArgumentError(
      `randomSplit: lengths [${lengths.join(', ')}] sum to ${total} but the dataset has ${n} samples; ` +
        'integer lengths must sum to the dataset length',
    );
  }
  return [...lengths];
}
