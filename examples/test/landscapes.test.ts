import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SGD } from '@gradstack/optim';
import { gradientDescentPath, landscapes, parabola, bowl, ravine, rosenbrock, saddle } from '../src/lib/landscapes.js';
import { RACERS, descentRuns, landscapesExample, lrSweep, parabolaTrace, race, stepsToReach } from '../src/examples/landscapes.js';

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

describe('the optimizer race with @gradstack/optim', () => {
  it('SGD through the library is the same iteration as the hand-written gradient descent', () => {
    const lib = race(ravine, ravine.start, (p) => new SGD([p], { lr: 0.05 }), 100);
    const hand = gradientDescentPath(ravine, ravine.start, 0.05, 100);
    lib.x.forEach((x, i) => {
      expect(x).toBeCloseTo(hand.x[i], 12);
      expect(lib.y[i]).toBeCloseTo(hand.y[i], 12);
    });
  });

  it('on the convex bowl, every optimizer at a safe lr ends below its starting loss, from any start', () => {
    fc.assert(
      fc.property(fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true }), (x, y) => {
        fc.pre(Math.hypot(x, y) > 0.1);
        for (const r of RACERS) {
          const path = race(bowl, [x, y], (p) => r.make(p, 0.1), 40);
          expect(path.f[path.f.length - 1]).toBeLessThan(path.f[0]);
        }
      }),
      { numRuns: 15 },
    );
  });

  it('Nesterov at the ravine lr 0.09 (ηλ = 1.8) diverges, but converges below its stability limit ηλ < 1.36', () => {
    const nesterov = RACERS.find((r) => r.name.startsWith('Nesterov'))!;
    const high = race(ravine, ravine.start, (p) => nesterov.make(p, 0.09), 300);
    const low = race(ravine, ravine.start, (p) => nesterov.make(p, 0.06), 300);
    expect(high.f[high.f.length - 1]).toBeGreaterThan(ravine.f(...ravine.start));
    expect(stepsToReach(low)).toBeLessThan(300);
  });

  it('lrSweep marks divergence as Infinity', () => {
    const [r] = lrSweep(ravine, [0.2], 50);
    expect(r.sgd).toBe(Infinity);
    expect(Number.isFinite(r.adam)).toBe(true);
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
    expect(result.tables).toHaveLength(5);
    expect(result.tables[2].rows).toHaveLength(descentRuns().length);
    expect(result.tables[3].rows).toHaveLength(5 * RACERS.length);
    expect(result.figures.map((f) => f.split('/').pop())).toEqual([
      'parabola-learning-rates.svg',
      'gd-bowl.svg',
      'gd-ravine.svg',
      'gd-rosenbrock.svg',
      'gd-saddle.svg',
      ...['bowl', 'ravine', 'rosenbrock', 'saddle', 'saddle-off-ridge'].flatMap((n) => [`race-${n}.svg`, `race-${n}-loss.svg`]),
      'lr-sensitivity.svg',
    ]);
    const m = result.metrics;
    // Ravine: "Momentum cuts through the valley much faster" than SGD's zig-zag, at the same lr.
    expect(m['race/ravine/Momentum (0.9)/steps']).toBeLessThan(m['race/ravine/SGD/steps']);
    // Rosenbrock: momentum is further along the curved valley than plain SGD after the same steps.
    expect(m['race/rosenbrock/Momentum (0.9)/final']).toBeLessThan(m['race/rosenbrock/SGD/final']);
    // Saddle from the ridge y = 0: the y-gradient is exactly 0 for every method, so none escapes (f ≥ 0);
    // slightly off the ridge every one of them does.
    for (const r of RACERS) {
      expect(m[`race/saddle/${r.name}/final`]).toBeGreaterThanOrEqual(0);
      expect(m[`race/saddle (off ridge)/${r.name}/final`]).toBeLessThan(-1);
    }
    // lr sweep: past η = 2/20 plain SGD diverges on the ravine; Adam's step is bounded by ~η, so it never does.
    expect(m['sweep/ravine/SGD/1.00e+0']).toBe(Infinity);
    for (const [k, v] of Object.entries(m)) if (k.startsWith('sweep/') && k.includes('/Adam/')) expect(Number.isFinite(v)).toBe(true);
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
