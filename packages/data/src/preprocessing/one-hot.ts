import { ArgumentError, type Tensor } from '@gradstack/core';
import { fromTyped, isTensor, type TensorDType } from '../tensors.js';

export interface OneHotOptions {
  /** Number of classes; default max(label) + 1, as `torch.nn.functional.one_hot`'s num_classes=-1. */
  numClasses?: number;
  /** Default float32, ready for a loss (PyTorch's one_hot returns integers; pass 'int32' for that). */
  dtype?: TensorDType;
}

/** One-hot encoding of integer class labels: [...labels.shape] → [...labels.shape, numClasses]. */
export function oneHot(labels: Tensor | ArrayLike<number>, options: OneHotOptions = {}): Tensor {
  const values: ArrayLike<number> = isTensor(labels) ? labels.data() : labels;
  const shape = isTensor(labels) ? labels.shape : [values.length];
  let max = -1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isInteger(v) || v < 0) {
      throw new ArgumentError(`oneHot: labels must be non-negative integers, got ${v} at position ${i}`);
    }
    if (v > max) max = v;
  }
  const numClasses = options.numClasses ?? max + 1;
  if (!Number.isInteger(numClasses) || numClasses < 1) {
    throw new ArgumentError(`oneHot: numClasses must be a positive integer, got ${numClasses}`);
  }
  if (max >= numClasses) {
    throw new ArgumentError(`oneHot: label ${max} is out of range for numClasses ${numClasses} (labels must be 0..${numClasses - 1})`);
  }
  const dtype = options.dtype ?? 'float32';
  const size = values.length * numClasses;
  const out = dtype === 'float64' ? new Float64Array(size) : dtype === 'int32' ? new Int32Array(size) : new Float32Array(size);
  for (let i = 0; i < values.length; i++) out[i * numClasses + values[i]] = 1;
  return fromTyped(out, [...shape, numClasses]);
}
