/**
 * Tutorial 003's delivery-time regression, shared by `delivery-times`, `schedules` and `clipping`:
 * the data (2 000 rows, 80/20 split, standardised with the train mean and population std + 1e-8),
 * the 4-64-32-1 MLP built after `manual_seed(42)`, and its mini-batch training loop.
 */
import { Generator, manualSeed, noGrad, tensor, type Tensor } from '@gradstack/core';
import { DataLoader, TensorDataset, deliveryTimes, trainTestSplit } from '@gradstack/data';
import { Linear, MSELoss, ReLU, Sequential, type Module } from '@gradstack/nn';
import type { Optimizer } from '@gradstack/optim';

export interface DeliveryData {
  /** Standardised features and targets, float32. */
  readonly xTrain: Tensor;
  readonly yTrain: Tensor;
  readonly xTest: Tensor;
  readonly yTest: Tensor;
  /** Test targets in minutes, for the MAE. */
  readonly yTestMinutes: Float64Array;
  readonly yMean: number;
  readonly yStd: number;
}

function columnStats(rows: Float64Array, n: number, d: number): { mean: number[]; std: number[] } {
  const mean = new Array<number>(d).fill(0);
  const std = new Array<number>(d).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += rows[i * d + j] / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) std[j] += (rows[i * d + j] - mean[j]) ** 2 / n;
  // numpy's X.std(0) is the population std; the tutorial adds 1e-8 against a zero column.
  return { mean, std: std.map((v) => Math.sqrt(v) + 1e-8) };
}

function standardise(rows: Float64Array, n: number, d: number, s: { mean: number[]; std: number[] }): Float32Array {
  const out = new Float32Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) out[i * d + j] = (rows[i * d + j] - s.mean[j]) / s.std[j];
  return out;
}

/** `np.random.seed(42)`, n rows, `train_test_split(test_size=0.2, random_state=42)`, standardised on train. */
export function loadDelivery(n = 2000): DeliveryData {
  const { x, y } = deliveryTimes({ n, seed: 42, dtype: 'float64' });
  const [xTrT, xTeT, yTrT, yTeT] = trainTestSplit(x, y, { testSize: 0.2, randomState: 42 }) as Tensor[];
  const [xTr, xTe, yTr, yTe] = [xTrT, xTeT, yTrT, yTeT].map((t) => t.contiguous().data() as Float64Array);
  const nTr = yTr.length;
  const nTe = yTe.length;
  const xs = columnStats(xTr, nTr, 4);
  const ys = columnStats(yTr, nTr, 1);
  return {
    xTrain: tensor(standardise(xTr, nTr, 4, xs), { shape: [nTr, 4] }),
    yTrain: tensor(standardise(yTr, nTr, 1, ys), { shape: [nTr, 1] }),
    xTest: tensor(standardise(xTe, nTe, 4, xs), { shape: [nTe, 4] }),
    yTest: tensor(standardise(yTe, nTe, 1, ys), { shape: [nTe, 1] }),
    yTestMinutes: Float64Array.from(yTe),
    yMean: ys.mean[0],
    yStd: ys.std[0],
  };
}

/** The tutorial's `make_model()`: `torch.manual_seed(42)` first, so every optimizer starts from the same weights. */
export function makeDeliveryModel(): Sequential {
  manualSeed(42);
  return new Sequential(new Linear(4, 64), new ReLU(), new Linear(64, 32), new ReLU(), new Linear(32, 1));
}

export interface DeliveryTrainOptions {
  readonly data: DeliveryData;
  readonly model: Sequential;
  readonly opt: Optimizer;
  readonly epochs: number;
  readonly batchSize?: number;
  /** After `loss.backward()`, before `opt.step()` (gradient clipping goes here); gets the batch loss. */
  readonly afterBackward?: (loss: number) => void;
  /** After every `opt.step()` (per-batch schedulers). */
  readonly afterStep?: () => void;
  /** After every epoch (per-epoch schedulers); gets the epoch index. */
  readonly afterEpoch?: (epoch: number) => void;
  /** Record the full-train-set MSE after each epoch, as the SGD-variants table needs. */
  readonly recordTrainLoss?: boolean;
}

/**
 * The tutorial's loop: shuffled batches of 64, MSE, `zero_grad → backward → step`. The shuffle
 * stream is seeded identically for every run, so runs differ only in their optimizer/schedule.
 */
export function trainDelivery(o: DeliveryTrainOptions): { trainLoss: number[] } {
  const lossFn = new MSELoss();
  const loader = new DataLoader(new TensorDataset(o.data.xTrain, o.data.yTrain), {
    batchSize: o.batchSize ?? 64,
    shuffle: true,
    generator: new Generator().manualSeed(42),
  });
  const trainLoss: number[] = [];
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    o.model.train();
    for (const [xb, yb] of loader) {
      o.opt.zeroGrad();
      const loss = lossFn.call(o.model.call(xb as Tensor), yb as Tensor);
      loss.backward();
      o.afterBackward?.(loss.item());
      o.opt.step();
      o.afterStep?.();
    }
    if (o.recordTrainLoss) trainLoss.push(mse(o.model, o.data.xTrain, o.data.yTrain));
    o.afterEpoch?.(epoch);
  }
  return { trainLoss };
}

export function batchesPerEpoch(data: DeliveryData, batchSize = 64): number {
  return Math.ceil(data.xTrain.shape[0] / batchSize);
}

/** MSE in standardised units (what ReduceLROnPlateau watches in the tutorial). */
export function mse(model: Module, x: Tensor, y: Tensor): number {
  model.eval();
  const v = noGrad(() => (model.call(x) as Tensor).sub(y).square().mean().item());
  model.train();
  return v;
}

/** Test MAE in minutes: predictions un-standardised, as `mean_absolute_error(y_te, y_pred)`. */
export function testMae(model: Module, data: DeliveryData): number {
  model.eval();
  const pred = noGrad(() => (model.call(data.xTest) as Tensor).data());
  model.train();
  let sum = 0;
  for (let i = 0; i < data.yTestMinutes.length; i++) sum += Math.abs(pred[i] * data.yStd + data.yMean - data.yTestMinutes[i]);
  return sum / data.yTestMinutes.length;
}

/** The tutorial's `sum(p.norm().item() for p in model.parameters())`: Frobenius norms, biases included. */
export function weightNorm(model: Module): number {
  return noGrad(() => model.parameters().reduce((s, p) => s + p.norm().item(), 0));
}
