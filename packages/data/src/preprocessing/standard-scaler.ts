import { ArgumentError, type Tensor } from '@gradstack/core';
import { fromTyped } from '../tensors.js';
import { checkCols, readMatrix } from './matrix.js';

export interface StandardScalerOptions {
  /** Subtract the mean (default true). */
  withMean?: boolean;
  /** Divide by the standard deviation (default true). */
  withStd?: boolean;
}

/**
 * scikit-learn's `StandardScaler`: z = (x − mean) / scale per feature (column of an [n, d] tensor),
 * with the population standard deviation (divide by n, not n − 1). A constant feature gets scale 1,
 * so it maps to 0 instead of NaN. Statistics are computed and kept in float64.
 */
export class StandardScaler {
  readonly withMean: boolean;
  readonly withStd: boolean;
  /** Per-feature mean (`mean_`); null before fit. */
  mean: Float64Array | null = null;
  /** Per-feature population variance (`var_`). */
  var: Float64Array | null = null;
  /** Per-feature divisor (`scale_`): sqrt(var), with zeros replaced by 1. */
  scale: Float64Array | null = null;
  nSamplesSeen = 0;

  constructor(options: StandardScalerOptions = {}) {
    this.withMean = options.withMean ?? true;
    this.withStd = options.withStd ?? true;
  }

  fit(x: Tensor): this {
    const m = readMatrix(x, 'StandardScaler.fit');
    if (m.rows === 0) throw new ArgumentError('StandardScaler.fit: needs at least one sample, got 0 rows');
    const stats = featureMeanVar(m.data, m.rows, m.cols);
    this.mean = stats.mean;
    this.var = stats.variance;
    // scikit-learn's constant-feature test: a variance within rounding error of the mean's magnitude.
    const n = m.rows;
    const eps = Number.EPSILON;
    this.scale = stats.variance.map((v, j) => (v <= n * eps * v + (n * stats.mean[j] * eps) ** 2 ? 1 : Math.sqrt(v)));
    this.nSamplesSeen = m.rows;
    return this;
  }

  transform(x: Tensor): Tensor {
    const m = readMatrix(x, 'StandardScaler.transform');
    const { mean, scale } = this.fitted('transform');
    checkCols(m, mean.length, 'StandardScaler.transform');
    const out = m.dtype === 'float64' ? new Float64Array(m.rows * m.cols) : new Float32Array(m.rows * m.cols);
    for (let i = 0; i < m.rows; i++) {
      for (let j = 0; j < m.cols; j++) {
        const k = i * m.cols + j;
        out[k] = (m.data[k] - (this.withMean ? mean[j] : 0)) / (this.withStd ? scale[j] : 1);
      }
    }
    return fromTyped(out, [m.rows, m.cols]);
  }

  inverseTransform(z: Tensor): Tensor {
    const m = readMatrix(z, 'StandardScaler.inverseTransform');
    const { mean, scale } = this.fitted('inverseTransform');
    checkCols(m, mean.length, 'StandardScaler.inverseTransform');
    const out = m.dtype === 'float64' ? new Float64Array(m.rows * m.cols) : new Float32Array(m.rows * m.cols);
    for (let i = 0; i < m.rows; i++) {
      for (let j = 0; j < m.cols; j++) {
        const k = i * m.cols + j;
        out[k] = m.data[k] * (this.withStd ? scale[j] : 1) + (this.withMean ? mean[j] : 0);
      }
    }
    return fromTyped(out, [m.rows, m.cols]);
  }

  fitTransform(x: Tensor): Tensor {
    return this.fit(x).transform(x);
  }

  private fitted(method: string): { mean: Float64Array; scale: Float64Array } {
    if (this.mean === null || this.scale === null) {
      throw new ArgumentError(`StandardScaler.${method}: this scaler is not fitted yet; call fit(x) (or fitTransform) first`);
    }
    return { mean: this.mean, scale: this.scale };
  }
}

/** Per-column mean and population variance of a row-major [rows, cols] matrix, two passes in float64. */
export function featureMeanVar(data: ArrayLike<number>, rows: number, cols: number): { mean: Float64Array; variance: Float64Array } {
  const mean = new Float64Array(cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) mean[j] += data[i * cols + j];
  for (let j = 0; j < cols; j++) mean[j] /= rows;
  const variance = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const d = data[i * cols + j] - mean[j];
      variance[j] += d * d;
    }
  }
  for (let j = 0; j < cols; j++) variance[j] /= rows;
  return { mean, variance };
}
