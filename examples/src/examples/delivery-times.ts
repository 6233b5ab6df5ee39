/**
 * Tutorial 003 on its delivery-time regression: the SGD-variants table (epoch-10 loss, final loss,
 * test MAE), SGD + momentum from scratch checked against `@gradstack/optim`'s SGD, the Adam vs
 * AdamW table (test MAE and weight norm) and the six learning-rate schedules compared by test MAE.
 */
import { join } from 'node:path';
import { noGrad, tensor } from '@gradstack/core';
import type { Parameter } from '@gradstack/nn';
import {
  Adam, AdamW, CosineAnnealingLR, LambdaLR, OneCycleLR, ReduceLROnPlateau, SGD, StepLR, type LRScheduler, type Optimizer,
} from '@gradstack/optim';
import type { Example, ExampleContext, ExampleResult } from '../example.js';
import { barChart, lineChart, writeSvg } from '../lib/charts.js';
import { batchesPerEpoch, loadDelivery, makeDeliveryModel, mse, testMae, trainDelivery, weightNorm, type DeliveryData } from '../lib/delivery.js';
import type { Table } from '../lib/table.js';

type OptFactory = (params: Parameter[]) => Optimizer;

export const SGD_VARIANTS: readonly [string, OptFactory][] = [
  ['SGD (lr=0.01)', (p) => new SGD(p, { lr: 0.01 })],
  ['SGD (lr=0.1)', (p) => new SGD(p, { lr: 0.1 })],
  ['SGD + momentum (β=0.9)', (p) => new SGD(p, { lr: 0.01, momentum: 0.9 })],
  ['SGD + momentum + nesterov', (p) => new SGD(p, { lr: 0.01, momentum: 0.9, nesterov: true })],
];

export const DECAY_VARIANTS: readonly [string, OptFactory][] = [
  ['SGD (lr=0.01, mom=0.9)', (p) => new SGD(p, { lr: 0.01, momentum: 0.9 })],
  ['Adam (lr=1e-3)', (p) => new Adam(p, { lr: 1e-3 })],
  // Adam's weight_decay is L2: λw joins the gradient and is then divided by √v̂ like the rest of it.
  ['Adam (lr=1e-3, wd=0.01)', (p) => new Adam(p, { lr: 1e-3, weightDecay: 0.01 })],
  ['AdamW (lr=1e-3, wd=0.01)', (p) => new AdamW(p, { lr: 1e-3, weightDecay: 0.01 })],
  ['AdamW (lr=1e-3, wd=0.1)', (p) => new AdamW(p, { lr: 1e-3, weightDecay: 0.1 })],
];

const W0 = [1.0, 2.0, -1.0];
const G_HISTORY = [
  [0.5, -0.3, 0.8],
  [0.4, -0.2, 0.7],
  [0.6, -0.4, 0.9],
];

/**
 * The tutorial's SGD + momentum from scratch (v = βv + g; W = W − lr·v, lr 0.1, β 0.9) beside
 * `SGD({ lr: 0.1, momentum: 0.9 })` fed the same gradients through `.grad`, in float64.
 */
export function momentumFromScratch(): { step: number; v: number[]; w: number[]; lib: number[]; diff: number }[] {
  const lr = 0.1;
  const beta = 0.9;
  let w = [...W0];
  let v = [0, 0, 0];
  const param = tensor(W0, { dtype: 'float64' }).requiresGrad_();
  const opt = new SGD([param], { lr, momentum: beta });
  return G_HISTORY.map((g, i) => {
    v = v.map((vi, j) => beta * vi + g[j]);
    w = w.map((wi, j) => wi - lr * v[j]);
    param.grad = tensor(g, { dtype: 'float64' });
    opt.step();
    const lib = [...(param.data() as Float64Array)];
    return { step: i + 1, v, w, lib, diff: Math.max(...lib.map((x, j) => Math.abs(x - w[j]))) };
  });
}

export const SCHEDULES = ['none', 'cosine', 'step', 'plateau', 'onecycle', 'warmup_cosine'] as const;
export type ScheduleName = (typeof SCHEDULES)[number];

/**
 * One run of tutorial 003's schedule comparison: AdamW(1e-3, wd 0.01) on the delivery model, the
 * schedule stepped per epoch (cosine, step, plateau) or per batch (onecycle, warmup_cosine).
 * Returns the test MAE and the lr used at every optimizer step.
 */
export function runSchedule(name: ScheduleName, data: DeliveryData, epochs: number, onBatch?: (loss: number) => void): { mae: number; lrs: number[] } {
  const model = makeDeliveryModel();
  const opt = new AdamW(model.parameters(), { lr: 1e-3, weightDecay: 0.01 });
  const perEpoch = batchesPerEpoch(data);
  const total = epochs * perEpoch;
  let perBatch: LRScheduler | undefined;
  let epochSched: LRScheduler | undefined;
  let plateau: ReduceLROnPlateau | undefined;
  switch (name) {
    case 'none':
      break;
    case 'cosine':
      epochSched = new CosineAnnealingLR(opt, { tMax: epochs, etaMin: 1e-6 });
      break;
    case 'step':
      // step_size 50 of 150 epochs; fast mode keeps the proportion (two drops by 10×).
      epochSched = new StepLR(opt, { stepSize: Math.round(epochs / 3), gamma: 0.1 });
      break;
    case 'plateau':
      plateau = new ReduceLROnPlateau(opt, { patience: 10, factor: 0.5 });
      break;
    case 'onecycle':
      perBatch = new OneCycleLR(opt, { maxLr: 1e-2, stepsPerEpoch: perEpoch, epochs });
      break;
    case 'warmup_cosine': {
      // Linear warmup over the first 10 % of steps, then cosine to zero: the tutorial's lr_lambda.
      const warmup = Math.floor(0.1 * total);
      perBatch = new LambdaLR(opt, {
        lrLambda: (step) => (step < warmup ? step / warmup : 0.5 * (1 + Math.cos((Math.PI * (step - warmup)) / (total - warmup)))),
      });
      break;
    }
  }
  const lrs: number[] = [];
  trainDelivery({
    data, model, opt, epochs,
    afterBackward: (l) => {
      lrs.push(opt.paramGroups[0].lr);
      onBatch?.(l);
    },
    afterStep: () => perBatch?.step(),
    afterEpoch: () => {
      epochSched?.step();
      // The tutorial feeds the plateau scheduler the test-set MSE in standardised units.
      plateau?.step(mse(model, data.xTest, data.yTest));
    },
  });
  return { mae: testMae(model, data), lrs };
}

async function run(ctx: ExampleContext): Promise<ExampleResult> {
  // Fast mode: 300 rows (240 train → 4 batches/epoch), 15 epochs; the same code path.
  const rows = ctx.fast ? 300 : 2000;
  const epochs = ctx.fast ? 15 : 150;
  const data = loadDelivery(rows);
  const steps = batchesPerEpoch(data) * epochs;
  const metrics: Record<string, number> = { epochs, rows };
  const figures: string[] = [];

  // ── Part A: SGD variants ────────────────────────────────────────────────────────────
  const progressA = ctx.progress(SGD_VARIANTS.length * steps, 'SGD variants (batch loss)');
  const partA = SGD_VARIANTS.map(([name, make]) => {
    const model = makeDeliveryModel();
    const { trainLoss } = trainDelivery({
      data, model, opt: make(model.parameters()), epochs, recordTrainLoss: true,
      afterBackward: (l) => progressA.tick(1, l),
    });
    return { name, trainLoss, mae: testMae(model, data) };
  });
  progressA.stop();
  const tableA: Table = {
    title: `SGD variants on the delivery-time regression (${rows} rows, batch 64, ${epochs} epochs; the tutorial prints no results)`,
    columns: [{ header: 'Optimiser' }, { header: 'Epoch 10 loss', digits: 6 }, { header: 'Final loss', digits: 6 }, { header: 'Test MAE (min)', digits: 4 }],
    rows: partA.map((r) => [r.name, r.trainLoss[9], r.trainLoss[epochs - 1], r.mae]),
  };
  for (const r of partA) {
    metrics[`${r.name}/epoch10`] = r.trainLoss[9];
    metrics[`${r.name}/final`] = r.trainLoss[epochs - 1];
    metrics[`${r.name}/mae`] = r.mae;
  }
  const epochAxis = partA[0].trainLoss.map((_, i) => i + 1);
  figures.push(
    await writeSvg(
      join(ctx.outDir, 'sgd-variants-loss.svg'),
      await lineChart({
        title: 'SGD variants: full-train-set loss per epoch', xLabel: 'Epoch', yLabel: 'Train MSE (standardised, log scale)', logY: true,
        series: partA.map((r) => ({ name: r.name, x: epochAxis, y: r.trainLoss })),
      }),
    ),
  );

  // ── Part A′: momentum from scratch vs the library ───────────────────────────────────
  const scratch = momentumFromScratch();
  const tableScratch: Table = {
    title: 'SGD + momentum from scratch (lr 0.1, β 0.9) vs @gradstack/optim SGD on the same gradients (float64)',
    columns: [{ header: 'step' }, { header: 'v (scratch)' }, { header: 'W (scratch)' }, { header: 'W (library)' }, { header: 'max |diff|', exponential: true }],
    rows: scratch.map((r) => {
      const fmt = (xs: number[]) => `[${xs.map((x) => +x.toFixed(4)).join(', ')}]`;
      return [r.step, fmt(r.v), fmt(r.w), fmt(r.lib), r.diff];
    }),
  };
  scratch.forEach((r) => (metrics[`momentum-scratch/diff@${r.step}`] = r.diff));
  scratch[2].w.forEach((x, j) => (metrics[`momentum-scratch/W${j}@3`] = x));

  // ── Part B: Adam vs AdamW ───────────────────────────────────────────────────────────
  const progressB = ctx.progress(DECAY_VARIANTS.length * steps, 'Adam vs AdamW (batch loss)');
  const partB = DECAY_VARIANTS.map(([name, make]) => {
    const model = makeDeliveryModel();
    trainDelivery({ data, model, opt: make(model.parameters()), epochs, afterBackward: (l) => progressB.tick(1, l) });
    return { name, mae: testMae(model, data), norm: weightNorm(model) };
  });
  progressB.stop();
  // The weight norm of the common starting point, so the table says which way each run moved.
  const initialNorm = noGrad(() => weightNorm(makeDeliveryModel()));
  const tableB: Table = {
    title: `Adam (L2) vs AdamW (decoupled decay): test MAE and weight norm (Σ‖p‖ over all tensors; ${initialNorm.toFixed(4)} at init)`,
    columns: [{ header: 'Optimiser' }, { header: 'Test MAE (min)', digits: 4 }, { header: 'Weight norm', digits: 4 }],
    rows: partB.map((r) => [r.name, r.mae, r.norm]),
  };
  for (const r of partB) {
    metrics[`${r.name}/mae`] = r.mae;
    metrics[`${r.name}/norm`] = r.norm;
  }
  metrics['initialNorm'] = initialNorm;
  const byName = Object.fromEntries(partB.map((r) => [r.name, r]));
  const l2 = byName['Adam (lr=1e-3, wd=0.01)'].norm;
  const dec = byName['AdamW (lr=1e-3, wd=0.01)'].norm;
  ctx.log(
    `tutorial 003: "AdamW weight norm is smaller than Adam with same wd" — ours at wd 0.01: AdamW ${dec.toFixed(4)} vs Adam+L2 ${l2.toFixed(4)} ` +
      `(${dec < l2 ? 'holds' : 'does not hold here'}); AdamW wd 0.1: ${byName['AdamW (lr=1e-3, wd=0.1)'].norm.toFixed(4)}`,
  );
  figures.push(
    await writeSvg(
      join(ctx.outDir, 'weight-norms.svg'),
      await barChart({
        title: 'Weight norm after training: L2 in Adam vs decoupled decay in AdamW',
        xLabel: 'Optimiser', yLabel: 'Σ‖p‖ over parameter tensors',
        bars: partB.map((r) => ({ category: r.name.replace('(lr=1e-3, ', '(').replace('(lr=1e-3)', '').replace('(lr=0.01, mom=0.9)', '+mom'), value: r.norm })),
        width: 640,
      }),
    ),
  );

  // ── Part C: six learning-rate schedules ─────────────────────────────────────────────
  const progressC = ctx.progress(SCHEDULES.length * steps, 'schedules (batch loss)');
  const partC = SCHEDULES.map((name) => ({ name, ...runSchedule(name, data, epochs, (l) => progressC.tick(1, l)) }));
  progressC.stop();
  // The tutorial's printout: one bar of '█' per 1/12 minute below 5.5.
  for (const r of partC) ctx.log(`  ${r.name.padEnd(16)}: MAE=${r.mae.toFixed(4)}  ${'█'.repeat(Math.max(0, Math.floor((5.5 - r.mae) * 12)))}`);
  const tableC: Table = {
    title: `Learning-rate schedules with AdamW (lr 1e-3, wd 0.01), ${epochs} epochs: test MAE (the tutorial prints no results)`,
    columns: [{ header: 'schedule' }, { header: 'stepped' }, { header: 'Test MAE (min)', digits: 4 }, { header: 'final lr', exponential: true }],
    rows: partC.map((r) => [
      r.name,
      r.name === 'onecycle' || r.name === 'warmup_cosine' ? 'per batch' : r.name === 'none' ? '—' : r.name === 'plateau' ? 'per epoch on test MSE' : 'per epoch',
      r.mae,
      r.lrs[r.lrs.length - 1],
    ]),
  };
  for (const r of partC) {
    metrics[`schedule/${r.name}/mae`] = r.mae;
    metrics[`schedule/${r.name}/lrFirst`] = r.lrs[0];
    metrics[`schedule/${r.name}/lrMax`] = Math.max(...r.lrs);
    metrics[`schedule/${r.name}/lrLast`] = r.lrs[r.lrs.length - 1];
  }
  const stepAxis = partC[0].lrs.map((_, i) => i + 1);
  figures.push(
    await writeSvg(
      join(ctx.outDir, 'schedules-lr.svg'),
      await lineChart({
        title: 'Learning rate per optimizer step, six schedules (AdamW base lr 1e-3)', xLabel: 'Optimizer step', yLabel: 'Learning rate (log scale)', logY: true,
        series: partC.map((r) => ({ name: r.name, x: stepAxis, y: r.lrs })),
      }),
    ),
    await writeSvg(
      join(ctx.outDir, 'schedules-mae.svg'),
      await barChart({ title: 'Test MAE by learning-rate schedule', xLabel: 'Schedule', yLabel: 'Test MAE (minutes)', bars: partC.map((r) => ({ category: r.name, value: r.mae })) }),
    ),
  );

  return { tables: [tableA, tableScratch, tableB, tableC], metrics, figures };
}

export const deliveryTimesExample: Example = {
  name: 'delivery-times',
  title: 'Delivery times: SGD variants, momentum from scratch, Adam vs AdamW weight norms, six LR schedules',
  tutorial: '003_01e564a901806f31.txt ("SGD and momentum", "Adam vs AdamW", schedules)',
  run,
};
