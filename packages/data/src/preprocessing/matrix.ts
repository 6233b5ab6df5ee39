import { ShapeError, type Tensor } from '@gradstack/core';
import type { FloatDType } from '../tensors.js';

/** A 2-D tensor read out for the scalers: row-major values, its [n, d] and the float dtype results keep. */
export interface Matrix {
  data: ArrayLike<number>;
  rows: number;
  cols: number;
  dtype: FloatDType;
}

export function readMatrix(x: Tensor, where: string): Matrix {
  if (x.ndim !== 2) {
    throw new ShapeError(
      `${where}: expected a 2-D tensor [nSamples, nFeatures], got shape [${x.shape.join(',')}]; ` +
        'reshape a single feature with x.reshape([-1, 1])',
    );
  }
  // int32 inputs scale to float32, as scikit-learn returns floats for integer data.
  const dtype: FloatDType = x.dtype === 'float64' ? 'float64' : 'float32';
  return { data: x.data(), rows: x.shape[0], cols: x.shape[1], dtype };
}

export function checkCols(m: Matrix, expected: number, where: string): void {
  if (m.cols !== expected) {
    throw new ShapeError(`${where}: x has ${m.cols} features, but the scaler was fitted on ${expected}`);
  }
}
