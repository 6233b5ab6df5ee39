/**
 * Loss landscapes (tutorial 004): the hand-computed gradient-descent traces on f(x) = (x − 3)²,
 * and plain gradient descent on the bowl, ravine, Rosenbrock and saddle landscapes showing the
 * three failure modes of chapter 0 (divergence, crawling, stalling at a saddle).
 * The optimizer race (SGD, momentum, Nesterov, RMSProp, Adam via `@gradstack/optim`) is drawn
 * with the same contour helper once that package lands.
 */
import { join } from 'node:path';
import type { Example, ExampleContext, ExampleResult } from '../example.js';
import { contourWithPaths, lineChart, writeSvg } from '../lib/charts.js';
import { gradientDescentPath, landscapes, parabola, type Landscape } from '../lib/landscapes.js';
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

  const metrics: Record<string, number> = {};
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
  return { tables: [traceTable, regimeTable, descentTable], metrics, figures };
}

export const landscapesExample: Example = {
  name: 'landscapes',
  title: 'Loss landscapes: gradient descent traces, failure modes (optimizer race pending @gradstack/optim)',
  tutorial: '004_ddc3277edcc77665.txt (chapters 0–2 traces; the optimizer race)',
  run,
};
