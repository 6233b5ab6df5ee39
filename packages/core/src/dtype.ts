/** The three dtypes: float32 (default), float64 (gradient checks), int32 (indices, labels). */
export type DType = 'float32' | 'float64' | 'int32';

export type TypedArray = Float32Array | Float64Array | Int32Array;

export const DTYPES: readonly DType[] = ['float32', 'float64', 'int32'];

export function isFloat(dtype: DType): boolean {
  return dtype !== 'int32';
}

export function bytesPerElement(dtype: DType): number {
  return dtype === 'float64' ? 8 : 4;
}

export function allocTyped(dtype: DType, size: number): TypedArray {
  switch (dtype) {
    case 'float32':
      return new Float32Array(size);
    case 'float64':
      return new Float64Array(size);
    case 'int32':
      return new Int32Array(size);
  }
}

export function dtypeOfArray(a: TypedArray): DType {
  if (a instanceof Float64Array) return 'float64';
  if (a instanceof Int32Array) return 'int32';
  return 'float32';
}

/** PyTorch-style promotion over our three dtypes: float64 > float32 > int32. */
export function promoteTypes(a: DType, b: DType): DType {
  if (a === b) return a;
  if (a === 'float64' || b === 'float64') return 'float64';
  return 'float32';
}

/** The dtype a float-valued op (exp, div, mean...) returns for an input of `dtype`. */
export function floatResult(dtype: DType): DType {
  return dtype === 'int32' ? 'float32' : dtype;
}
