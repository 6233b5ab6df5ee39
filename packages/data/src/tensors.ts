import { ShapeError, fromTyped as coreFromTyped, tensor, type Tensor } from '@gradstack/core';

/** The bridge between this package's typed-array layers and core Tensors. */

export type FloatDType = 'float32' | 'float64';
export type TensorDType = FloatDType | 'int32';
export type TypedArray = Float32Array | Float64Array | Int32Array;

/** Wraps a typed array (one bulk copy: core's fromTyped slices, where tensor() converts element by element). */
export function fromTyped(data: TypedArray, shape: readonly number[]): Tensor {
  let size = 1;
  for (const d of shape) size *= d;
  if (size !== data.length) throw new ShapeError(`fromTyped: ${data.length} values do not fill shape [${shape.join(',')}]`);
  return coreFromTyped(data, shape);
}

/** A float64 working array cast to the dtype the caller asked for. */
export function floatTensor(data: Float64Array, shape: readonly number[], dtype: FloatDType): Tensor {
  return fromTyped(dtype === 'float64' ? data : Float32Array.from(data), shape);
}

export function indexTensor(indices: ArrayLike<number>): Tensor {
  const idx = indices instanceof Int32Array ? indices : Int32Array.from(indices);
  return tensor(idx, { shape: [idx.length], dtype: 'int32' });
}

export function dtypeOf(data: TypedArray): TensorDType {
  if (data instanceof Float64Array) return 'float64';
  if (data instanceof Int32Array) return 'int32';
  return 'float32';
}

/** Rows `indices` of `t` along dim 0: one indexed copy, whatever the number of rows. */
export function takeRows(t: Tensor, indices: ArrayLike<number>): Tensor {
  return t.indexSelect(0, indexTensor(indices));
}

export function isTensor(value: unknown): value is Tensor {
  return (
    typeof value === 'object' && value !== null &&
    Array.isArray((value as Tensor).shape) && typeof (value as Tensor).indexSelect === 'function'
  );
}
