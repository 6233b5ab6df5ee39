import { ArgumentError, type Tensor } from '@gradstack/core';
import { checkFinite, checkNonNegativeInt, checkPositiveInt } from '../check.js';
import { resolveGenerator, uniform, type RandomOptions } from '../rng.js';
import { floatTensor, fromTyped, type FloatDType } from '../tensors.js';
import { permuteRows } from './permute-rows.js';

export interface MakeBlobsOptions extends RandomOptions {
  /** Total points, split evenly over the centers (the first ones get the remainder), or one count per center (default 100). */
  nSamples?: number | readonly number[];
  /** Features per point when centers are drawn (default 2). */
  nFeatures?: number;
  /** How many centers to draw (default 3), or their coordinates. */
  centers?: number | readonly (readonly number[])[];
  /** Standard deviation of every cluster, or one per center (default 1). */
  clusterStd?: number | readonly number[];
  /** The box drawn centers fall in (default [−10, 10]). */
  centerBox?: readonly [number, number];
  shuffle?: boolean;
  dtype?: FloatDType;
}

export interface BlobsArrays {
  x: Float64Array;
  y: Int32Array;
  /** Row-major [nCenters, nFeatures]. */
  centers: Float64Array;
  nFeatures: number;
}

/** scikit-learn's `make_blobs`: isotropic Gaussian clusters; label = index of the center. */
export function makeBlobsArrays(options: MakeBlobsOptions = {}): BlobsArrays {
  const where = 'makeBlobs';
  const gen = resolveGenerator(options);
  const box = options.centerBox ?? [-10, 10];
  const spec = options.nSamples ?? 100;
  let nFeatures = checkPositiveInt(options.nFeatures ?? 2, 'nFeatures', where);
  let centers: Float64Array;
  let nCenters: number;
  const given = options.centers;
  if (given !== undefined && typeof given !== 'number') {
    nCenters = given.length;
    if (nCenters === 0) throw new ArgumentError(`${where}: centers must not be empty`);
    nFeatures = given[0].length;
    if (given.some((c) => c.length !== nFeatures)) throw new ArgumentError(`${where}: every center needs ${nFeatures} coordinates`);
    centers = Float64Array.from(given.flat());
  } else {
    nCenters = typeof spec === 'number' ? checkPositiveInt(given ?? 3, 'centers', where) : spec.length;
    if (typeof spec !== 'number' && given !== undefined) throw new ArgumentError(`${where}: with per-center nSamples, centers must be coordinates`);
    centers = new Float64Array(nCenters * nFeatures);
    for (let i = 0; i < centers.length; i++) centers[i] = uniform(gen, box[0], box[1]);
  }
  if (typeof spec !== 'number' && spec.length !== nCenters) {
    throw new ArgumentError(`${where}: nSamples has ${spec.length} counts but there are ${nCenters} centers`);
  }
  const stds = typeof options.clusterStd === 'object' ? [...options.clusterStd] : new Array<number>(nCenters).fill(options.clusterStd ?? 1);
  if (stds.length !== nCenters) throw new ArgumentError(`${where}: clusterStd has ${stds.length} entries but there are ${nCenters} centers`);
  stds.forEach((s, i) => checkFinite(s, `clusterStd[${i}]`, where));

  let counts: number[];
  if (typeof spec === 'number') {
    const n = checkNonNegativeInt(spec, 'nSamples', where);
    counts = new Array<number>(nCenters).fill(Math.floor(n / nCenters));
    for (let i = 0; i < n % nCenters; i++) counts[i] += 1;
  } else {
    counts = spec.map((c, i) => checkNonNegativeInt(c, `nSamples[${i}]`, where));
  }
  const total = counts.reduce((a, b) => a + b, 0);
  let x = new Float64Array(total * nFeatures);
  let y = new Int32Array(total);
  let row = 0;
  counts.forEach((count, c) => {
    for (let k = 0; k < count; k++, row++) {
      y[row] = c;
      for (let j = 0; j < nFeatures; j++) x[row * nFeatures + j] = centers[c * nFeatures + j] + stds[c] * gen.normal();
    }
  });
  if (options.shuffle ?? true) {
    const perm = gen.permutation(total);
    x = permuteRows(x, nFeatures, perm);
    y = permuteRows(y, 1, perm);
  }
  return { x, y, centers, nFeatures };
}

/** `x` float [n, nFeatures], `y` int32 [n], `centers` float [nCenters, nFeatures]. */
export function makeBlobs(options: MakeBlobsOptions = {}): { x: Tensor; y: Tensor; centers: Tensor } {
  const r = makeBlobsArrays(options);
  const dtype = options.dtype ?? 'float32';
  return {
    x: floatTensor(r.x, [r.y.length, r.nFeatures], dtype),
    y: fromTyped(r.y, [r.y.length]),
    centers: floatTensor(r.centers, [r.centers.length / r.nFeatures, r.nFeatures], dtype),
  };
}
