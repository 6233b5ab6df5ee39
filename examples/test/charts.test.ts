import { describe, expect, it } from 'vitest';
import {
  barChart,
  barChartSpec,
  contourLevels,
  contourWithPaths,
  contourWithPathsSpec,
  lineChart,
  lineChartSpec,
} from '../src/lib/charts.js';

/** The text of every <text> element, which is where Vega puts titles, tick and legend labels. */
function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
}

describe('lineChart', () => {
  const options = {
    title: 'Convergence',
    xLabel: 'Training step',
    yLabel: 'Loss',
    series: [
      { name: 'SGD', x: [1, 2, 3], y: [1, 0.5, 0.25] },
      { name: 'Adam', x: [1, 2, 3], y: [1, 0.01, 0.0001] },
    ],
  };

  it('renders SVG headless with the title, axis titles and a legend entry per series', async () => {
    const svg = await lineChart(options);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    const labels = texts(svg);
    for (const label of ['Convergence', 'Training step', 'Loss', 'SGD', 'Adam']) expect(labels).toContain(label);
    // One line path per series.
    expect(svg.match(/class="mark-line role-mark/g)?.length).toBe(2);
  });

  it('honours logY: log scale in the spec and decade ticks in the SVG', async () => {
    const spec = lineChartSpec({ ...options, logY: true }) as { encoding: { y: { scale: { type?: string } } } };
    expect(spec.encoding.y.scale.type).toBe('log');
    const labels = texts(await lineChart({ ...options, logY: true }));
    expect(labels).toEqual(expect.arrayContaining(['1e-4', '1e-2', '1e+0']));
    const linear = texts(await lineChart(options));
    expect(linear).not.toContain('1e-4');
  });

  it('honours logX', () => {
    const spec = lineChartSpec({ ...options, logX: true }) as { encoding: { x: { scale: { type?: string } } } };
    expect(spec.encoding.x.scale.type).toBe('log');
  });

  it('drops points a log axis cannot draw (zero, negative, diverged) and keeps the rest', () => {
    const spec = lineChartSpec({
      ...options,
      logY: true,
      series: [{ name: 'run', x: [0, 1, 2, 3, 4], y: [1, 0, -1, Number.POSITIVE_INFINITY, 0.5] }],
    }) as { data: { values: { x: number; y: number }[] } };
    expect(spec.data.values).toEqual([
      { x: 0, y: 1, series: 'run' },
      { x: 4, y: 0.5, series: 'run' },
    ]);
  });

  it('rejects a series whose x and y lengths differ', () => {
    expect(() => lineChartSpec({ ...options, series: [{ name: 'bad', x: [1, 2], y: [1] }] })).toThrow(/2 x values and 1 y values/);
  });
});

describe('barChart', () => {
  it('draws one bar per value with a legend for the groups', async () => {
    const svg = await barChart({
      title: 'Test accuracy after 5 epochs',
      xLabel: 'Optimizer',
      yLabel: 'Accuracy (%)',
      bars: [
        { category: 'SGD', value: 93.6, group: 'constant lr' },
        { category: 'Adam', value: 97.4, group: 'constant lr' },
        { category: 'AdamW', value: 97.8, group: 'cosine' },
      ],
    });
    const labels = texts(svg);
    for (const label of ['Test accuracy after 5 epochs', 'Optimizer', 'Accuracy (%)', 'SGD', 'Adam', 'AdamW', 'constant lr', 'cosine']) {
      expect(labels).toContain(label);
    }
    expect(svg.match(/<path[^>]*aria-roledescription="bar"/g)?.length).toBe(3);
  });

  it('on a log axis, grows bars from the decade below the smallest value (from 0 Vega would draw nothing)', async () => {
    const bars = [
      { category: 'Adam', value: 134_250_496 },
      { category: 'Adafactor', value: 49_152 },
    ];
    const spec = barChartSpec({ title: 'State', xLabel: 'optimizer', yLabel: 'bytes', logY: true, bars }) as { encoding: { y2?: { datum: number } } };
    expect(spec.encoding.y2).toEqual({ datum: 10_000 });
    const svg = await barChart({ title: 'State', xLabel: 'optimizer', yLabel: 'bytes', logY: true, bars });
    const heights = [...svg.matchAll(/<path[^>]*aria-roledescription="bar"[^>]*d="M[^h]*h[\d.]+v([\d.]+)/g)].map((m) => Number(m[1]));
    expect(heights).toHaveLength(2);
    for (const h of heights) expect(h).toBeGreaterThan(0);
  });
});

describe('contourWithPaths', () => {
  const bowl = (x: number, y: number) => x * x + y * y;
  const options = {
    title: 'Bowl',
    f: bowl,
    xRange: [-2, 2] as const,
    yRange: [-2, 2] as const,
    resolution: 30,
    levels: 8,
    xLabel: 'w1',
    yLabel: 'w2',
    paths: [
      { name: 'GD', x: [-1.5, -0.75, 0], y: [1.5, 0.75, 0] },
      { name: 'Momentum', x: [1.5, 0.5, 0], y: [1.5, -0.5, 0] },
    ],
    marks: [{ x: 0, y: 0 }],
  };

  it('renders filled contours, one line per trajectory, axis titles and a legend', async () => {
    const svg = await contourWithPaths(options);
    const labels = texts(svg);
    for (const label of ['Bowl', 'w1', 'w2', 'GD', 'Momentum']) expect(labels).toContain(label);
    expect(svg.match(/class="mark-shape role-mark/g)?.length).toBe(1);
    expect(svg.match(/class="mark-line role-mark/g)?.length).toBe(2);
    // Eight thresholds over a bowl give eight nested contour bands.
    const shapeGroup = svg.slice(svg.indexOf('class="mark-shape'), svg.indexOf('</g>', svg.indexOf('class="mark-shape')));
    expect(shapeGroup.match(/<path/g)?.length).toBe(8);
  });

  it('samples the function on the grid, top row first', () => {
    const spec = contourWithPathsSpec({ ...options, resolution: 2 });
    const grid = (spec.data![0] as { values: { values: number[] }[] }).values[0].values;
    // Cell centres at x, y = ±1: the top-left cell is (-1, 1).
    expect(grid).toEqual([2, 2, 2, 2]);
    const tilted = contourWithPathsSpec({ ...options, resolution: 2, f: (x, y) => x + 10 * y });
    expect((tilted.data![0] as { values: { values: number[] }[] }).values[0].values).toEqual([9, 11, -11, -9]);
  });
});

describe('contourLevels', () => {
  it('spaces levels evenly, or geometrically above the minimum', () => {
    expect(contourLevels(0, 10, 5, false)).toEqual([1, 3, 5, 7, 9]);
    const log = contourLevels(0, 1000, 5, true);
    expect(log[0]).toBeCloseTo(0.1, 12);
    expect(log[4]).toBeCloseTo(1000, 9);
    for (let i = 1; i < log.length; i++) expect(log[i] / log[i - 1]).toBeCloseTo(10, 9);
  });

  it('gives a single level for a flat function', () => {
    expect(contourLevels(3, 3, 5, true)).toEqual([3]);
  });
});
