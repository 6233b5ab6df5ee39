import { ArgumentError, stack, tensor, type Tensor } from '@gradstack/core';
import { isTensor, type TypedArray } from './tensors.js';

/** The type `defaultCollate` turns a list of samples of type T into. */
export type Collated<T> = T extends Tensor
  ? Tensor
  : T extends number | TypedArray
    ? Tensor
    : T extends string
      ? string[]
      : T extends readonly unknown[]
        ? { -readonly [K in keyof T]: Collated<T[K]> }
        : T extends object
          ? { [K in keyof T]: Collated<T[K]> }
          : unknown;

/**
 * `default_collate`: stacks a list of samples into a batch, recursing into arrays (tuples) and
 * records. Tensors stack along a new dim 0; numbers become a [B] tensor — int32 when every value is
 * an integer (JS has no int/float split, so this stands in for PyTorch's int → int64), else float32;
 * typed arrays of equal length become a [B, len] tensor of their dtype; strings stay a string[].
 */
export function defaultCollate<T>(samples: readonly T[]): Collated<T> {
  return collate(samples as readonly unknown[], 'batch') as Collated<T>;
}

function collate(samples: readonly unknown[], path: string): unknown {
  if (samples.length === 0) throw new ArgumentError('defaultCollate: cannot collate an empty batch');
  const first = samples[0];
  if (isTensor(first)) {
    const shape = first.shape.join(',');
    for (const s of samples) {
      if (!isTensor(s) || s.shape.join(',') !== shape) {
        const seen = isTensor(s) ? `[${s.shape.join(',')}]` : typeof s;
        throw new ArgumentError(`defaultCollate: ${path} mixes tensor shapes [${shape}] and ${seen}; every sample needs the same shape`);
      }
    }
    return stack(samples as Tensor[], 0);
  }
  if (typeof first === 'number') {
    if (!samples.every((s) => typeof s === 'number')) throw mixed(path, 'number');
    const values = samples as number[];
    const data = values.every(Number.isInteger) ? Int32Array.from(values) : Float32Array.from(values);
    return tensor(data, { shape: [values.length], dtype: data instanceof Int32Array ? 'int32' : 'float32' });
  }
  if (ArrayBuffer.isView(first) && !(first instanceof DataView)) return collateTyped(samples, path);
  if (typeof first === 'string') {
    if (!samples.every((s) => typeof s === 'string')) throw mixed(path, 'string');
    return [...(samples as string[])];
  }
  if (Array.isArray(first)) {
    const width = first.length;
    for (const s of samples) {
      if (!Array.isArray(s) || s.length !== width) {
        throw new ArgumentError(`defaultCollate: each element in ${path} should be an array of equal size (${width})`);
      }
    }
    return Array.from({ length: width }, (_, k) => collate(samples.map((s) => (s as unknown[])[k]), `${path}[${k}]`));
  }
  if (typeof first === 'object' && first !== null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(first)) {
      out[key] = collate(samples.map((s) => (s as Record<string, unknown>)[key]), `${path}.${key}`);
    }
    return out;
  }
  throw new ArgumentError(
    `defaultCollate: ${path} holds ${typeof first} values; the default collate handles Tensors, numbers, typed arrays, ` +
      'strings, arrays and records (pass a collateFn for anything else)',
  );
}

function collateTyped(samples: readonly unknown[], path: string): Tensor {
  const first = samples[0] as ArrayLike<number>;
  const width = first.length;
  const isFloat64 = first instanceof Float64Array;
  const isFloat = isFloat64 || first instanceof Float32Array;
  const out = isFloat64 ? new Float64Array(samples.length * width) : isFloat ? new Float32Array(samples.length * width) : new Int32Array(samples.length * width);
  samples.forEach((s, b) => {
    if (!ArrayBuffer.isView(s) || (s as unknown as ArrayLike<number>).length !== width) {
      throw new ArgumentError(`defaultCollate: ${path} needs typed arrays of equal length ${width}`);
    }
    out.set(s as unknown as ArrayLike<number>, b * width);
  });
  return tensor(out, { shape: [samples.length, width], dtype: isFloat64 ? 'float64' : isFloat ? 'float32' : 'int32' });
}

function mixed(path: string, kind: string): ArgumentError {
  return new ArgumentError(`defaultCollate: ${path} mixes ${kind}s with other types; every sample needs the same structure`);
}
