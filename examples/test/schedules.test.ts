import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CosineWithWarmupLR } from '@gradstack/optim';
import {
  SCHEDULE_SPECS, TUTORIAL_004_SCHEDULE, lrCurve, measuredAdamSteps, schedulesExample, tutorialWarmupRow, warmupCosineFormula,
} from '../src/examples/schedules.js';
import { fastContext, fileNames } from './helpers.js';

describe("tutorial 004's worked warmup + cosine schedule", () => {
  it('the formula gives the printed values', () => {
    for (const [t, v] of TUTORIAL_004_SCHEDULE) expect(warmupCosineFormula(t)).toBeCloseTo(v, 6);
  });

  it('CosineWithWarmupLR(f) equals the formula at every step, for any warmup and length', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 240 }), (warmup, rest) => {
        const total = warmup + rest;
        const lrs = lrCurve((o) => new CosineWithWarmupLR(o, { warmupSteps: warmup, totalSteps: total }), total);
        lrs.forEach((lr, t) => expect(lr).toBeCloseTo(warmupCosineFormula(t, total, warmup), 15));
      }),
      { numRuns: 25 },
    );
  });
});

describe("tutorial 003's warmup table", () => {
  it('lr/√(1 − β2ᵗ) with and without min(t/100, 1)', () => {
    const expected: [number, number, number][] = [
      [1, 0.031623, 0.000316], [5, 0.014156, 0.000708], [10, 0.010023, 0.001002],
      [50, 0.004527, 0.002264], [100, 0.003241, 0.003241], [200, 0.002348, 0.002348],
    ];
    for (const [t, a, b] of expected) {
      expect(tutorialWarmupRow(t).noWarmup).toBeCloseTo(a, 6);
      expect(tutorialWarmupRow(t).withWarmup).toBeCloseTo(b, 6);
    }
  });

  it("Adam's measured first step is exactly lr·sign(g) — not the formula's 31.6× lr — and warmup scales it by t/100", () => {
    const plain = measuredAdamSteps(100, false, 256);
    const warm = measuredAdamSteps(100, true, 256);
    // lr·|g|/(|g| + ε): ε = 1e-8 shows only in the 9th digit.
    expect(plain[0]).toBeCloseTo(1e-3, 9);
    expect(warm[0]).toBeCloseTo(1e-5, 11);
    // On pure-noise gradients m̂/√v̂ shrinks as the averages fill: later steps are smaller than the first.
    expect(plain[99]).toBeLessThan(plain[0] / 2);
    // From step 100 on the warmup factor is 1 and both runs see the same gradients, so only the path differs.
    expect(warm[99] / plain[99]).toBeCloseTo(1, 1);
  });
});

describe('schedules (fast mode)', () => {
  it('draws every scheduler on one chart and reproduces the worked schedule with SequentialLR', async () => {
    const { metrics, tables, figures } = await schedulesExample.run(fastContext('schedules'));
    for (const [t, v] of TUTORIAL_004_SCHEDULE) {
      expect(metrics[`worked/cosineWithWarmup/${t}`]).toBeCloseTo(v, 6);
      // SequentialLR's LinearLR starts at 1e-5 of the peak (1e-8) rather than 0: equal up to that.
      expect(Math.abs(metrics[`worked/sequential/${t}`] - warmupCosineFormula(t))).toBeLessThanOrEqual(1e-8 * (1 + 1e-9));
    }
    // Every scheduler was configured to peak at the base lr 1e-3 and to play out within 1 000 steps.
    for (const s of SCHEDULE_SPECS) {
      const at = (t: number) => metrics[`curve/${s.name}/${t}`];
      for (const t of [0, 50, 100, 250, 500, 750, 1000]) {
        expect(at(t)).toBeGreaterThanOrEqual(0);
        expect(at(t)).toBeLessThanOrEqual(1e-3 * (1 + 1e-12));
      }
    }
    expect(metrics['curve/StepLR(250, γ 0.5)/1000']).toBeCloseTo(1e-3 / 16, 15);
    expect(metrics['curve/WarmupStableDecayLR(100 / 700 / 200)/500']).toBe(1e-3);
    expect(tables[2].rows).toHaveLength(SCHEDULE_SPECS.length);
    expect(SCHEDULE_SPECS.length).toBeGreaterThanOrEqual(24);
    expect(fileNames(figures)).toEqual([
      'all-schedulers.svg', 'schedulers-pytorch.svg', 'schedulers-warmup.svg', 'schedule-shapes.svg', 'warmup-adam-step.svg',
    ]);
  });
});
