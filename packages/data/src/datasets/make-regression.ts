import type { Tensor } from '@gradstack/core';
import { checkFinite, checkPositiveInt } from '../check.js';
import { resolveGenerator, type RandomOptions } from '../rng.js';
import { floatTensor, type FloatDType } from '../tensors.js';
import { permuteColumns, permuteRows } from './permute-rows.js';

export interface MakeRegressionOptions extends RandomOptions {
  nSamples?: number;
  nFeatures?: number;
  /** Features with a non-zero coefficient (default 10, capped at nFeatures). */
  nInformative?: number;
  nTargets?: number;
  bias?: number;
  /** Standard deviation of the Gaussian noise on y (default 0). */
  noise?: number;
  shuffle?: boolean;
  dtype?: FloatDType;
}

export interface RegressionArrays {
  x: Float64Array;
  /** Row-major [nSamples, nTargets]. */
  y: Float64Array;
  /** The true coefficients, row-major [nFeatures, nTargets] (rows follow the shuffled features). */
  coef: Float64Array;
}

/**
 * scikit-learn's `make_regression` for well-conditioned inputs (its `effectiveRank` low-rank variant
 * is not provided): X ~ N(0, 1), coefficients 100·U[0, 1) on nInformative features and 0 elsewhere,
 * y = X·coef + bias + noise·N(0, 1), then samples and features shuffled.
 */
export function makeRegressionArrays(options: MakeRegressionOptions = {}): RegressionArrays {
  const where = 'makeRegression';
  const n = checkPositiveInt(options.nSamples ?? 100, 'nSamples', where);
  const d = checkPositiveInt(options.nFeatures ?? 100, 'nFeatures', where);
  const informative = Math.min(d, checkPositiveInt(options.nInformative ?? 10, 'nInformative', where));
  const t = checkPositiveInt(options.nTargets ?? 1, 'nTargets', where);
  const bias = checkFinite(options.bias ?? 0, 'bias', where);
  const noise = checkFinite(options.noise ?? 0, 'noise', where);
  const gen = resolveGenerator(options);

  const x = new Float64Array(n * d);
  for (let i = 0; i < x.length; i++) x[i] = gen.normal();
  let coef = new Float64Array(d * t);
  for (let i = 0; i < informative * t; i++) coef[i] = 100 * gen.random();

  let y = new Float64Array(n * t);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < t; k++) {
      let s = bias;
      for (let j = 0; j < informative; j++) s += x[i * d + j] * coef[j * t + k];
      y[i * t + k] = s;
    }
  }
  if (noise > 0) for (let i = 0; i < y.length; i++) y[i] += noise * gen.normal();

  if (options.shuffle ?? true) {
    const rows = gen.permutation(n);
    const cols = gen.permutation(d);
    const xs = permuteColumns(permuteRows(x, d, rows), d, cols);
    y = permuteRows(y, t, rows);
    coef = permuteRows(coef, t, cols);
    return { x: xs, y, coef };
  }
  return { x, y, coef };
}

/** `x` [nSamples, nFeatures]; `y` [nSamples] for one target (as scikit-learn squeezes it), else [nSamples, nTargets]; `coef` likewise. */
export function makeRegression(options: MakeRegressionOptions = {}): { x: Tensor; y: Tensor; coef: Tensor } {
  const r = makeRegressionArrays(options);
  const dtype = options.dtype ?? 'float32';
  const t = options.nTargets ?? 1;
  const n = r.y.length / t;
  const d = r.coef.length / t;
  return {
    x: floatTensor(r.x, [n, d], dtype),
    y: floatTensor(r.y, t === 1 ? [n] : [n, t], dtype),
    coef: floatTensor(r.coef, t === 1 ? [d] : [d, t], dtype),
  };
}
