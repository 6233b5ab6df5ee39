/**
 * Learning-rate schedules: every scheduler in `@gradstack/optim` over 1 000 steps on one chart
 * (issue 6's visual check), tutorial 003's warmup table (with Adam's measured step beside the
 * tutorial's formula), and tutorial 004's worked warmup + cosine schedule and its schedule shapes.
 * The six-schedule training comparison on the delivery data is part of `delivery-times`.
 */
import { join } from 'node:path';
import { manualSeed, randn, zeros } from '@gradstack/core';
import {
  Adam, ChainedScheduler, ConstantLR, ConstantWithWarmupLR, CosineAnnealingLR, CosineAnnealingWarmRestarts,
  CosineWithHardRestartsWithWarmupLR, CosineWithWarmupLR, CyclicLR, ExponentialLR, InverseSqrtLR, LambdaLR, LinearLR,
  LinearWithWarmupLR, MultiStepLR, MultiplicativeLR, NoamLR, OneCycleLR, PolynomialDecayWithWarmupLR, PolynomialLR,
  ReduceLROnPlateau, SequentialLR, SGD, StepLR, SWALR, WarmupStableDecayLR, type LRScheduler, type Optimizer,
} from '@gradstack/optim';
import type { Example, ExampleContext, ExampleResult } from '../example.js';
import { lineChart, writeSvg } from '../lib/charts.js';
import type { Table } from '../lib/table.js';

const STEPS = 1000;
const BASE_LR = 1e-3;

/** Something that advances the lr by one optimizer step (ReduceLROnPlateau needs a metric). */
type Stepper = { step(): void };

interface ScheduleSpec {
  readonly name: string;
  readonly family: 'PyTorch' | 'warmup (HF-style)';
  make(opt: Optimizer): Stepper;
}

/**
 * Every scheduler, each configured so its peak is the base lr 1e-3 (OneCycle and Cyclic peak at
 * their max_lr, set to 1e-3 too) and its shape plays out within 1 000 steps.
 */
export const SCHEDULE_SPECS: readonly ScheduleSpec[] = [
  { name: 'StepLR(250, γ 0.5)', family: 'PyTorch', make: (o) => new StepLR(o, { stepSize: 250, gamma: 0.5 }) },
  { name: 'MultiStepLR([300, 600, 850], γ 0.3)', family: 'PyTorch', make: (o) => new MultiStepLR(o, { milestones: [300, 600, 850], gamma: 0.3 }) },
  { name: 'ExponentialLR(γ 0.997)', family: 'PyTorch', make: (o) => new ExponentialLR(o, { gamma: 0.997 }) },
  { name: 'MultiplicativeLR(×0.998)', family: 'PyTorch', make: (o) => new MultiplicativeLR(o, { lrLambda: () => 0.998 }) },
  { name: 'LambdaLR(1/(1+t/200))', family: 'PyTorch', make: (o) => new LambdaLR(o, { lrLambda: (t) => 1 / (1 + t / 200) }) },
  { name: 'ConstantLR(×0.5 for 200)', family: 'PyTorch', make: (o) => new ConstantLR(o, { factor: 0.5, totalIters: 200 }) },
  { name: 'LinearLR(1 → 0.1 over 1000)', family: 'PyTorch', make: (o) => new LinearLR(o, { startFactor: 1, endFactor: 0.1, totalIters: STEPS }) },
  { name: 'PolynomialLR(power 2)', family: 'PyTorch', make: (o) => new PolynomialLR(o, { totalIters: STEPS, power: 2 }) },
  { name: 'CosineAnnealingLR(T 1000)', family: 'PyTorch', make: (o) => new CosineAnnealingLR(o, { tMax: STEPS }) },
  { name: 'CosineAnnealingWarmRestarts(100, ×2)', family: 'PyTorch', make: (o) => new CosineAnnealingWarmRestarts(o, { T0: 100, tMult: 2 }) },
  {
    name: 'CyclicLR(triangular2, 1e-4..1e-3)', family: 'PyTorch',
    make: (o) => new CyclicLR(o, { baseLr: 1e-4, maxLr: BASE_LR, stepSizeUp: 125, mode: 'triangular2', cycleMomentum: false }),
  },
  { name: 'OneCycleLR(max 1e-3)', family: 'PyTorch', make: (o) => new OneCycleLR(o, { maxLr: BASE_LR, totalSteps: STEPS, cycleMomentum: false }) },
  {
    name: 'SequentialLR(LinearLR → Cosine)', family: 'PyTorch',
    make: (o) => new SequentialLR(o, {
      schedulers: [new LinearLR(o, { startFactor: 1e-5, totalIters: 100 }), new CosineAnnealingLR(o, { tMax: STEPS - 100 })],
      milestones: [100],
    }),
  },
  {
    name: 'Chained(ConstantLR ×0.3 · Exponential 0.999)', family: 'PyTorch',
    make: (o) => new ChainedScheduler([new ConstantLR(o, { factor: 0.3, totalIters: 300 }), new ExponentialLR(o, { gamma: 0.999 })], o),
  },
  {
    name: 'ReduceLROnPlateau(patience 50, ×0.5)', family: 'PyTorch',
    make: (o) => {
      const s = new ReduceLROnPlateau(o, { patience: 50, factor: 0.5 });
      let t = 0;
      // A loss that falls linearly, then stops improving at step 400: the scheduler halves the lr every 51 steps after.
      return { step: () => s.step(Math.max(1 - t++ / 571, 0.3)) };
    },
  },
  { name: 'SWALR(swa 2e-4, anneal 300)', family: 'PyTorch', make: (o) => new SWALR(o, { swaLr: 2e-4, annealEpochs: 300, annealStrategy: 'cos' }) },
  { name: 'ConstantWithWarmupLR(100)', family: 'warmup (HF-style)', make: (o) => new ConstantWithWarmupLR(o, { warmupSteps: 100 }) },
  { name: 'LinearWithWarmupLR(100, 1000)', family: 'warmup (HF-style)', make: (o) => new LinearWithWarmupLR(o, { warmupSteps: 100, totalSteps: STEPS }) },
  { name: 'CosineWithWarmupLR(100, 1000)', family: 'warmup (HF-style)', make: (o) => new CosineWithWarmupLR(o, { warmupSteps: 100, totalSteps: STEPS }) },
  {
    name: 'CosineWithHardRestartsWithWarmupLR(3 cycles)', family: 'warmup (HF-style)',
    make: (o) => new CosineWithHardRestartsWithWarmupLR(o, { warmupSteps: 100, totalSteps: STEPS, numCycles: 3 }),
  },
  {
    name: 'PolynomialDecayWithWarmupLR(power 2)', family: 'warmup (HF-style)',
    make: (o) => new PolynomialDecayWithWarmupLR(o, { warmupSteps: 100, totalSteps: STEPS, lrEnd: 1e-7, power: 2 }),
  },
  { name: 'InverseSqrtLR(warmup 100)', family: 'warmup (HF-style)', make: (o) => new InverseSqrtLR(o, { warmupSteps: 100 }) },
  // Noam's lr is factor·d_model^-0.5·min(t^-0.5, t·w^-1.5); factor chosen so the peak (t = w) is 1e-3 / base lr = 1.
  { name: 'NoamLR(d_model 512, warmup 100)', family: 'warmup (HF-style)', make: (o) => new NoamLR(o, { dModel: 512, warmupSteps: 100, factor: Math.sqrt(512 * 100) }) },
  {
    name: 'WarmupStableDecayLR(100 / 700 / 200)', family: 'warmup (HF-style)',
    make: (o) => new WarmupStableDecayLR(o, { warmupSteps: 100, stableSteps: 700, decaySteps: 200 }),
  },
];

/** A throwaway optimizer over one scalar, for reading a schedule; its grad is zero, so its step changes nothing. */
function dummyOptimizer(lr = BASE_LR): Optimizer {
  const p = zeros([1]).requiresGrad_();
  p.grad = zeros([1]);
  return new SGD([p], { lr });
}

/**
 * The lr in effect at each of `steps` optimizer steps (index t = the lr used by step t + 1), with
 * the scheduler stepped after every optimizer step, PyTorch's order.
 */
export function lrCurve(make: (opt: Optimizer) => Stepper, steps = STEPS, lr = BASE_LR): number[] {
  const opt = dummyOptimizer(lr);
  const sched = make(opt);
  const lrs: number[] = [];
  for (let t = 0; t < steps; t++) {
    lrs.push(opt.paramGroups[0].lr);
    opt.step();
    sched.step();
  }
  // …and the lr after the last step (step index `steps`), so 1 000-step schedules show their end value.
  lrs.push(opt.paramGroups[0].lr);
  return lrs;
}

/** Tutorial 004's worked schedule: T = 1000, η_max = 1e-3, η_min = 0, 100 warmup steps. */
export const TUTORIAL_004_SCHEDULE: readonly (readonly [number, number])[] = [
  [0, 0], [50, 0.0005], [100, 0.001], [325, 0.000854], [550, 0.0005], [775, 0.000146], [1000, 0],
];

/** The formula of tutorial 004: linear warmup to η_max, then η_min + ½(η_max − η_min)(1 + cos(π·progress)). */
export function warmupCosineFormula(t: number, total = 1000, warmup = 100, lrMax = 1e-3, lrMin = 0): number {
  if (t < warmup) return (lrMax * t) / warmup;
  return lrMin + 0.5 * (lrMax - lrMin) * (1 + Math.cos((Math.PI * (t - warmup)) / (total - warmup)));
}

/** Tutorial 003's warmup table: "effective lr" lr/√(1 − β2ᵗ), with and without warmup factor min(t/100, 1). */
export function tutorialWarmupRow(t: number, lr = 1e-3, b2 = 0.999, warmup = 100): { noWarmup: number; withWarmup: number } {
  const bc = Math.sqrt(1 - b2 ** t);
  return { noWarmup: lr / bc, withWarmup: (lr * Math.min(t / warmup, 1)) / bc };
}

/**
 * Adam's actual step, measured: RMS of Δθ at each step t for a 4 096-element parameter fed i.i.d.
 * N(0, 1) gradients (pure noise, as at the start of training), with and without a 100-step
 * linear warmup (LambdaLR with factor min((step + 1)/100, 1), so step t uses t/100).
 */
export function measuredAdamSteps(steps: number, warmup: boolean, size = 4096): number[] {
  manualSeed(0);
  const p = zeros([size], { dtype: 'float64' }).requiresGrad_();
  const opt = new Adam([p], { lr: BASE_LR });
  const sched: LRScheduler | undefined = warmup ? new LambdaLR(opt, { lrLambda: (s) => Math.min((s + 1) / 100, 1) }) : undefined;
  const out: number[] = [];
  let prev = Float64Array.from(p.data() as Float64Array);
  for (let t = 0; t < steps; t++) {
    p.grad = randn([size], { dtype: 'float64' });
    opt.step();
    sched?.step();
    const now = p.data() as Float64Array;
    let sq = 0;
    for (let i = 0; i < size; i++) sq += (now[i] - prev[i]) ** 2;
    out.push(Math.sqrt(sq / size));
    prev = Float64Array.from(now);
  }
  return out;
}

/** 24 distinguishable colours, so one chart can carry every scheduler. */
const PALETTE = [
  '#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf',
  '#aec7e8', '#ffbb78', '#98df8a', '#ff9896', '#c5b0d5', '#c49c94', '#f7b6d2', '#393b79', '#dbdb8d', '#9edae5',
  '#637939', '#8c6d31', '#843c39', '#7b4173',
];

async function run(ctx: ExampleContext): Promise<ExampleResult> {
  const figures: string[] = [];
  const metrics: Record<string, number> = {};
  // Reading a schedule is cheap; fast mode still runs all 1 000 steps (the tests check values at 1 000).
  const progress = ctx.progress(SCHEDULE_SPECS.length, 'scheduler curves');
  const curves = SCHEDULE_SPECS.map((s) => {
    const lrs = lrCurve((o) => s.make(o));
    progress.tick(1, lrs[lrs.length - 1]);
    return { spec: s, lrs };
  });
  progress.stop();
  const x = curves[0].lrs.map((_, t) => t);
  const allSeries = curves.map((c) => ({ name: c.spec.name, x, y: c.lrs }));
  figures.push(
    await writeSvg(
      join(ctx.outDir, 'all-schedulers.svg'),
      await lineChart({
        title: `Every @gradstack/optim scheduler over ${STEPS} steps (base lr 1e-3)`, xLabel: 'Optimizer step', yLabel: 'Learning rate',
        series: allSeries, colors: PALETTE, width: 720, height: 440,
      }),
    ),
  );
  for (const family of ['PyTorch', 'warmup (HF-style)'] as const) {
    const mine = curves.filter((c) => c.spec.family === family);
    figures.push(
      await writeSvg(
        join(ctx.outDir, `schedulers-${family === 'PyTorch' ? 'pytorch' : 'warmup'}.svg`),
        await lineChart({
          title: `${family === 'PyTorch' ? 'torch.optim.lr_scheduler equivalents' : 'Warmup schedules (transformers-style)'}`,
          xLabel: 'Optimizer step', yLabel: 'Learning rate',
          series: mine.map((c) => ({ name: c.spec.name, x, y: c.lrs })),
          colors: PALETTE.filter((_, i) => curves[i].spec.family === family),
        }),
      ),
    );
  }
  const curveTable: Table = {
    title: 'Learning rate at selected steps, every scheduler (base lr 1e-3; lr used by step t + 1; ReduceLROnPlateau is fed a loss that stops improving at step 400)',
    columns: [{ header: 'scheduler' }, ...[0, 50, 100, 250, 500, 750, 1000].map((t) => ({ header: `t=${t}`, exponential: true }))],
    rows: curves.map((c) => [c.spec.name, ...[0, 50, 100, 250, 500, 750, 1000].map((t) => c.lrs[t])]),
  };
  for (const c of curves) for (const t of [0, 50, 100, 250, 500, 750, 1000]) metrics[`curve/${c.spec.name}/${t}`] = c.lrs[t];

  // ── Tutorial 004's worked schedule ─────────────────────────────────────────────────
  const seq = curves.find((c) => c.spec.name.startsWith('SequentialLR'))!.lrs;
  const hf = curves.find((c) => c.spec.name.startsWith('CosineWithWarmupLR'))!.lrs;
  const workedTable: Table = {
    title: 'Tutorial 004 worked schedule: T = 1000, η_max = 0.001, 100 warmup steps, cosine to 0',
    columns: [
      { header: 'step' }, { header: 'tutorial', digits: 6 }, { header: 'formula', digits: 6 },
      { header: 'SequentialLR(LinearLR 1e-5→1, Cosine)', digits: 6 }, { header: 'CosineWithWarmupLR', digits: 6 },
    ],
    rows: TUTORIAL_004_SCHEDULE.map(([t, v]) => [t, v, warmupCosineFormula(t), seq[t], hf[t]]),
  };
  for (const [t] of TUTORIAL_004_SCHEDULE) {
    metrics[`worked/sequential/${t}`] = seq[t];
    metrics[`worked/cosineWithWarmup/${t}`] = hf[t];
    metrics[`worked/formula/${t}`] = warmupCosineFormula(t);
  }

  // Tutorial 004's schedule shapes, normalised to their peak, plus OneCycle and restarts from 001.
  const shapes: [string, string][] = [
    ['step', 'StepLR'], ['cosine', 'CosineAnnealingLR'], ['linear', 'LinearWithWarmupLR'], ['inverse square root', 'InverseSqrtLR'],
    ['WSD (warmup-stable-decay)', 'WarmupStableDecayLR'], ['OneCycle', 'OneCycleLR'], ['cosine with restarts', 'CosineAnnealingWarmRestarts'],
  ];
  figures.push(
    await writeSvg(
      join(ctx.outDir, 'schedule-shapes.svg'),
      await lineChart({
        title: 'Schedule shapes (tutorials 004 and 001), normalised to peak', xLabel: 'Optimizer step', yLabel: 'lr / peak lr',
        series: shapes.map(([label, prefix]) => {
          const lrs = curves.find((c) => c.spec.name.startsWith(prefix))!.lrs;
          const peak = Math.max(...lrs);
          return { name: label, x, y: lrs.map((v) => v / peak) };
        }),
      }),
    ),
  );

  // ── Tutorial 003's warmup table, and Adam's step measured ──────────────────────────
  const ts = [1, 5, 10, 50, 100, 200];
  const measured = measuredAdamSteps(200, false);
  const measuredWarm = measuredAdamSteps(200, true);
  const warmTable: Table = {
    title: 'Warmup: tutorial 003\'s "effective lr" lr/√(1−β2ᵗ) (lr 1e-3, β2 0.999, warmup 100) beside gradstack Adam\'s measured RMS step on pure-noise gradients',
    columns: [
      { header: 'step t' }, { header: 'formula, no warmup', digits: 6 }, { header: 'formula, with warmup', digits: 6 },
      { header: 'Adam RMS step, no warmup', digits: 6 }, { header: 'Adam RMS step, with warmup', digits: 6 },
    ],
    rows: ts.map((t) => {
      const r = tutorialWarmupRow(t);
      return [t, r.noWarmup, r.withWarmup, measured[t - 1], measuredWarm[t - 1]];
    }),
  };
  for (const t of ts) {
    const r = tutorialWarmupRow(t);
    metrics[`warmup/formula/${t}`] = r.noWarmup;
    metrics[`warmup/formulaWarm/${t}`] = r.withWarmup;
    metrics[`warmup/adam/${t}`] = measured[t - 1];
    metrics[`warmup/adamWarm/${t}`] = measuredWarm[t - 1];
  }
  ctx.log(
    `Adam's first step is exactly lr·sign(g) (RMS ${measured[0].toExponential(3)}); by step 100 noise-fed moments shrink it to ${measured[99].toExponential(3)} — ` +
      `so the oversized steps warmup tames are the first ones, though not the ${tutorialWarmupRow(1).noWarmup.toFixed(4)} the formula suggests`,
  );
  const tAxis = measured.map((_, i) => i + 1);
  figures.push(
    await writeSvg(
      join(ctx.outDir, 'warmup-adam-step.svg'),
      await lineChart({
        title: 'Adam step size in the first 200 steps, with and without 100-step warmup', xLabel: 'Step t', yLabel: 'RMS |Δθ| (log scale)', logY: true,
        series: [
          { name: 'Adam, no warmup (measured)', x: tAxis, y: measured },
          { name: 'Adam, linear warmup 100 (measured)', x: tAxis, y: measuredWarm },
          { name: 'tutorial formula lr/√(1−β2ᵗ)', x: tAxis, y: tAxis.map((t) => tutorialWarmupRow(t).noWarmup) },
        ],
      }),
    ),
  );

  return { tables: [workedTable, warmTable, curveTable], metrics, figures };
}

export const schedulesExample: Example = {
  name: 'schedules',
  title: 'Learning-rate schedules: every scheduler over 1 000 steps, warmup, and the worked warmup + cosine',
  tutorial: '004_ddc3277edcc77665.txt (schedules); 003_01e564a901806f31.txt (warmup table); 001_7549479997da42e7.txt (OneCycle, restarts)',
  run,
};
