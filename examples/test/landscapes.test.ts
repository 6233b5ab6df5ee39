import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gradientDescentPath, landscapes, parabola, bowl, ravine, rosenbrock, saddle } from '../src/lib/landscapes.js';
import { descentRuns, landscapesExample, parabolaTrace } from '../src/examples/landscapes.js';

describe('landscape gradients', () => {
  it('match central finite differences', () => {
    const h = 1e-6;
    for (const l of landscapes) {
      for (const [x, y] of [[0.3, -0.7], [-1.2, 1.9], [1.5, 0.25], [l.start[0], l.start[1]]]) {
        const [gx, gy] = l.grad(x, y);
        const fx = (l.f(x + h, y) - l.f(x - h, y)) / (2 * h);
        const fy = (l.f(x, y + h) - l.f(x, y - h)) / (2 * h);
        expect(gx).toBeCloseTo(fx, 4);
        expect(gy).toBeCloseTo(fy, 4);
      }
    }
    expect(parabola.grad(0)).toBe(-6);
  });

  it('vanish at the stated minimum, which lies inside the plot window', () => {
    for (const l of landscapes) {
      expect(Math.hypot(...l.grad(l.minimum[0], l.minimum[1]))).toBe(0);
      expect(l.minimum[0]).toBeGreaterThan(l.xRange[0]);
      expect(l.minimum[0]).toBeLessThan(l.xRange[1]);
      expect(l.minimum[1]).toBeGreaterThan(l.yRange[0]);
      expect(l.minimum[1]).toBeLessThan(l.yRange[1]);
    }
    expect(rosenbrock.minimum).toEqual([1, 1]);
    expect(rosenbrock.f(1, 1)).toBe(0);
  });
});

describe('the tutorial-stated properties of each landscape', () => {
  it('bowl: gradient descent converges below η = 1 and diverges above it', () => {
    const final = (lr: number) => {
      const p = gradientDescentPath(bowl, bowl.start, lr, 200);
      return bowl.f(p.x[p.x.length - 1], p.y[p.y.length - 1]);
    };
    expect(final(0.9)).toBeLessThan(1e-6);
    expect(final(1.05)).toBeGreaterThan(bowl.f(...bowl.start));
  });

  it('ravine: steep across (x), shallow along (y); at η = 0.005 the floor takes thousands of steps', () => {
    const curvX = (ravine.grad(1, 0)[0] - ravine.grad(-1, 0)[0]) / 2;
    const curvY = (ravine.grad(0, 1)[1] - ravine.grad(0, -1)[1]) / 2;
    expect(curvX / curvY).toBe(100);
    const p = gradientDescentPath(ravine, ravine.start, 0.005, 1000);
    expect(Math.abs(p.x[1000])).toBeLessThan(1e-6); // across: done
    expect(Math.abs(p.y[1000])).toBeGreaterThan(2); // along: still far
  });

  it('saddle: zero gradient at the centre, up in x and down in y; GD from the ridge stalls there', () => {
    expect(Math.hypot(...saddle.grad(0, 0))).toBe(0);
    expect(saddle.f(0.5, 0)).toBeGreaterThan(0);
    expect(saddle.f(0, 0.5)).toBeLessThan(0);
    const stuck = gradientDescentPath(saddle, saddle.start, 0.1, 500);
    expect(Math.hypot(stuck.x[500], stuck.y[500])).toBeLessThan(1e-12);
    const escapes = gradientDescentPath(saddle, [saddle.start[0], 0.01], 0.1, 500);
    expect(Math.abs(escapes.y[escapes.y.length - 1])).toBeGreaterThan(1e3);
  });

  it('stops a diverging path instead of filling it with Infinity', () => {
    const p = gradientDescentPath(bowl, [1, 1], 5, 10_000);
    expect(p.x.length).toBeLessThan(20);
    expect(p.x.every(Number.isFinite)).toBe(true);
  });
});

describe('hand-computed traces of tutorial 004 on f(x) = (x − 3)²', () => {
  it('η = 0.1: x goes 0 → 0.6 → 1.08 → 1.464 → 1.771 → 2.017', () => {
    const xs = parabolaTrace(0.1, 5);
    [0, 0.6, 1.08, 1.464, 1.771, 2.017].forEach((x, i) => expect(xs[i]).toBeCloseTo(x, 3));
    expect(parabola.f(xs[0])).toBe(9);
    // The tutorial rounds the final loss to 0.967; (3 − 2.01696)² is 0.9664.
    expect(parabola.f(xs[5])).toBeCloseTo(0.9664, 4);
  });

  it('η = 0.5 lands on the minimum in one step; η = 1.1 oscillates and diverges (9 → 12.96 → 18.66)', () => {
    expect(parabolaTrace(0.5, 1)[1]).toBe(3);
    const xs = parabolaTrace(1.1, 2);
    expect(parabola.f(xs[1])).toBeCloseTo(12.96, 10);
    expect(parabola.f(xs[2])).toBeCloseTo(18.6624, 10);
  });

  it('η = 0.001 is at x ≈ 0.55 after 100 steps (and 2.595 after 1000, not the 2.97 the text says)', () => {
    const xs = parabolaTrace(0.001, 1000);
    expect(xs[100]).toBeCloseTo(3 - 3 * 0.998 ** 100, 12);
    expect(xs[100]).toBeCloseTo(0.544, 3);
    expect(xs[1000]).toBeCloseTo(2.595, 3);
  });
});

describe('landscapes example (fast mode)', () => {
  it('returns the trace tables, the descent runs and one figure per landscape', async () => {
    const logs: string[] = [];
    const result = await landscapesExample.run({
      fast: true,
      outDir: join(tmpdir(), 'gradstack-landscapes-test'),
      log: (m) => logs.push(m),
      progress: () => ({ tick() {}, stop() {} }),
    });
    expect(result.metrics['parabola/lr=0.1/x@5']).toBeCloseTo(2.017, 3);
    expect(result.metrics['parabola/lr=0.5/x@1']).toBe(3);
    expect(result.metrics['parabola/lr=1.1/x@1']).toBeCloseTo(6.6, 12);
    expect(result.metrics['gd/bowl/lr=0.1/start=-2.5,2/f']).toBeLessThan(1e-20);
    expect(result.metrics['gd/bowl/lr=1.02/start=-2.5,2/f']).toBeGreaterThan(1e3);
    expect(result.metrics['gd/ravine/lr=0.005/start=-1.5,8/f']).toBeGreaterThan(0.1);
    expect(result.metrics['gd/saddle/lr=0.1/start=-1.5,0/f']).toBeCloseTo(0, 12);
    expect(result.metrics['gd/saddle/lr=0.1/start=-1.5,0.01/f']).toBeLessThan(-1e3);
    expect(result.tables).toHaveLength(3);
    expect(result.tables[2].rows).toHaveLength(descentRuns().length);
    expect(result.figures.map((f) => f.split('/').pop())).toEqual([
      'parabola-learning-rates.svg',
      'gd-bowl.svg',
      'gd-ravine.svg',
      'gd-rosenbrock.svg',
      'gd-saddle.svg',
    ]);
  });

  it('prints the same numbers on every run', async () => {
    const ctx = {
      fast: true,
      outDir: join(tmpdir(), 'gradstack-landscapes-test'),
      log: () => {},
      progress: () => ({ tick() {}, stop() {} }),
    };
    const a = await landscapesExample.run(ctx);
    const b = await landscapesExample.run(ctx);
    expect(b.metrics).toEqual(a.metrics);
  });
});
