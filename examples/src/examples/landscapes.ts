/**
 * Loss landscapes (tutorial 004): the hand-computed gradient-descent traces on f(x) = (x − 3)²,
 * plain gradient descent on the bowl, ravine, Rosenbrock and saddle landscapes showing the three
 * failure modes of chapter 0 (divergence, crawling, stalling at a saddle), and the optimizer race:
 * `@gradstack/optim`'s SGD, momentum, Nesterov, AdaGrad, RMSProp and Adam stepping a 2-element
 * parameter tensor from the same start, plus an lr-sensitivity sweep of SGD vs Adam.
 */
import { join } from 'node:path';
import { tensor, type Tensor } from '@gradstack/core';
import { Adagrad, Adam, RMSprop, SGD, type Optimizer } from '@gradstack/optim';
import type { Example, ExampleContext, ExampleResult } from '../example.js';
import { contourWithPaths, lineChart, writeSvg } from '../lib/charts.js';
import { gradientDescentPath, landscapes, parabola, ravine, rosenbrock, type Landscape } from '../lib/landscapes.js';
import type { Table } from '../lib/table.js';

const LOG_FLOOR = 1e-12;

/** Iterates of x ← x − η f′(x) on the tutorial's parabola from x = 0, start included. */
export function parabolaTrace(lr: number, steps: number, x0 = 0): number[] {
  const xs = [x0];
  let x = x0;
  for (let t = 0; t < steps; t++) {
    x -= lr * parabola.grad(x);
    xs.push(x);
  }
  return xs;
}

/** One run per landscape and learning rate, chosen to show that landscape's behaviour. */
export interface DescentRun {
  readonly landscape: Landscape;
  readonly lr: number;
  readonly start: readonly [number, number];
  readonly why: string;
}

export function descentRuns(): DescentRun[] {
  const [bowl, ravine, rosenbrock, saddle] = landscapes;
  return [
    { landscape: bowl, lr: 0.1, start: bowl.start, why: 'converges' },
    { landscape: bowl, lr: 1.02, start: bowl.start, why: 'η above 1.0 diverges' },
    { landscape: ravine, lr: 0.09, start: ravine.start, why: 'zig-zags across the valley' },
    { landscape: ravine, lr: 0.005, start: ravine.start, why: 'crawls along the floor' },
    { landscape: rosenbrock, lr: 0.001, start: rosenbrock.start, why: 'slow along the curved valley' },
    { landscape: saddle, lr: 0.1, start: saddle.start, why: 'stalls at the saddle (zero gradient)' },
    { landscape: saddle, lr: 0.1, start: [saddle.start[0], 0.01], why: 'slightly off-centre: escapes' },
  ];
}

/** A racer: how to build its optimizer for one landscape's learning rates. */
export interface Racer {
  readonly name: string;
  /** Which of the landscape's two learning rates it uses: plain-gradient methods or adaptive ones. */
  readonly kind: 'sgd' | 'adaptive';
  make(param: Tensor, lr: number): Optimizer;
}

export const RACERS: readonly Racer[] = [
  { name: 'SGD', kind: 'sgd', make: (p, lr) => new SGD([p], { lr }) },
  { name: 'Momentum (0.9)', kind: 'sgd', make: (p, lr) => new SGD([p], { lr, momentum: 0.9 }) },
  { name: 'Nesterov (0.9)', kind: 'sgd', make: (p, lr) => new SGD([p], { lr, momentum: 0.9, nesterov: true }) },
  { name: 'AdaGrad', kind: 'adaptive', make: (p, lr) => new Adagrad([p], { lr }) },
  // ρ = 0.9 as tutorial 004's RMSProp trace (PyTorch's default α is 0.99).
  { name: 'RMSProp (ρ 0.9)', kind: 'adaptive', make: (p, lr) => new RMSprop([p], { lr, alpha: 0.9 }) },
  { name: 'Adam', kind: 'adaptive', make: (p, lr) => new Adam([p], { lr }) },
];

/**
 * The learning rates of the race (ours: the tutorial's widget has a slider). For the plain-gradient
 * racers, one at which SGD is stable on that landscape (η < 2 / largest curvature); for the
 * adaptive ones, whose step is ~η per coordinate whatever the curvature, one sized to the distance.
 */
export const RACE_LR: Readonly<Record<string, { sgd: number; adaptive: number }>> = {
  bowl: { sgd: 0.1, adaptive: 0.1 },
  ravine: { sgd: 0.09, adaptive: 0.1 }, // curvature 20 across: SGD needs η < 0.1
  rosenbrock: { sgd: 0.001, adaptive: 0.05 }, // curvature ≈ 1000 at (1, 1): SGD needs η < 0.002
  saddle: { sgd: 0.1, adaptive: 0.1 },
};

/** Below this, a racer has "reached the minimum" of a bounded landscape. */
export const REACHED = 1e-3;

export interface RacePath {
  readonly x: number[];
  readonly y: number[];
  readonly f: number[];
}

/**
 * Steps `opt` on a 2-element float64 parameter tensor for `steps` steps, feeding it the
 * landscape's analytic gradient through `.grad`; stops early if the iterate blows up.
 */
export function race(
  l: Pick<Landscape, 'f' | 'grad'>,
  start: readonly [number, number],
  make: (p: Tensor) => Optimizer,
  steps: number,
): RacePath {
  const p = tensor([start[0], start[1]], { dtype: 'float64' }).requiresGrad_();
  const opt = make(p);
  const path: RacePath = { x: [start[0]], y: [start[1]], f: [l.f(start[0], start[1])] };
  for (let t = 0; t < steps; t++) {
    const [x, y] = p.data() as Float64Array;
    p.grad = tensor(l.grad(x, y), { dtype: 'float64' });
    opt.step();
    const [nx, ny] = p.data() as Float64Array;
    path.x.push(nx);
    path.y.push(ny);
    path.f.push(l.f(nx, ny));
    if (!Number.isFinite(nx) || !Number.isFinite(ny) || Math.abs(nx) > 1e6 || Math.abs(ny) > 1e6) break;
  }
  return path;
}

/** First step at which f < threshold (the start is step 0), or undefined if never. */
export function stepsToReach(path: RacePath, threshold = REACHED): number | undefined {
  const i = path.f.findIndex((v) => v < threshold);
  return i < 0 ? undefined : i;
}

/** Final loss of SGD and Adam after `steps` steps at each learning rate (Infinity when diverged). */
export function lrSweep(l: Landscape, lrs: readonly number[], steps: number): { lr: number; sgd: number; adam: number }[] {
  const finalOf = (p: RacePath) => {
    const last = p.f[p.f.length - 1];
    return p.f.length < steps + 1 || !Number.isFinite(last) ? Infinity : last;
  };
  return lrs.map((lr) => ({
    lr,
    sgd: finalOf(race(l, l.start, (p) => new SGD([p], { lr }), steps)),
    adam: finalOf(race(l, l.start, (p) => new Adam([p], { lr }), steps)),
  }));
}

async function run(ctx: ExampleContext): Promise<ExampleResult> {
  const figures: string[] = [];

  // Chapter 0's trace: η = 0.1 from x = 0, five steps.
  const trace = parabolaTrace(0.1, 5);
  const traceTable: Table = {
    title: 'Gradient descent on f(x) = (x − 3)², x0 = 0, η = 0.1',
    columns: [{ header: 'step' }, { header: 'x', digits: 3 }, { header: 'f(x)', digits: 3 }, { header: "f'(x)", digits: 3 }],
    rows: trace.map((x, t) => [t, x, parabola.f(x), parabola.grad(x)]),
  };

  // The learning-rate regimes of chapter 0: slow, good, perfect, divergent.
  const rates = [0.001, 0.1, 0.5, 1.1];
  const horizon = ctx.fast ? 100 : 1000;
  const regimeTraces = rates.map((lr) => parabolaTrace(lr, horizon));
  const at = (xs: number[], t: number) => xs[Math.min(t, xs.length - 1)];
  const regimeTable: Table = {
    title: `Learning-rate regimes on f(x) = (x − 3)² from x0 = 0 (x after t steps)`,
    columns: [
      { header: 'η' }, { header: 'x@1', digits: 3 }, { header: 'x@2', digits: 3 }, { header: 'x@5', digits: 3 },
      { header: 'x@100', digits: 3 }, { header: `x@${horizon}`, digits: 3 }, { header: `f@${horizon}`, exponential: true },
    ],
    rows: regimeTraces.map((xs, i) => [rates[i], at(xs, 1), at(xs, 2), at(xs, 5), at(xs, 100), at(xs, horizon), parabola.f(at(xs, horizon))]),
  };
  const shown = Math.min(horizon, 60);
  figures.push(
    await writeSvg(
      join(ctx.outDir, 'parabola-learning-rates.svg'),
      await lineChart({
        title: 'Gradient descent on (x − 3)²: the learning rate decides everything',
        xLabel: 'step',
        yLabel: 'loss f(x) (log scale)',
        logY: true,
        // η = 0.5 lands exactly on the minimum (loss 0), which a log axis cannot show: drawn at the floor.
        series: regimeTraces.map((xs, i) => ({
          name: rates[i] === 0.5 ? 'η = 0.5 (loss exactly 0 from step 1)' : `η = ${rates[i]}`,
          x: xs.slice(0, shown + 1).map((_, t) => t),
          y: xs.slice(0, shown + 1).map((x) => Math.max(parabola.f(x), LOG_FLOOR)),
        })),
      }),
    ),
  );

  // Chapter 0's widget: plain gradient descent on the four 2-D landscapes.
  const steps = ctx.fast ? 150 : 1500;
  const runs = descentRuns();
  const progress = ctx.progress(runs.length, 'gradient descent');
  const paths = runs.map((r) => {
    const path = gradientDescentPath(r.landscape, r.start, r.lr, steps);
    const last = path.x.length - 1;
    progress.tick(1, r.landscape.f(path.x[last], path.y[last]));
    return { run: r, path };
  });
  progress.stop();

  const descentTable: Table = {
    title: `Plain gradient descent on the 2-D landscapes (${steps} steps)`,
    columns: [
      { header: 'landscape' }, { header: 'η' }, { header: 'start' }, { header: 'steps run' },
      { header: 'final f', exponential: true }, { header: 'distance to (stationary) minimum', exponential: true }, { header: 'behaviour' },
    ],
    rows: paths.map(({ run: r, path }) => {
      const last = path.x.length - 1;
      const [mx, my] = r.landscape.minimum;
      return [
        r.landscape.name, r.lr, `(${r.start[0]}, ${r.start[1]})`, last,
        r.landscape.f(path.x[last], path.y[last]), Math.hypot(path.x[last] - mx, path.y[last] - my), r.why,
      ];
    }),
  };

  const resolution = ctx.fast ? 40 : 120;
  for (const l of landscapes) {
    const mine = paths.filter((p) => p.run.landscape === l);
    figures.push(
      await writeSvg(
        join(ctx.outDir, `gd-${l.name}.svg`),
        await contourWithPaths({
          title: `Gradient descent on the ${l.name}`,
          f: l.f,
          xRange: l.xRange,
          yRange: l.yRange,
          logLevels: l.name === 'rosenbrock',
          resolution,
          paths: mine.map((p) => ({ name: `η = ${p.run.lr}, from (${p.run.start[0]}, ${p.run.start[1]})`, ...p.path })),
          marks: [{ x: l.minimum[0], y: l.minimum[1] }],
        }),
      ),
    );
  }

  // ── The optimizer race ─────────────────────────────────────────────────────────────
  const raceSteps = ctx.fast ? 300 : 2000;
  // The saddle twice: from the ridge (y = 0, no method can leave it) and slightly off it.
  const raceStarts: { l: Landscape; start: readonly [number, number]; label: string }[] = [
    ...landscapes.map((l) => ({ l, start: l.start, label: l.name })),
    { l: landscapes[3], start: [landscapes[3].start[0], 0.01] as const, label: 'saddle (off ridge)' },
  ];
  const raceProgress = ctx.progress(raceStarts.length * RACERS.length, 'optimizer race');
  const races = raceStarts.map(({ l, start, label }) => ({
    l, start, label,
    paths: RACERS.map((r) => {
      const lr = RACE_LR[l.name][r.kind];
      const path = race(l, start, (p) => r.make(p, lr), raceSteps);
      raceProgress.tick(1, path.f[path.f.length - 1]);
      return { racer: r, lr, path };
    }),
  }));
  raceProgress.stop();
  // Not a bug: on a quadratic with curvature λ, heavy-ball momentum is stable for ηλ < 2(1 + β) = 3.8 but
  // PyTorch-style Nesterov only for ηλ < 2(1 + β)/(1 + 2β) ≈ 1.36; across the ravine ηλ = 0.09 · 20 = 1.8.
  const beta = 0.9;
  ctx.log(
    `ravine: η·λ across the valley = ${(RACE_LR.ravine.sgd * 20).toFixed(2)}; stability limits — SGD 2, heavy-ball momentum ${(2 * (1 + beta)).toFixed(2)}, ` +
      `Nesterov ${((2 * (1 + beta)) / (1 + 2 * beta)).toFixed(2)} — so at this lr Nesterov oscillates out while momentum converges`,
  );
  const raceTable: Table = {
    title: `The optimizer race (${raceSteps} steps; "steps to f < ${REACHED}" for the bounded landscapes, "steps to f < −1" (escaped) for the saddle)`,
    columns: [
      { header: 'landscape' }, { header: 'start' }, { header: 'optimizer' }, { header: 'lr' }, { header: 'steps to target' },
      { header: 'final f', exponential: true },
    ],
    rows: races.flatMap((rc) =>
      rc.paths.map(({ racer, lr, path }) => {
        const reached = rc.l.bounded ? stepsToReach(path) : stepsToReach(path, -1);
        const last = path.f[path.f.length - 1];
        const diverged = path.f.length < raceSteps + 1;
        return [rc.label, `(${rc.start[0]}, ${rc.start[1]})`, racer.name, lr, reached === undefined ? (diverged ? 'diverged' : '—') : reached, last];
      }),
    ),
  };
  for (const rc of races) {
    const contourPaths = rc.paths.map(({ racer, lr, path }) => ({ name: `${racer.name}, η = ${lr}`, x: path.x, y: path.y }));
    const file = rc.label.replace(/[^a-z]+/g, '-').replace(/-$/, '');
    figures.push(
      await writeSvg(
        join(ctx.outDir, `race-${file}.svg`),
        await contourWithPaths({
          title: `Optimizer race on the ${rc.label}, from (${rc.start[0]}, ${rc.start[1]})`,
          f: rc.l.f, xRange: rc.l.xRange, yRange: rc.l.yRange, logLevels: rc.l.name === 'rosenbrock', resolution,
          paths: contourPaths, marks: [{ x: rc.l.minimum[0], y: rc.l.minimum[1] }],
        }),
      ),
      await writeSvg(
        join(ctx.outDir, `race-${file}-loss.svg`),
        await lineChart({
          title: `Loss vs step for each optimizer on the ${rc.label}. Lower = better.`,
          xLabel: 'Step', yLabel: rc.l.bounded ? 'f (log scale)' : 'f', logY: rc.l.bounded,
          series: rc.paths.map(({ racer, path }) => ({
            name: racer.name, x: path.f.map((_, i) => i),
            // Exactly 0 (the bowl at the minimum) cannot sit on a log axis: drawn at the floor.
            y: rc.l.bounded ? path.f.map((v) => Math.max(v, LOG_FLOOR)) : path.f.map((v) => Math.max(v, -10)),
          })),
        }),
      ),
    );
  }

  // ── lr sensitivity: SGD vs Adam over 1e-4 … 1 ──────────────────────────────────────
  const sweepLrs = Array.from({ length: 13 }, (_, i) => 10 ** (-4 + i / 3));
  const sweepSteps = ctx.fast ? 100 : 500;
  const sweeps = [ravine, rosenbrock].map((l) => ({ l, rows: lrSweep(l, sweepLrs, sweepSteps) }));
  const sweepTable: Table = {
    title: `Learning-rate sensitivity: final f after ${sweepSteps} steps from the race start (∞ = diverged)`,
    columns: [
      { header: 'lr', exponential: true },
      ...sweeps.flatMap((s) => [{ header: `${s.l.name} SGD`, exponential: true }, { header: `${s.l.name} Adam`, exponential: true }]),
    ],
    rows: sweepLrs.map((lr, i) => [lr, ...sweeps.flatMap((s) => [s.rows[i].sgd, s.rows[i].adam])]),
  };
  figures.push(
    await writeSvg(
      join(ctx.outDir, 'lr-sensitivity.svg'),
      await lineChart({
        title: `lr sensitivity: final loss after ${sweepSteps} steps (diverged runs omitted)`, xLabel: 'Learning rate (log scale)',
        yLabel: 'final f (log scale)', logX: true, logY: true,
        series: sweeps.flatMap((s) => [
          { name: `SGD, ${s.l.name}`, x: [...sweepLrs], y: s.rows.map((r) => Math.max(r.sgd, LOG_FLOOR)) },
          { name: `Adam, ${s.l.name}`, x: [...sweepLrs], y: s.rows.map((r) => Math.max(r.adam, LOG_FLOOR)) },
        ]),
      }),
    ),
  );

  const metrics: Record<string, number> = {};
  for (const rc of races) {
    for (const { racer, path } of rc.paths) {
      const key = `race/${rc.label}/${racer.name}`;
      metrics[`${key}/final`] = path.f[path.f.length - 1];
      metrics[`${key}/steps`] = (rc.l.bounded ? stepsToReach(path) : stepsToReach(path, -1)) ?? Infinity;
    }
  }
  for (const s of sweeps) {
    s.rows.forEach((r) => {
      metrics[`sweep/${s.l.name}/SGD/${r.lr.toExponential(2)}`] = r.sgd;
      metrics[`sweep/${s.l.name}/Adam/${r.lr.toExponential(2)}`] = r.adam;
    });
  }
  trace.forEach((x, t) => (metrics[`parabola/lr=0.1/x@${t}`] = x));
  regimeTraces.forEach((xs, i) => {
    metrics[`parabola/lr=${rates[i]}/x@1`] = at(xs, 1);
    metrics[`parabola/lr=${rates[i]}/x@100`] = at(xs, 100);
    metrics[`parabola/lr=${rates[i]}/x@${horizon}`] = at(xs, horizon);
  });
  for (const { run: r, path } of paths) {
    const last = path.x.length - 1;
    const key = `gd/${r.landscape.name}/lr=${r.lr}/start=${r.start.join(',')}`;
    metrics[`${key}/f`] = r.landscape.f(path.x[last], path.y[last]);
    metrics[`${key}/steps`] = last;
  }
  return { tables: [traceTable, regimeTable, descentTable, raceTable, sweepTable], metrics, figures };
}

export const landscapesExample: Example = {
  name: 'landscapes',
  title: 'Loss landscapes: gradient descent traces, failure modes, the optimizer race and lr sensitivity',
  tutorial: '004_ddc3277edcc77665.txt (chapters 0–2 traces; the optimizer race)',
  run,
};
