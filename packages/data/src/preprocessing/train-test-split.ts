import { ArgumentError, ShapeError, type Generator, type Tensor } from '@gradstack/core';
import { resolveGenerator, type RandomOptions } from '../rng.js';
import { isTensor, takeRows } from '../tensors.js';

export interface TrainTestSplitOptions extends RandomOptions {
  /** Fraction in (0, 1) or count of test samples; default 0.25 when trainSize is not given either. */
  testSize?: number;
  /** Fraction in (0, 1) or count of training samples; default the complement of testSize. */
  trainSize?: number;
  /** Shuffle before splitting (default true); without it the first rows train and the next ones test. */
  shuffle?: boolean;
  /** Class labels: keep each class's proportion in both splits (requires shuffle). */
  stratify?: Tensor | ArrayLike<number>;
}

type NumericArray = Float32Array | Float64Array | Int32Array | Uint8Array;
/** What can be split: tensors along dim 0, plain arrays and typed arrays by element. */
export type Splittable = Tensor | readonly unknown[] | NumericArray;

/** [aTrain, aTest, bTrain, bTest, ...] for inputs [a, b, ...]. */
export type SplitPairs<A extends readonly unknown[]> = A extends readonly []
  ? []
  : A extends readonly [infer H, ...infer R]
    ? [H, H, ...SplitPairs<R>]
    : Splittable[];

/**
 * scikit-learn's `train_test_split`: `trainTestSplit(x, y, { testSize: 0.2, randomState: 42 })` returns
 * [xTrain, xTest, yTrain, yTest]. Sizes follow scikit-learn (test = ceil(f·n), train = floor(f·n));
 * the shuffled split is ShuffleSplit's (test first in the permutation), the stratified one
 * StratifiedShuffleSplit's.
 */
export function trainTestSplit<A extends Splittable[]>(...args: [...A, TrainTestSplitOptions]): SplitPairs<A>;
export function trainTestSplit<A extends Splittable[]>(...arrays: A): SplitPairs<A>;
export function trainTestSplit(...args: unknown[]): Splittable[] {
  const last = args[args.length - 1];
  const hasOptions = args.length > 0 && isOptions(last);
  const options = (hasOptions ? last : {}) as TrainTestSplitOptions;
  const arrays = (hasOptions ? args.slice(0, -1) : args) as Splittable[];
  if (arrays.length === 0) throw new ArgumentError('trainTestSplit: at least one array required as input');
  const n = rowCount(arrays[0]);
  arrays.forEach((a, k) => {
    if (rowCount(a) !== n) {
      throw new ShapeError(`trainTestSplit: found input variables with inconsistent numbers of samples: array 0 has ${n}, array ${k} has ${rowCount(a)}`);
    }
  });
  const { train, test } = splitIndices(n, options);
  return arrays.flatMap((a) => [take(a, train), take(a, test)]);
}

/** The train and test row indices for n samples. */
export function splitIndices(n: number, options: TrainTestSplitOptions = {}): { train: Int32Array; test: Int32Array } {
  const { nTrain, nTest } = splitSizes(n, options.testSize, options.trainSize);
  const shuffle = options.shuffle ?? true;
  if (!shuffle) {
    if (options.stratify !== undefined) {
      throw new ArgumentError('trainTestSplit: stratified train/test split is not implemented for shuffle=false');
    }
    return { train: range(0, nTrain), test: range(nTrain, nTrain + nTest) };
  }
  const gen = resolveGenerator(options);
  if (options.stratify !== undefined) {
    const labels = isTensor(options.stratify) ? options.stratify.data() : options.stratify;
    if (labels.length !== n) {
      throw new ShapeError(`trainTestSplit: stratify has ${labels.length} labels but the arrays have ${n} samples`);
    }
    return stratifiedIndices(labels, nTrain, nTest, gen);
  }
  const perm = gen.permutation(n);
  return { train: perm.slice(nTest, nTest + nTrain), test: perm.slice(0, nTest) };
}

/** scikit-learn's _validate_shuffle_split. */
export function splitSizes(n: number, testSize?: number, trainSize?: number): { nTrain: number; nTest: number } {
  const test = testSize === undefined && trainSize === undefined ? 0.25 : testSize;
  const check = (v: number | undefined, name: string) => {
    if (v === undefined) return;
    const ok = Number.isInteger(v) ? v > 0 && v < n : v > 0 && v < 1;
    if (!ok) {
      throw new ArgumentError(
        `trainTestSplit: ${name}=${v} should be a positive integer smaller than the number of samples (${n}) or a fraction in (0, 1)`,
      );
    }
  };
  check(test, 'testSize');
  check(trainSize, 'trainSize');
  const fracOrCount = (v: number, round: (x: number) => number) => (Number.isInteger(v) ? v : round(v * n));
  let nTest = test === undefined ? undefined : fracOrCount(test, Math.ceil);
  let nTrain = trainSize === undefined ? undefined : fracOrCount(trainSize, Math.floor);
  if (nTrain === undefined) nTrain = n - (nTest as number);
  if (nTest === undefined) nTest = n - nTrain;
  if (nTrain + nTest > n) {
    throw new ArgumentError(`trainTestSplit: trainSize + testSize = ${nTrain + nTest} samples, more than the ${n} available`);
  }
  if (nTrain === 0) {
    throw new ArgumentError(`trainTestSplit: with n=${n}, testSize=${testSize} and trainSize=${trainSize} the train set would be empty; adjust the sizes`);
  }
  return { nTrain, nTest };
}

function stratifiedIndices(labels: ArrayLike<number>, nTrain: number, nTest: number, gen: Generator): { train: Int32Array; test: Int32Array } {
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const members = byClass.get(labels[i]);
    if (members) members.push(i);
    else byClass.set(labels[i], [i]);
  }
  const classes = [...byClass.keys()].sort((a, b) => a - b);
  const counts = classes.map((c) => (byClass.get(c) as number[]).length);
  const smallest = Math.min(...counts);
  if (smallest < 2) {
    throw new ArgumentError('trainTestSplit: the least populated class in stratify has only 1 member, which is too few; every class needs at least 2');
  }
  if (nTrain < classes.length || nTest < classes.length) {
    throw new ArgumentError(
      `trainTestSplit: train size ${nTrain} and test size ${nTest} must each be at least the number of classes (${classes.length}) to stratify`,
    );
  }
  const trainCounts = approximateMode(counts, nTrain, gen);
  const testCounts = approximateMode(counts.map((c, k) => c - trainCounts[k]), nTest, gen);
  const train: number[] = [];
  const test: number[] = [];
  classes.forEach((c, k) => {
    const members = byClass.get(c) as number[];
    const perm = gen.permutation(members.length);
    for (let j = 0; j < trainCounts[k]; j++) train.push(members[perm[j]]);
    for (let j = trainCounts[k]; j < trainCounts[k] + testCounts[k]; j++) test.push(members[perm[j]]);
  });
  const mix = (idx: number[]) => Int32Array.from(gen.permutation(idx.length), (p) => idx[p]);
  return { train: mix(train), test: mix(test) };
}

/**
 * scikit-learn's _approximate_mode: split `draws` over classes in proportion to `counts`, flooring,
 * then hand the leftover draws to the largest remainders (ties broken at random).
 */
export function approximateMode(counts: readonly number[], draws: number, gen: Generator): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  const continuous = counts.map((c) => (c * draws) / total);
  const floored = continuous.map(Math.floor);
  let need = draws - floored.reduce((a, b) => a + b, 0);
  const remainder = continuous.map((c, k) => c - floored[k]);
  const levels = [...new Set(remainder)].sort((a, b) => b - a);
  for (const level of levels) {
    if (need <= 0) break;
    const tied = remainder.flatMap((r, k) => (r === level ? [k] : []));
    const pick = Math.min(tied.length, need);
    const order = gen.permutation(tied.length);
    for (let j = 0; j < pick; j++) floored[tied[order[j]]] += 1;
    need -= pick;
  }
  return floored;
}

function isOptions(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value) && !isTensor(value);
}

function rowCount(a: Splittable): number {
  return isTensor(a) ? a.shape[0] : a.length;
}

function take(a: Splittable, rows: Int32Array): Splittable {
  if (isTensor(a)) return takeRows(a, rows);
  if (ArrayBuffer.isView(a)) {
    const typed = a as NumericArray;
    const out = new (typed.constructor as new (n: number) => NumericArray)(rows.length);
    for (let j = 0; j < rows.length; j++) out[j] = typed[rows[j]];
    return out;
  }
  return Array.from(rows, (r) => (a as readonly unknown[])[r]);
}

function range(start: number, stop: number): Int32Array {
  return Int32Array.from({ length: stop - start }, (_, k) => start + k);
}
