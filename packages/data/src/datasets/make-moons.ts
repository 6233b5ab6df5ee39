import { ArgumentError, type Tensor } from '@gradstack/core';
import { checkFinite, checkNonNegativeInt } from '../check.js';
import { resolveGenerator, type RandomOptions } from '../rng.js';
import { floatTensor, fromTyped, type FloatDType } from '../tensors.js';
import { permuteRows } from './permute-rows.js';

export interface MakeMoonsOptions extends RandomOptions {
  /** Total points (split out = n/2 floored, in = the rest), or [out, in] (default 100). */
  nSamples?: number | readonly [number, number];
  shuffle?: boolean;
  /** Standard deviation of Gaussian noise added to the points (default none). */
  noise?: number;
  dtype?: FloatDType;
}

/** scikit-learn's `make_moons`: two interleaving half circles, labels 0 (outer) and 1 (inner). */
export function makeMoonsArrays(options: MakeMoonsOptions = {}): { x: Float64Array; y: Int32Array } {
  const where = 'makeMoons';
  const spec = options.nSamples ?? 100;
  let nOut: number;
  let nIn: number;
  if (typeof spec === 'number') {
    checkNonNegativeInt(spec, 'nSamples', where);
    nOut = Math.floor(spec / 2);
    nIn = spec - nOut;
  } else {
    if (!Array.isArray(spec) || spec.length !== 2) throw new ArgumentError(`${where}: nSamples can be either a number or a two-element array`);
    nOut = checkNonNegativeInt(spec[0], 'nSamples[0]', where);
    nIn = checkNonNegativeInt(spec[1], 'nSamples[1]', where);
  }
  const gen = resolveGenerator(options);
  const n = nOut + nIn;
  let x = new Float64Array(2 * n);
  let y = new Int32Array(n);
  for (let i = 0; i < nOut; i++) {
    const t = nOut === 1 ? 0 : (Math.PI * i) / (nOut - 1);
    x[2 * i] = Math.cos(t);
    x[2 * i + 1] = Math.sin(t);
  }
  for (let i = 0; i < nIn; i++) {
    const t = nIn === 1 ? 0 : (Math.PI * i) / (nIn - 1);
    x[2 * (nOut + i)] = 1 - Math.cos(t);
    x[2 * (nOut + i) + 1] = 1 - Math.sin(t) - 0.5;
    y[nOut + i] = 1;
  }
  if (options.shuffle ?? true) {
    const perm = gen.permutation(n);
    x = permuteRows(x, 2, perm);
    y = permuteRows(y, 1, perm);
  }
  if (options.noise !== undefined) {
    const noise = checkFinite(options.noise, 'noise', where);
    for (let i = 0; i < x.length; i++) x[i] += noise * gen.normal();
  }
  return { x, y };
}

/** `x` float [n, 2], `y` int32 [n]. */
export function makeMoons(options: MakeMoonsOptions = {}): { x: Tensor; y: Tensor } {
  const { x, y } = makeMoonsArrays(options);
  return { x: floatTensor(x, [y.length, 2], options.dtype ?? 'float32'), y: fromTyped(y, [y.length]) };
}
