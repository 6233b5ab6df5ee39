import { ArgumentError, type Tensor } from '@gradstack/core';
import { fromTyped } from '../tensors.js';
import { checkCols, readMatrix } from './matrix.js';

export interface MinMaxScalerOptions {
  /** The target range (default [0, 1]). */
  featureRange?: readonly [number, number];
  /** Clip transformed values into featureRange (default false: data outside the fitted range extrapolates). */
  clip?: boolean;
}

/**
 * scikit-learn's `MinMaxScaler`: x·scale + min per feature, where scale = (hi − lo) / (max − min) and
 * min = lo − dataMin·scale; a constant feature gets range 1, so it maps to lo.
 */
export class MinMaxScaler {
  readonly featureRange: readonly [number, number];
  readonly clip: boolean;
  dataMin: Float64Array | null = null;
  dataMax: Float64Array | null = null;
  dataRange: Float64Array | null = null;
  /** Per-feature multiplier (`scale_`). */
  scale: Float64Array | null = null;
  /** Per-feature offset (`min_`). */
  min: Float64Array | null = null;

  constructor(options: MinMaxScalerOptions = {}) {
    const range = options.featureRange ?? [0, 1];
    if (!(range[0] < range[1])) {
      throw new ArgumentError(`MinMaxScaler: featureRange minimum must be smaller than maximum, got [${range.join(', ')}]`);
    }
    this.featureRange = [range[0], range[1]];
    this.clip = options.clip ?? false;
  }

  fit(x: Tensor): this {
    const m = readMatrix(x, 'MinMaxScaler.fit');
    if (m.rows === 0) throw new ArgumentError('MinMaxScaler.fit: needs at least one sample, got 0 rows');
    const lo = new Float64Array(m.cols).fill(Infinity);
    const hi = new Float64Array(m.cols).fill(-Infinity);
    for (let i = 0; i < m.rows; i++) {
      for (let j = 0; j < m.cols; j++) {
        const v = m.data[i * m.cols + j];
        if (v < lo[j]) lo[j] = v;
        if (v > hi[j]) hi[j] = v;
      }
    }
    const [a, b] = this.featureRange;
    this.dataMin = lo;
    this.dataMax = hi;
    this.dataRange = hi.map((h, j) => h - lo[j]);
    // scikit-learn's _handle_zeros_in_scale: a (near-)zero range divides by 1.
    this.scale = this.dataRange.map((r) => (b - a) / (r < 10 * Number.EPSILON ? 1 : r));
    const scale = this.scale;
    this.min = lo.map((l, j) => a - l * scale[j]);
    return this;
  }

  transform(x: Tensor): Tensor {
    const m = readMatrix(x, 'MinMaxScaler.transform');
    const { scale, min } = this.fitted('transform');
    checkCols(m, scale.length, 'MinMaxScaler.transform');
    const [a, b] = this.featureRange;
    const out = m.dtype === 'float64' ? new Float64Array(m.rows * m.cols) : new Float32Array(m.rows * m.cols);
    for (let i = 0; i < m.rows; i++) {
      for (let j = 0; j < m.cols; j++) {
        const k = i * m.cols + j;
        const v = m.data[k] * scale[j] + min[j];
        out[k] = this.clip ? Math.min(b, Math.max(a, v)) : v;
      }
    }
    return fromTyped(out, [m.rows, m.cols]);
  }

  inverseTransform(z: Tensor): Tensor {
    const m = readMatrix(z, 'MinMaxScaler.inverseTransform');
    const { scale, min } = this.fitted('inverseTransform');
    checkCols(m, scale.length, 'MinMaxScaler.inverseTransform');
    const out = m.dtype === 'float64' ? new Float64Array(m.rows * m.cols) : new Float32Array(m.rows * m.cols);
    for (let i = 0; i < m.rows; i++) {
      for (let j = 0; j < m.cols; j++) {
        const k = i * m.cols + j;
        out[k] = (m.data[k] - min[j]) / scale[j];
      }
    }
    return fromTyped(out, [m.rows, m.cols]);
  }

  fitTransform(x: Tensor): Tensor {
    return this.fit(x).transform(x);
  }

  private fitted(method: string): { scale: Float64Array; min: Float64Array } {
    if (this.scale === null || this.min === null) {
      throw new ArgumentError(`MinMaxScaler.${method}: this scaler is not fitted yet; call fit(x) (or fitTransform) first`);
    }
    return { scale: this.scale, min: this.min };
  }
}
