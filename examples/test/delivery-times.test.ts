import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tensor } from '@gradstack/core';
import { SGD } from '@gradstack/optim';
import { DECAY_VARIANTS, SCHEDULES, SGD_VARIANTS, deliveryTimesExample, momentumFromScratch } from '../src/examples/delivery-times.js';
import { loadDelivery } from '../src/lib/delivery.js';
import { fastContext, fileNames } from './helpers.js';

describe('delivery data', () => {
  it('splits 2 000 rows 1 600 / 400 and standardises with the train statistics', () => {
    const d = loadDelivery();
    expect(d.xTrain.shape).toEqual([1600, 4]);
    expect(d.xTest.shape).toEqual([400, 4]);
    const x = d.xTrain.data() as Float32Array;
    for (let j = 0; j < 4; j++) {
      let m = 0;
      let v = 0;
      for (let i = 0; i < 1600; i++) m += x[i * 4 + j] / 1600;
      for (let i = 0; i < 1600; i++) v += (x[i * 4 + j] - m) ** 2 / 1600;
      expect(Math.abs(m)).toBeLessThan(1e-5);
      expect(v).toBeCloseTo(1, 4);
    }
    // Mean delivery ≈ 8.6 + 7.3·E|distance| + 0.8·E[prep] + 1.5·5.5 ≈ 58 minutes.
    expect(d.yMean).toBeGreaterThan(50);
    expect(d.yMean).toBeLessThan(66);
  });
});

describe('SGD + momentum from scratch vs the library', () => {
  it("gives the tutorial's trace and the library's exact W", () => {
    const rows = momentumFromScratch();
    const expected = [
      [0.95, 2.03, -1.08],
      [0.865, 2.077, -1.222],
      [0.7285, 2.1593, -1.4398],
    ];
    rows.forEach((r, i) => {
      r.w.forEach((w, j) => expect(w).toBeCloseTo(expected[i][j], 12));
      expect(r.diff).toBe(0);
    });
    expect(rows[2].v.map((v) => +v.toFixed(6))).toEqual([1.365, -0.823, 2.178]);
  });

  it('matches v = βv + g; W -= lr·v for any gradient sequence (float64)', () => {
    const vec = fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 3, maxLength: 3 });
    fc.assert(
      fc.property(vec, fc.array(vec, { minLength: 1, maxLength: 8 }), fc.double({ min: 1e-4, max: 1, noNaN: true }), fc.double({ min: 0, max: 0.99, noNaN: true }), (w0, grads, lr, beta) => {
        const p = tensor(w0, { dtype: 'float64' }).requiresGrad_();
        const opt = new SGD([p], { lr, momentum: beta });
        let w = [...w0];
        let v = [0, 0, 0];
        for (const g of grads) {
          v = v.map((vi, j) => beta * vi + g[j]);
          w = w.map((wi, j) => wi - lr * v[j]);
          p.grad = tensor(g, { dtype: 'float64' });
          opt.step();
        }
        const lib = p.data() as Float64Array;
        w.forEach((wi, j) => expect(Math.abs(lib[j] - wi)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(wi))));
      }),
      { numRuns: 50 },
    );
  });
});

describe('delivery-times (fast mode: 300 rows, 15 epochs)', () => {
  it('trains every SGD variant downhill, shrinks weights with decay, and compares the six schedules', async () => {
    const logs: string[] = [];
    const { metrics, tables, figures } = await deliveryTimesExample.run(fastContext('delivery-times', logs));
    for (const [name] of SGD_VARIANTS) expect(metrics[`${name}/final`]).toBeLessThan(metrics[`${name}/epoch10`]);
    // Momentum runs: the noise floor is MAE ≈ 3.2 min (noise σ 4); a trained model is well under 6.
    expect(metrics['SGD + momentum (β=0.9)/mae']).toBeLessThan(6);
    expect(metrics['SGD + momentum + nesterov/mae']).toBeLessThan(6);
    // Decay pulls weights in: ten times the decoupled decay gives a smaller norm,
    expect(metrics['AdamW (lr=1e-3, wd=0.1)/norm']).toBeLessThan(metrics['AdamW (lr=1e-3, wd=0.01)/norm']);
    // and L2 inside Adam gives a smaller norm than no decay at all.
    expect(metrics['Adam (lr=1e-3, wd=0.01)/norm']).toBeLessThan(metrics['Adam (lr=1e-3)/norm']);
    // Tutorial 003's claim "AdamW weight norm is smaller than Adam with same wd" is checked and reported, not assumed:
    // with lr 1e-3 AdamW removes only lr·λ = 1e-5 of each weight per step, while L2's λw is divided by √v̂ and so
    // amplified for the many weights with small gradients (tutorial 004's own "quiet parameter" caveat).
    expect(logs.some((l) => /AdamW weight norm is smaller than Adam with same wd/.test(l))).toBe(true);
    expect(metrics['Adam (lr=1e-3, wd=0.01)/norm']).toBeLessThan(metrics['AdamW (lr=1e-3, wd=0.01)/norm']);
    for (const [name] of DECAY_VARIANTS) expect(metrics[`${name}/mae`]).toBeLessThan(6);

    // Schedules: the per-step lr each one produced.
    expect(metrics['schedule/none/lrMax']).toBe(1e-3);
    expect(metrics['schedule/warmup_cosine/lrFirst']).toBe(0); // warmup starts at 0
    expect(metrics['schedule/warmup_cosine/lrMax']).toBeCloseTo(1e-3, 12);
    expect(metrics['schedule/onecycle/lrFirst']).toBeCloseTo(1e-2 / 25, 12); // max_lr / div_factor
    expect(metrics['schedule/onecycle/lrMax']).toBeCloseTo(1e-2, 4);
    expect(metrics['schedule/step/lrLast']).toBeCloseTo(1e-5, 12); // two drops by 10×
    expect(metrics['schedule/none/mae']).toBeLessThan(6);
    expect(metrics['schedule/onecycle/mae']).toBeLessThan(6);
    expect(logs.filter((l) => /MAE=\d/.test(l))).toHaveLength(SCHEDULES.length);

    expect(tables.map((t) => t.rows.length)).toEqual([4, 3, 5, 6]);
    expect(fileNames(figures)).toEqual(['sgd-variants-loss.svg', 'weight-norms.svg', 'schedules-lr.svg', 'schedules-mae.svg']);
  });
});
