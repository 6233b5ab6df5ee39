import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactDiag, hutchinsonAt, ravineT, rosenbrockT, secondOrder } from '../src/examples/second-order.js';
import { fastContext, fileNames } from './helpers.js';

describe('Hutchinson diagonal estimates by double backward', () => {
  it('is exact with a single probe wherever the Hessian is diagonal (the ravine), for any point and seed', () => {
    fc.assert(
      fc.property(fc.double({ min: -5, max: 5, noNaN: true }), fc.double({ min: -5, max: 5, noNaN: true }), fc.integer({ min: 0, max: 1000 }), (x, y, seed) => {
        const [dx, dy] = hutchinsonAt(ravineT, x, y, 1, seed);
        expect(dx).toBeCloseTo(20, 12);
        expect(dy).toBeCloseTo(0.2, 12);
      }),
      { numRuns: 30 },
    );
  });

  it('on Rosenbrock, converges to the exact diagonal within 3σ = 3|H_xy|/√n', () => {
    for (const [x, y] of [[1, 1], [-1.5, 2], [0.5, 0.5]] as const) {
      const exact = exactDiag.rosenbrock(x, y);
      const hxy = Math.abs(-400 * x); // the off-diagonal term is all that u_i·(Hu)_i adds to H_ii
      for (const n of [100, 1000]) {
        const est = hutchinsonAt(rosenbrockT, x, y, n);
        est.forEach((e, i) => expect(Math.abs(e - exact[i])).toBeLessThanOrEqual((3 * hxy) / Math.sqrt(n)));
      }
    }
  });
});

describe('second-order (fast mode)', () => {
  it('Sophia-H uses the curvature to reach the Rosenbrock minimum sooner than AdamW at the same lr', async () => {
    const { metrics, tables, figures } = await secondOrder.run(fastContext('second-order'));
    expect(metrics['ravine/oneProbeError']).toBeLessThan(1e-12);
    expect(metrics['rosenbrock/sophia/steps']).toBeLessThan(metrics['rosenbrock/adamw/steps']);
    expect(Number.isFinite(metrics['rosenbrock/sophia/steps'])).toBe(true);
    // On the sine-fit MLP both train (start ≈ 0.5); Sophia-H is not behind AdamW after 60 steps.
    expect(metrics['sine/sophia/final']).toBeLessThan(0.3);
    expect(metrics['sine/adamw/final']).toBeLessThan(0.3);
    expect(metrics['sine/sophia/final']).toBeLessThanOrEqual(metrics['sine/adamw/final']);
    expect(tables[1].rows).toHaveLength(2);
    expect(fileNames(figures)).toEqual(['hutchinson-error.svg', 'rosenbrock-sophia-vs-adamw.svg', 'rosenbrock-loss.svg', 'sine-loss.svg']);
  });
});
