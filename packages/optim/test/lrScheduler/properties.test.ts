// fast-check laws of the schedules: bounds, monotonicity, periodicity, composition, resumption.
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import {
  ChainedScheduler,
  CosineAnnealingLR,
  CosineAnnealingWarmRestarts,
  CyclicLR,
  ExponentialLR,
  LinearLR,
  MultiStepLR,
  OneCycleLR,
  ReduceLROnPlateau,
  SequentialLR,
  StepLR,
  WarmupStableDecayLR,
} from '../../src/lrScheduler/index.js';
import { sgd } from './helpers.js';

const lr = fc.double({ min: 1e-4, max: 10, noNaN: true });
const run = (s: { step(): void }, opt: ReturnType<typeof sgd>, n: number) => {
  const out = [opt.paramGroups[0].lr];
  for (let k = 0; k < n; k++) {
    opt.step();
    s.step();
    out.push(opt.paramGroups[0].lr);
  }
  return out;
};
const tol = (x: number) => 1e-12 * Math.max(1, Math.abs(x));

describe('schedule laws', () => {
  it('every lr stays within [min, max] of its schedule', () => {
    fc.assert(
      fc.property(lr, fc.double({ min: 0, max: 0.9, noNaN: true }), fc.integer({ min: 1, max: 30 }), (base, etaFrac, tMax) => {
        const eta = base * etaFrac;
        const checks: [number[], number, number][] = [];
        let opt = sgd([base]);
        checks.push([run(new CosineAnnealingLR(opt, { tMax, etaMin: eta }), opt, 3 * tMax), eta, base]);
        opt = sgd([base]);
        checks.push([run(new CosineAnnealingWarmRestarts(opt, { T0: tMax, tMult: 2, etaMin: eta }), opt, 3 * tMax), eta, base]);
        opt = sgd([base]);
        checks.push([run(new CyclicLR(opt, { baseLr: eta, maxLr: base, stepSizeUp: tMax, mode: 'triangular2' }), opt, 4 * tMax), eta, base]);
        opt = sgd([base]);
        checks.push([run(new OneCycleLR(opt, { maxLr: base, totalSteps: 10 * tMax }), opt, 10 * tMax - 1), base / 25 / 1e4, base]);
        opt = sgd([base]);
        checks.push([run(new WarmupStableDecayLR(opt, { warmupSteps: tMax, stableSteps: tMax, decaySteps: tMax, minLrRatio: etaFrac }), opt, 4 * tMax), base * etaFrac, base]);
        for (const [seq, lo, hi] of checks) {
          for (const v of seq) {
            expect(v).toBeGreaterThanOrEqual(lo - tol(hi));
            expect(v).toBeLessThanOrEqual(hi + tol(hi));
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('cosine schedules are monotone within a period and periodic under warm restarts', () => {
    fc.assert(
      fc.property(lr, fc.integer({ min: 2, max: 25 }), (base, T0) => {
        let opt = sgd([base]);
        const cos = run(new CosineAnnealingLR(opt, { tMax: T0 }), opt, 2 * T0);
        for (let k = 1; k <= T0; k++) expect(cos[k]).toBeLessThanOrEqual(cos[k - 1] + tol(base));
        for (let k = T0 + 1; k <= 2 * T0; k++) expect(cos[k]).toBeGreaterThanOrEqual(cos[k - 1] - tol(base));
        opt = sgd([base]);
        const sgdr = run(new CosineAnnealingWarmRestarts(opt, { T0 }), opt, 3 * T0);
        for (let k = 0; k < 2 * T0; k++) expect(sgdr[k + T0]).toBe(sgdr[k]);
        for (let k = 1; k < T0; k++) expect(sgdr[k]).toBeLessThanOrEqual(sgdr[k - 1]);
      }),
      { numRuns: 60 },
    );
  });

  it('SequentialLR equals the concatenation of its parts', () => {
    fc.assert(
      fc.property(lr, fc.integer({ min: 1, max: 12 }), fc.double({ min: 0.01, max: 1, noNaN: true }), fc.double({ min: 0.5, max: 0.99, noNaN: true }), (base, m, start, gamma) => {
        const opt = sgd([base]);
        const seq = new SequentialLR(opt, {
          schedulers: [new LinearLR(opt, { startFactor: start, totalIters: m }), new ExponentialLR(opt, { gamma })],
          milestones: [m],
        });
        const got = run(seq, opt, 2 * m + 5);
        const o1 = sgd([base]);
        const part1 = run(new LinearLR(o1, { startFactor: start, totalIters: m }), o1, m - 1);
        const o2 = sgd([base]);
        const part2 = run(new ExponentialLR(o2, { gamma }), o2, m + 5);
        expect(got).toEqual([...part1, ...part2]);
      }),
      { numRuns: 60 },
    );
  });

  it('ChainedScheduler of multiplicative schedulers equals the product', () => {
    fc.assert(
      fc.property(lr, fc.integer({ min: 1, max: 8 }), fc.double({ min: 0.5, max: 0.99, noNaN: true }), (base, stepSize, gamma) => {
        const opt = sgd([base]);
        const chained = new ChainedScheduler([new StepLR(opt, { stepSize, gamma: 0.5 }), new ExponentialLR(opt, { gamma }), new MultiStepLR(opt, { milestones: [3, 9], gamma: 0.2 })]);
        const got = run(chained, opt, 30);
        got.forEach((v, e) => {
          const expected = base * 0.5 ** Math.floor(e / stepSize) * gamma ** e * 0.2 ** [3, 9].filter((x) => x <= e).length;
          expect(Math.abs(v - expected)).toBeLessThanOrEqual(1e-12 * expected);
        });
      }),
      { numRuns: 60 },
    );
  });

  it('a stateDict round-trip resumes the exact sequence', () => {
    const builders = [
      (o: ReturnType<typeof sgd>) => new CosineAnnealingLR(o, { tMax: 7, etaMin: 0.001 }),
      (o: ReturnType<typeof sgd>) => new CyclicLR(o, { baseLr: 0.01, maxLr: 0.1, stepSizeUp: 3, mode: 'exp_range', gamma: 0.97 }),
      (o: ReturnType<typeof sgd>) => new OneCycleLR(o, { maxLr: 0.1, totalSteps: 60 }),
      (o: ReturnType<typeof sgd>) => new CosineAnnealingWarmRestarts(o, { T0: 4, tMult: 2 }),
      (o: ReturnType<typeof sgd>) => new SequentialLR(o, { schedulers: [new LinearLR(o, { startFactor: 0.1, totalIters: 5 }), new CosineAnnealingLR(o, { tMax: 20 })], milestones: [5] }),
    ];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: builders.length - 1 }), fc.integer({ min: 0, max: 25 }), fc.integer({ min: 1, max: 25 }), (b, before, after) => {
        const opt = sgd([0.05, 0.5]);
        const s = builders[b](opt);
        run(s, opt, before);
        const saved = { state: s.stateDict(), groups: structuredClone(opt.paramGroups) };
        const expected = run(s, opt, after);
        const opt2 = sgd([0.05, 0.5]);
        const s2 = builders[b](opt2);
        s2.loadStateDict(saved.state);
        opt2.paramGroups = saved.groups;
        expect(run(s2, opt2, after)).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });

  it('ReduceLROnPlateau never reduces during cooldown and never goes below minLr', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 0, max: 4 }),
        fc.double({ min: 0, max: 0.9, noNaN: true }),
        (metrics, patience, cooldown, factor) => {
          const opt = sgd([0.5, 0.05]);
          const s = new ReduceLROnPlateau(opt, { patience, cooldown, factor, minLr: [0.01, 0.001] });
          for (const m of metrics) {
            const inCooldown = s.inCooldown;
            const before = opt.paramGroups.map((g) => g.lr);
            s.step(m);
            if (inCooldown) expect(opt.paramGroups.map((g) => g.lr)).toEqual(before);
            expect(opt.paramGroups[0].lr).toBeGreaterThanOrEqual(0.01);
            expect(opt.paramGroups[1].lr).toBeGreaterThanOrEqual(0.001);
          }
        },
      ),
      { numRuns: 80 },
    );
  });
});

describe('step-order warning', () => {
  it('warns once when the scheduler steps before the optimizer, not otherwise', () => {
    const spy = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    try {
      const opt = sgd();
      const s = new StepLR(opt, { stepSize: 3 });
      expect(spy).not.toHaveBeenCalled();
      s.step();
      s.step();
      expect(spy).toHaveBeenCalledTimes(1);
      expect(String(spy.mock.calls[0][0])).toMatch(/before `optimizer.step\(\)`/);
      spy.mockClear();
      const opt2 = sgd();
      const s2 = new StepLR(opt2, { stepSize: 3 });
      for (let k = 0; k < 5; k++) {
        opt2.step();
        s2.step();
      }
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });
});
