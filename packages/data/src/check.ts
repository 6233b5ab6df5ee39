import { ArgumentError, IndexError } from '@gradstack/core';

/** Argument validation shared by the package; every message names the caller and the option. */

export function checkPositiveInt(value: unknown, name: string, where: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new ArgumentError(`${where}: ${name} must be a positive integer, got ${String(value)}`);
  }
  return value;
}

export function checkNonNegativeInt(value: unknown, name: string, where: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new ArgumentError(`${where}: ${name} must be a non-negative integer, got ${String(value)}`);
  }
  return value;
}

export function checkFinite(value: unknown, name: string, where: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ArgumentError(`${where}: ${name} must be a finite number, got ${String(value)}`);
  }
  return value;
}

/** Python-style index: -length..length-1 are valid, negatives count from the end (as PyTorch datasets allow). */
export function normalizeIndex(index: number, length: number, where: string): number {
  if (typeof index !== 'number' || !Number.isInteger(index) || index < -length || index >= length) {
    const range = length === 0 ? 'the dataset is empty' : `expected an integer in -${length}..${length - 1}`;
    throw new IndexError(`${where}: index ${String(index)} is out of range for length ${length} (${range})`);
  }
  return index < 0 ? index + length : index;
}

/** `normalizeIndex` over a batch; returns the input itself when no index needed rewriting. */
export function normalizeIndices(indices: Int32Array, length: number, where: string): Int32Array {
  let out = indices;
  for (let j = 0; j < indices.length; j++) {
    const i = normalizeIndex(indices[j], length, where);
    if (i !== indices[j]) {
      if (out === indices) out = Int32Array.from(indices);
      out[j] = i;
    }
  }
  return out;
}
