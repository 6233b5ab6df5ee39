/**
 * Figures as SVG, rendered headless by Vega (no browser, no native canvas: text is measured with
 * Vega's built-in estimate). Line and bar charts are Vega-Lite specs compiled to Vega; the contour
 * plot is written in Vega directly because Vega-Lite has no isocontour transform.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

const WIDTH = 560;
const HEIGHT = 320;
/** Vega cuts legend labels at 160 px by default; run names such as "η = 0.005, from (-1.5, 8)" need more. */
const LEGEND_LABEL_LIMIT = 320;

export interface Series {
  readonly name: string;
  readonly x: readonly number[];
  readonly y: readonly number[];
}

export interface LineChartOptions {
  readonly title: string;
  readonly series: readonly Series[];
  readonly xLabel: string;
  readonly yLabel: string;
  readonly logY?: boolean;
  readonly logX?: boolean;
  /** One colour per series, in order (e.g. the tutorial's palette); Vega's category10 otherwise. */
  readonly colors?: readonly string[];
  /** Whole-number x ticks only (epochs, steps). */
  readonly integerX?: boolean;
  readonly width?: number;
  readonly height?: number;
}

export interface Bar {
  readonly category: string;
  readonly value: number;
  /** Bars sharing a category are drawn side by side, one colour per group, with a legend. */
  readonly group?: string;
}

export interface BarChartOptions {
  readonly title: string;
  readonly bars: readonly Bar[];
  readonly xLabel: string;
  readonly yLabel: string;
  readonly logY?: boolean;
  readonly width?: number;
  readonly height?: number;
}

export interface ContourOptions {
  readonly title: string;
  readonly f: (x: number, y: number) => number;
  readonly xRange: readonly [number, number];
  readonly yRange: readonly [number, number];
  /** Optimizer trajectories drawn over the contours, one colour each, named in the legend. */
  readonly paths: readonly Series[];
  /** Points marked with a cross, e.g. the known minimum. */
  readonly marks?: readonly { readonly x: number; readonly y: number }[];
  /** Contour levels spaced geometrically: needed when f spans decades (Rosenbrock). */
  readonly logLevels?: boolean;
  readonly levels?: number;
  readonly resolution?: number;
  readonly xLabel?: string;
  readonly yLabel?: string;
  readonly width?: number;
  readonly height?: number;
}

/** Renders a Vega spec to an SVG string. */
export async function renderVega(spec: vega.Spec): Promise<string> {
  const view = new vega.View(vega.parse(spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export async function renderVegaLite(spec: TopLevelSpec): Promise<string> {
  return renderVega(compile(spec).spec);
}

/** Log axes cannot show zero, negative or non-finite values (a diverged run): those points are dropped. */
function plottable(x: number, y: number, logX: boolean, logY: boolean): boolean {
  return Number.isFinite(x) && Number.isFinite(y) && (!logX || x > 0) && (!logY || y > 0);
}

export function lineChartSpec(o: LineChartOptions): TopLevelSpec {
  const logX = o.logX ?? false;
  const logY = o.logY ?? false;
  const values: { x: number; y: number; series: string }[] = [];
  for (const s of o.series) {
    if (s.x.length !== s.y.length) {
      throw new RangeError(`lineChart "${o.title}": series "${s.name}" has ${s.x.length} x values and ${s.y.length} y values`);
    }
    s.x.forEach((x, i) => {
      const y = s.y[i];
      if (plottable(x, y, logX, logY)) values.push({ x, y, series: s.name });
    });
  }
  const names = o.series.map((s) => s.name);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: o.title,
    width: o.width ?? WIDTH,
    height: o.height ?? HEIGHT,
    background: 'white',
    data: { values },
    mark: { type: 'line', strokeWidth: 2, clip: true },
    encoding: {
      x: {
        field: 'x', type: 'quantitative', title: o.xLabel,
        scale: logX ? { type: 'log' } : { zero: false },
        axis: logX ? { format: '~g' } : o.integerX ? { tickMinStep: 1, format: 'd' } : {},
      },
      y: {
        field: 'y', type: 'quantitative', title: o.yLabel,
        // Log axes span many decades; exponent labels stay short where "10,000,000,000" would not.
        scale: logY ? { type: 'log' } : { zero: false }, axis: logY ? { format: '.0e' } : {},
      },
      color: {
        field: 'series', type: 'nominal', title: null, sort: names,
        ...(o.colors ? { scale: { domain: names, range: [...o.colors] } } : {}),
        legend: { orient: 'right', labelLimit: LEGEND_LABEL_LIMIT },
      },
    },
  };
}

export function barChartSpec(o: BarChartOptions): TopLevelSpec {
  const grouped = o.bars.some((b) => b.group !== undefined);
  const categories = [...new Set(o.bars.map((b) => b.category))];
  const groups = [...new Set(o.bars.map((b) => b.group ?? ''))];
  const values = o.bars.map((b) => ({ category: b.category, value: b.value, group: b.group ?? '' }));
  // A bar grows from 0, which a log axis cannot show (Vega then draws nothing): on a log axis bars
  // grow from the power of ten below the smallest value instead.
  const positive = o.bars.map((b) => b.value).filter((v) => v > 0);
  const logBase = o.logY && positive.length > 0 ? 10 ** Math.floor(Math.log10(Math.min(...positive))) : undefined;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: o.title,
    width: o.width ?? WIDTH,
    height: o.height ?? HEIGHT,
    background: 'white',
    data: { values },
    mark: { type: 'bar', tooltip: false },
    encoding: {
      // Many categories do not fit side by side horizontally: their labels are slanted.
      x: { field: 'category', type: 'nominal', title: o.xLabel, sort: categories, axis: { labelAngle: categories.length > 8 ? -35 : 0 } },
      y: { field: 'value', type: 'quantitative', title: o.yLabel, scale: o.logY ? { type: 'log', domainMin: logBase } : {} },
      ...(logBase !== undefined ? { y2: { datum: logBase } } : {}),
      ...(grouped
        ? {
            xOffset: { field: 'group', type: 'nominal', sort: groups },
            color: { field: 'group', type: 'nominal', title: null, sort: groups, legend: { labelLimit: LEGEND_LABEL_LIMIT } },
          }
        : {}),
    },
  };
}

/** Contour thresholds over the sampled range of f, linear or geometric. */
export function contourLevels(min: number, max: number, count: number, log: boolean): number[] {
  if (!(max > min)) return [min];
  if (!log) return Array.from({ length: count }, (_, i) => min + ((i + 0.5) * (max - min)) / count);
  // Geometric in (f - min): dense near the minimum, where trajectories end up.
  const span = max - min;
  const lo = span * 1e-4;
  return Array.from({ length: count }, (_, i) => min + lo * Math.pow(span / lo, i / (count - 1)));
}

export function contourWithPathsSpec(o: ContourOptions): vega.Spec {
  const n = o.resolution ?? 120;
  const width = o.width ?? 480;
  const height = o.height ?? 400;
  const [x0, x1] = o.xRange;
  const [y0, y1] = o.yRange;
  // Grid values at cell centres, row 0 at the top (largest y), as isocontour lays out pixels.
  const values: number[] = new Array(n * n);
  let min = Infinity;
  let max = -Infinity;
  for (let r = 0; r < n; r++) {
    const y = y1 - ((r + 0.5) * (y1 - y0)) / n;
    for (let c = 0; c < n; c++) {
      const x = x0 + ((c + 0.5) * (x1 - x0)) / n;
      const v = o.f(x, y);
      values[r * n + c] = v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  const thresholds = contourLevels(min, max, o.levels ?? 18, o.logLevels ?? false);
  const points = o.paths.flatMap((p) =>
    p.x.map((x, i) => ({ path: p.name, i, x, y: p.y[i] })).filter((d) => Number.isFinite(d.x) && Number.isFinite(d.y)),
  );
  const starts = o.paths.filter((p) => p.x.length > 0).map((p) => ({ path: p.name, x: p.x[0], y: p.y[0] }));
  const names = o.paths.map((p) => p.name);
  return {
    $schema: 'https://vega.github.io/schema/vega/v6.json',
    title: { text: o.title },
    width,
    height,
    padding: 5,
    background: 'white',
    autosize: 'pad',
    data: [
      // `scale` on the grid datum maps grid cells to pixels per axis (the transform option takes one number only).
      { name: 'grid', values: [{ width: n, height: n, values, scale: [width / n, height / n] }] },
      {
        name: 'contours',
        source: 'grid',
        transform: [{ type: 'isocontour', thresholds, smooth: true }],
      },
      { name: 'points', values: points },
      { name: 'starts', values: starts },
      { name: 'marks', values: (o.marks ?? []).map((m) => ({ ...m })) },
    ],
    scales: [
      { name: 'x', type: 'linear', domain: [x0, x1], range: 'width', zero: false, nice: false },
      { name: 'y', type: 'linear', domain: [y0, y1], range: 'height', zero: false, nice: false },
      {
        name: 'level',
        type: 'linear',
        domain: [0, thresholds.length - 1],
        range: { scheme: 'greys' },
      },
      { name: 'levelValue', type: 'ordinal', domain: thresholds, range: thresholds.map((_, i) => i) },
      { name: 'path', type: 'ordinal', domain: names, range: { scheme: 'category10' } },
    ],
    axes: [
      { orient: 'bottom', scale: 'x', title: o.xLabel ?? 'x' },
      { orient: 'left', scale: 'y', title: o.yLabel ?? 'y' },
    ],
    legends: names.length > 0
      ? [{ stroke: 'path', type: 'symbol', symbolType: 'stroke', orient: 'right', labelLimit: LEGEND_LABEL_LIMIT }]
      : [],
    marks: [
      {
        type: 'shape',
        from: { data: 'contours' },
        clip: true,
        encode: {
          enter: {
            // Filled bands lighten toward the minimum so trajectories stay visible; thin strokes mark the levels.
            fill: { scale: 'level', signal: "scale('levelValue', datum.contour.value)" },
            fillOpacity: { value: 0.45 },
            stroke: { value: '#8a8a8a' },
            strokeWidth: { value: 0.4 },
          },
        },
        transform: [{ type: 'geoshape', field: 'datum.contour' }],
      },
      {
        type: 'group',
        from: { facet: { name: 'byPath', data: 'points', groupby: 'path' } },
        // A facet group has no size unless given one, and its clipped line would vanish.
        encode: { enter: { width: { signal: 'width' }, height: { signal: 'height' } } },
        marks: [
          {
            type: 'line',
            from: { data: 'byPath' },
            sort: { field: 'datum.i' },
            clip: true,
            encode: {
              enter: {
                x: { scale: 'x', field: 'x' },
                y: { scale: 'y', field: 'y' },
                stroke: { scale: 'path', field: 'path' },
                strokeWidth: { value: 2 },
              },
            },
          },
        ],
      },
      {
        type: 'symbol',
        from: { data: 'starts' },
        clip: true,
        encode: {
          enter: {
            x: { scale: 'x', field: 'x' },
            y: { scale: 'y', field: 'y' },
            fill: { scale: 'path', field: 'path' },
            size: { value: 40 },
          },
        },
      },
      {
        type: 'symbol',
        from: { data: 'marks' },
        encode: {
          enter: {
            x: { scale: 'x', field: 'x' },
            y: { scale: 'y', field: 'y' },
            shape: { value: 'cross' },
            fill: { value: '#111' },
            size: { value: 90 },
          },
        },
      },
    ],
  };
}

export const lineChart = (o: LineChartOptions): Promise<string> => renderVegaLite(lineChartSpec(o));
export const barChart = (o: BarChartOptions): Promise<string> => renderVegaLite(barChartSpec(o));
export const contourWithPaths = (o: ContourOptions): Promise<string> => renderVega(contourWithPathsSpec(o));

export async function writeSvg(file: string, svg: string): Promise<string> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, svg, 'utf8');
  return file;
}
