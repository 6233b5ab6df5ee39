/**
 * Gradient clipping by global norm (tutorial 001: "If ‖∇L‖ > clip_value, rescale gradients …
 * Keeps direction, reduces magnitude"; "Log gradient norms during training"). The experiment is
 * ours, as neither tutorial gives one: the delivery-time model of tutorial 003 trained with
 * SGD + momentum on data where one target in 200 is corrupted (a unit error: the delivery time
 * logged in seconds instead of minutes), so every batch holding one produces a gradient spike. We train with
 * `clipGradNorm_` off, at 10, 1.0 and 0.1, logging the global norm before and after clipping.
 */
import { join } from 'node:path';
import { noGrad, tensor, type Tensor } from '@gradstack/core';
import { clipGradNorm_, type Module } from '@gradstack/nn';
import { SGD } from '@gradstack/optim';
import type { Example, ExampleContext, ExampleResult } from '../example.js';
import { lineChart, writeSvg } from '../lib/charts.js';
import { batchesPerEpoch, loadDelivery, makeDeliveryModel, mse, testMae, trainDelivery, type DeliveryData } from '../lib/delivery.js';
import type { Table } from '../lib/table.js';

/** Every 200th training target logged in seconds (×60 in minutes, ≈ 200 σ off): 8 of 1 600 rows. */
export function withCorruptedTargets(data: DeliveryData, every = 200): { data: DeliveryData; corrupted: number } {
  const y = Float32Array.from(data.yTrain.data() as Float32Array);
  let corrupted = 0;
  for (let i = every - 1; i < y.length; i += every) {
    // Standardised units: minutes m = z·std + mean, logged as 60 m.
    y[i] = (60 * (y[i] * data.yStd + data.yMean) - data.yMean) / data.yStd;
    corrupted++;
  }
  return { data: { ...data, yTrain: tensor(y, { shape: data.yTrain.shape }) }, corrupted };
}

/** Global L2 norm of all gradients, read after clipping. */
function globalGradNorm(model: Module): number {
  return noGrad(() => Math.sqrt(model.parameters().reduce((s, p) => s + (p.grad ? p.grad.square().sum().item() : 0), 0)));
}

export interface ClipRun {
  readonly maxNorm: number;
  readonly preNorms: number[];
  readonly postNorms: number[];
  readonly losses: number[];
  readonly cleanTrainMse: number;
  readonly mae: number;
}

export function trainClipped(data: DeliveryData, clean: DeliveryData, maxNorm: number, epochs: number, onBatch?: (loss: number) => void): ClipRun {
  const model = makeDeliveryModel();
  const opt = new SGD(model.parameters(), { lr: 0.05, momentum: 0.9 });
  const preNorms: number[] = [];
  const postNorms: number[] = [];
  const losses: number[] = [];
  trainDelivery({
    data, model, opt, epochs,
    afterBackward: (loss) => {
      // clipGradNorm_ returns the norm before clipping; with maxNorm = ∞ it only measures.
      preNorms.push(clipGradNorm_(model.parameters(), maxNorm).item());
      postNorms.push(globalGradNorm(model));
      losses.push(loss);
      onBatch?.(loss);
    },
  });
  return { maxNorm, preNorms, postNorms, losses, cleanTrainMse: mse(model, clean.xTrain, clean.yTrain), mae: testMae(model, clean) };
}

/** Cosine similarity of the flattened gradients before and after one clip (direction must be kept). */
export function clipDirectionCheck(maxNorm: number): { cosine: number; pre: number; post: number } {
  const data = loadDelivery(300);
  const model = makeDeliveryModel();
  const out = model.call(data.xTrain) as Tensor;
  out.sub(data.yTrain).square().mean().mul(1000).backward();
  const flat = () => model.parameters().flatMap((p) => [...(p.grad!.data() as Float32Array)]);
  const before = flat();
  const pre = clipGradNorm_(model.parameters(), maxNorm).item();
  const after = flat();
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < before.length; i++) {
    dot += before[i] * after[i];
    na += before[i] ** 2;
    nb += after[i] ** 2;
  }
  return { cosine: dot / Math.sqrt(na * nb), pre, post: Math.sqrt(nb) };
}

async function run(ctx: ExampleContext): Promise<ExampleResult> {
  const epochs = ctx.fast ? 8 : 30;
  const clean = loadDelivery(ctx.fast ? 800 : 2000);
  const { data, corrupted } = withCorruptedTargets(clean);
  ctx.log(`${corrupted} of ${clean.xTrain.shape[0]} training targets corrupted (logged in seconds); test set clean; SGD lr 0.05, momentum 0.9, ${epochs} epochs`);
  const thresholds = [Infinity, 10, 1, 0.1];
  const steps = batchesPerEpoch(data) * epochs;
  const progress = ctx.progress(thresholds.length * steps, 'clipping (batch loss)');
  const runs = thresholds.map((c) => trainClipped(data, clean, c, epochs, (l) => progress.tick(1, l)));
  progress.stop();

  const label = (c: number) => (Number.isFinite(c) ? `clip at ${c}` : 'no clipping');
  const table: Table = {
    title: `Clipping by global norm (${steps} steps; loss on the clean training rows, MAE on the clean test set)`,
    columns: [
      { header: 'max norm' }, { header: 'clean train MSE', digits: 4 }, { header: 'test MAE (min)', digits: 4 },
      { header: '% steps clipped', digits: 1 }, { header: 'largest pre-clip norm', digits: 2 }, { header: 'median pre-clip norm', digits: 3 },
      { header: 'largest post-clip norm', digits: 4 },
    ],
    rows: runs.map((r) => {
      const sorted = [...r.preNorms].sort((a, b) => a - b);
      return [
        Number.isFinite(r.maxNorm) ? String(r.maxNorm) : '∞ (off)', r.cleanTrainMse, r.mae,
        (100 * r.preNorms.filter((n) => n > r.maxNorm).length) / r.preNorms.length,
        sorted[sorted.length - 1], sorted[Math.floor(sorted.length / 2)], Math.max(...r.postNorms),
      ];
    }),
  };

  // The same thresholds on the clean data: there clipping has no spikes to tame, only a cost —
  // tutorial 001's "too aggressive (0.1) slows training".
  const cleanThresholds = [Infinity, 1, 0.1];
  const cleanRuns = cleanThresholds.map((c) => trainClipped(clean, clean, c, epochs));
  const epochLoss = (r: ClipRun, e: number) => {
    const per = batchesPerEpoch(clean);
    const slice = r.losses.slice(e * per, (e + 1) * per);
    return slice.reduce((a, b) => a + b, 0) / slice.length;
  };
  const cleanTable: Table = {
    title: 'Same thresholds without the corrupted rows: mean batch loss in the first, middle and last epoch',
    columns: [
      { header: 'max norm' }, { header: 'epoch 1 loss', digits: 4 }, { header: `epoch ${Math.ceil(epochs / 2)} loss`, digits: 4 },
      { header: `epoch ${epochs} loss`, digits: 4 }, { header: 'test MAE (min)', digits: 4 }, { header: '% steps clipped', digits: 1 },
    ],
    rows: cleanRuns.map((r) => [
      Number.isFinite(r.maxNorm) ? String(r.maxNorm) : '∞ (off)', epochLoss(r, 0), epochLoss(r, Math.ceil(epochs / 2) - 1), epochLoss(r, epochs - 1), r.mae,
      (100 * r.preNorms.filter((n) => n > r.maxNorm).length) / r.preNorms.length,
    ]),
  };

  const x = runs[0].preNorms.map((_, i) => i + 1);
  const figures = [
    await writeSvg(
      join(ctx.outDir, 'grad-norms.svg'),
      // The unclipped run only: its spikes are what the thresholds (flat lines) would cut.
      await lineChart({
        title: 'Global gradient norm per step without clipping, and the three thresholds', xLabel: 'Step', yLabel: '‖∇L‖ (log scale)', logY: true,
        series: [
          { name: 'no clipping: ‖∇L‖', x, y: runs[0].preNorms },
          ...thresholds.filter(Number.isFinite).map((c) => ({ name: `threshold ${c}`, x: [1, x.length], y: [c, c] })),
        ],
        colors: ['#4c78a8', '#e45756', '#f58518', '#54a24b'],
      }),
    ),
    await writeSvg(
      join(ctx.outDir, 'grad-norms-after.svg'),
      await lineChart({
        title: 'Global gradient norm after clipGradNorm_, per step', xLabel: 'Step', yLabel: '‖∇L‖ after clipping (log scale)', logY: true,
        series: runs.map((r) => ({ name: label(r.maxNorm), x, y: r.postNorms })),
      }),
    ),
    await writeSvg(
      join(ctx.outDir, 'loss.svg'),
      await lineChart({
        title: 'Batch loss per step (corrupted rows included)', xLabel: 'Step', yLabel: 'Batch MSE (log scale)', logY: true,
        series: runs.map((r) => ({ name: label(r.maxNorm), x, y: r.losses })),
      }),
    ),
  ];

  const metrics: Record<string, number> = { steps, corrupted };
  for (const r of runs) {
    const key = Number.isFinite(r.maxNorm) ? String(r.maxNorm) : 'off';
    metrics[`${key}/mae`] = r.mae;
    metrics[`${key}/cleanTrainMse`] = r.cleanTrainMse;
    metrics[`${key}/fractionClipped`] = r.preNorms.filter((n) => n > r.maxNorm).length / r.preNorms.length;
    metrics[`${key}/maxPre`] = Math.max(...r.preNorms);
    metrics[`${key}/maxPost`] = Math.max(...r.postNorms);
    metrics[`${key}/maxPostOverThreshold`] = Math.max(...r.postNorms.map((p) => p / r.maxNorm));
  }
  for (const r of cleanRuns) {
    const key = `clean/${Number.isFinite(r.maxNorm) ? String(r.maxNorm) : 'off'}`;
    metrics[`${key}/epoch1`] = epochLoss(r, 0);
    metrics[`${key}/final`] = epochLoss(r, epochs - 1);
    metrics[`${key}/mae`] = r.mae;
  }
  return { tables: [table, cleanTable], metrics, figures };
}

export const clipping: Example = {
  name: 'clipping',
  title: 'Gradient clipping by global norm: spiky batches, norms before/after, fraction clipped',
  tutorial: '001_7549479997da42e7.txt (gradient clipping); 002_f9a05159de769dec.txt ("clipping at norm 1.0")',
  run,
};
