import type { Tensor } from '@gradstack/core';
import { checkFinite, checkPositiveInt } from '../check.js';
import { resolveGenerator, type RandomOptions } from '../rng.js';
import { fromTyped } from '../tensors.js';

export interface NoisySineOptions extends RandomOptions {
  /** Points, evenly spaced over [0, 1] (default 200). */
  n?: number;
  /** Standard deviation of the Gaussian noise on y (default 0.1). */
  noise?: number;
}

/**
 * The optimiser tutorial's regression set: x = linspace(0, 1, n), y = sin(2·3.14159·x) + noise·N(0, 1),
 * both float32 [n, 1]. The tutorial writes π as 3.14159, so this does too.
 */
export function noisySineArrays(options: NoisySineOptions = {}): { x: Float32Array; y: Float32Array } {
  const n = checkPositiveInt(options.n ?? 200, 'n', 'noisySine');
  const noise = checkFinite(options.noise ?? 0.1, 'noise', 'noisySine');
  const gen = resolveGenerator(options);
  const x = linspace(0, 1, n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) y[i] = Math.sin(2 * 3.14159 * x[i]) + noise * gen.normal();
  return { x, y };
}

export function noisySine(options: NoisySineOptions = {}): { x: Tensor; y: Tensor } {
  const { x, y } = noisySineArrays(options);
  return { x: fromTyped(x, [x.length, 1]), y: fromTyped(y, [y.length, 1]) };
}

/** torch.linspace in float32: the first half counts up from start, the second down from end, so both ends are exact. */
export function linspace(start: number, end: number, steps: number): Float32Array {
  const out = new Float32Array(steps);
  if (steps === 1) {
    out[0] = start;
    return out;
  }
  const step = (end - start) / (steps - 1);
  const half = Math.floor(steps / 2);
  for (let i = 0; i < steps; i++) out[i] = i < half ? start + i * step : end - (steps - 1 - i) * step;
  return out;
}
