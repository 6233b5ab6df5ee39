import { ArgumentError, type Generator, type Tensor } from '@gradstack/core';
import { checkFinite, checkNonNegativeInt, checkPositiveInt } from '../check.js';
import { resolveGenerator, type RandomOptions } from '../rng.js';
import { floatTensor, fromTyped, type FloatDType } from '../tensors.js';
import { permuteColumns, permuteRows } from './permute-rows.js';

export interface MakeClassificationOptions extends RandomOptions {
  nSamples?: number;
  nFeatures?: number;
  nInformative?: number;
  nRedundant?: number;
  nRepeated?: number;
  nClasses?: number;
  nClustersPerClass?: number;
  /** Class proportions (nClasses or nClasses − 1 entries; the last is inferred); default balanced. */
  weights?: readonly number[];
  /** Fraction of labels reassigned at random (default 0.01). */
  flipY?: number;
  /** Half the hypercube side: larger separates the classes more (default 1). */
  classSep?: number;
  /** Clusters on hypercube vertices (default) or on a random polytope. */
  hypercube?: boolean;
  /** Added to every feature; null draws one per feature in [−classSep, classSep] (default 0). */
  shift?: number | readonly number[] | null;
  /** Multiplies every feature after the shift; null draws one per feature in [1, 101) (default 1). */
  scale?: number | readonly number[] | null;
  /** Shuffle samples and features (default true). */
  shuffle?: boolean;
  dtype?: FloatDType;
}

export interface ClassificationArrays {
  /** Row-major [nSamples, nFeatures]. */
  x: Float64Array;
  y: Int32Array;
  nSamples: number;
  nFeatures: number;
}

/**
 * scikit-learn's `make_classification` (Guyon's Madelon design), step for step: Gaussian clusters
 * on hypercube vertices of side 2·classSep, each given a random covariance; redundant features are
 * random linear combinations of the informative ones, repeated ones copies; the rest is noise; flipY
 * of the labels are redrawn; then shift, scale and shuffle. The bits differ from NumPy's (another RNG),
 * the distribution is the same.
 */
export function makeClassificationArrays(options: MakeClassificationOptions = {}): ClassificationArrays {
  const where = 'makeClassification';
  const nSamples = checkPositiveInt(options.nSamples ?? 100, 'nSamples', where);
  const nFeatures = checkPositiveInt(options.nFeatures ?? 20, 'nFeatures', where);
  const nInformative = checkPositiveInt(options.nInformative ?? 2, 'nInformative', where);
  const nRedundant = checkNonNegativeInt(options.nRedundant ?? 2, 'nRedundant', where);
  const nRepeated = checkNonNegativeInt(options.nRepeated ?? 0, 'nRepeated', where);
  const nClasses = checkPositiveInt(options.nClasses ?? 2, 'nClasses', where);
  const nClustersPerClass = checkPositiveInt(options.nClustersPerClass ?? 2, 'nClustersPerClass', where);
  const flipY = checkFinite(options.flipY ?? 0.01, 'flipY', where);
  const classSep = checkFinite(options.classSep ?? 1, 'classSep', where);
  if (flipY < 0 || flipY > 1) throw new ArgumentError(`${where}: flipY must be in [0, 1], got ${flipY}`);
  if (classSep <= 0) throw new ArgumentError(`${where}: classSep must be positive, got ${classSep}`);
  if (nInformative + nRedundant + nRepeated > nFeatures) {
    throw new ArgumentError(
      `${where}: nInformative (${nInformative}) + nRedundant (${nRedundant}) + nRepeated (${nRepeated}) ` +
        `must not exceed nFeatures (${nFeatures})`,
    );
  }
  if (nInformative < Math.log2(nClasses * nClustersPerClass)) {
    throw new ArgumentError(
      `${where}: nClasses (${nClasses}) × nClustersPerClass (${nClustersPerClass}) must be ≤ 2**nInformative ` +
        `(${2 ** nInformative}); raise nInformative or lower the cluster count`,
    );
  }
  const weights = classWeights(options.weights, nClasses);
  const gen = resolveGenerator(options);
  const nUseless = nFeatures - nInformative - nRedundant - nRepeated;
  const nClusters = nClasses * nClustersPerClass;

  // Samples per cluster by weight; the remainder goes one each to the first clusters.
  const perCluster = Array.from({ length: nClusters }, (_, k) => Math.trunc((nSamples * weights[k % nClasses]) / nClustersPerClass));
  const assigned = perCluster.reduce((a, b) => a + b, 0);
  for (let i = 0; i < nSamples - assigned; i++) perCluster[i % nClusters] += 1;
  const total = perCluster.reduce((a, b) => a + b, 0);

  const x = new Float64Array(total * nFeatures);
  const y = new Int32Array(total);

  // Cluster centroids: distinct hypercube vertices scaled to ±classSep.
  const centroids = generateHypercube(nClusters, nInformative, gen);
  for (let i = 0; i < centroids.length; i++) centroids[i] = centroids[i] * 2 * classSep - classSep;
  if (!(options.hypercube ?? true)) {
    const rowScale = Array.from({ length: nClusters }, () => gen.random());
    const colScale = Array.from({ length: nInformative }, () => gen.random());
    for (let k = 0; k < nClusters; k++) {
      for (let j = 0; j < nInformative; j++) centroids[k * nInformative + j] *= rowScale[k] * colScale[j];
    }
  }

  // Informative features start as standard normals, filled row-major like NumPy.
  for (let i = 0; i < total; i++) {
    for (let j = 0; j < nInformative; j++) x[i * nFeatures + j] = gen.normal();
  }

  // Each cluster: random covariance A (uniform in [−1, 1)), then shift to its vertex.
  let start = 0;
  const row = new Float64Array(nInformative);
  for (let k = 0; k < nClusters; k++) {
    const stop = start + perCluster[k];
    const a = uniformMatrix(gen, nInformative, nInformative);
    for (let i = start; i < stop; i++) {
      y[i] = k % nClasses;
      const base = i * nFeatures;
      for (let j = 0; j < nInformative; j++) row[j] = x[base + j];
      for (let c = 0; c < nInformative; c++) {
        let s = 0;
        for (let j = 0; j < nInformative; j++) s += row[j] * a[j * nInformative + c];
        x[base + c] = s + centroids[k * nInformative + c];
      }
    }
    start = stop;
  }

  // Redundant features: X[:, :nInformative] @ B with B uniform in [−1, 1).
  if (nRedundant > 0) {
    const b = uniformMatrix(gen, nInformative, nRedundant);
    for (let i = 0; i < total; i++) {
      const base = i * nFeatures;
      for (let c = 0; c < nRedundant; c++) {
        let s = 0;
        for (let j = 0; j < nInformative; j++) s += x[base + j] * b[j * nRedundant + c];
        x[base + nInformative + c] = s;
      }
    }
  }

  // Repeated features: copies of randomly chosen informative or redundant columns.
  if (nRepeated > 0) {
    const n = nInformative + nRedundant;
    const source = Array.from({ length: nRepeated }, () => Math.trunc((n - 1) * gen.random() + 0.5));
    for (let i = 0; i < total; i++) {
      for (let r = 0; r < nRepeated; r++) x[i * nFeatures + n + r] = x[i * nFeatures + source[r]];
    }
  }

  if (nUseless > 0) {
    for (let i = 0; i < total; i++) {
      for (let j = nFeatures - nUseless; j < nFeatures; j++) x[i * nFeatures + j] = gen.normal();
    }
  }

  // Label noise: the whole mask first (drawn even at flipY = 0, as scikit-learn, so the stream stays
  // aligned), then one random class per flipped sample, in order.
  const mask = Array.from({ length: total }, () => gen.random() < flipY);
  for (let i = 0; i < total; i++) if (mask[i]) y[i] = gen.randint(0, nClasses);

  const shift = perFeature(options.shift === undefined ? 0 : options.shift, nFeatures, () => (2 * gen.random() - 1) * classSep, 'shift');
  const scale = perFeature(options.scale === undefined ? 1 : options.scale, nFeatures, () => 1 + 100 * gen.random(), 'scale');
  for (let i = 0; i < total; i++) {
    for (let j = 0; j < nFeatures; j++) x[i * nFeatures + j] = (x[i * nFeatures + j] + shift[j]) * scale[j];
  }

  if (options.shuffle ?? true) {
    const rows = gen.permutation(total);
    const cols = gen.permutation(nFeatures);
    return { x: permuteColumns(permuteRows(x, nFeatures, rows), nFeatures, cols), y: permuteRows(y, 1, rows), nSamples: total, nFeatures };
  }
  return { x, y, nSamples: total, nFeatures };
}

/** `x` float [nSamples, nFeatures], `y` int32 class labels [nSamples]. */
export function makeClassification(options: MakeClassificationOptions = {}): { x: Tensor; y: Tensor } {
  const r = makeClassificationArrays(options);
  return { x: floatTensor(r.x, [r.nSamples, r.nFeatures], options.dtype ?? 'float32'), y: fromTyped(r.y, [r.nSamples]) };
}

/**
 * `samples` distinct binary vectors of length `dims` (row-major 0/1), as scikit-learn's
 * `_generate_hypercube`: distinct integers below 2**dims, read as big-endian bits; beyond 30 dims
 * the leading columns are plain random bits.
 */
export function generateHypercube(samples: number, dims: number, gen: Generator): Float64Array {
  const out = new Float64Array(samples * dims);
  const low = Math.min(dims, 30);
  const high = dims - low;
  for (let k = 0; k < samples; k++) {
    for (let j = 0; j < high; j++) out[k * dims + j] = gen.randint(0, 2);
  }
  // Rejection against the set drawn so far: samples ≤ 2**low is checked by the caller.
  const seen = new Set<number>();
  for (let k = 0; k < samples; k++) {
    let v: number;
    do v = gen.randint(0, 2 ** low);
    while (seen.has(v));
    seen.add(v);
    for (let j = 0; j < low; j++) out[k * dims + high + j] = Math.floor(v / 2 ** (low - 1 - j)) % 2;
  }
  return out;
}

function uniformMatrix(gen: Generator, rows: number, cols: number): Float64Array {
  const m = new Float64Array(rows * cols);
  for (let i = 0; i < m.length; i++) m[i] = 2 * gen.random() - 1;
  return m;
}

function classWeights(weights: readonly number[] | undefined, nClasses: number): number[] {
  if (weights === undefined) return Array.from({ length: nClasses }, () => 1 / nClasses);
  if (weights.length !== nClasses && weights.length !== nClasses - 1) {
    throw new ArgumentError(`makeClassification: weights has ${weights.length} entries; expected nClasses (${nClasses}) or nClasses − 1`);
  }
  if (weights.length === nClasses) return [...weights];
  return [...weights, 1 - weights.reduce((a, b) => a + b, 0)];
}

function perFeature(value: number | readonly number[] | null, n: number, draw: () => number, name: string): Float64Array {
  if (value === null) return Float64Array.from({ length: n }, draw);
  if (typeof value === 'number') return new Float64Array(n).fill(value);
  if (value.length !== n) throw new ArgumentError(`makeClassification: ${name} has ${value.length} entries; expected nFeatures (${n})`);
  return Float64Array.from(value);
}
