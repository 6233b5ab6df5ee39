// Bad options throw RangeError naming the option and the value (PyTorch raises ValueError).
import { describe, expect, it } from 'vitest';
import * as S from '../../src/lrScheduler/index.js';
import { sgd } from './helpers.js';

describe('option validation', () => {
  const cases: [string, () => unknown, RegExp][] = [
    ['StepLR stepSize', () => new S.StepLR(sgd(), { stepSize: -3 }), /stepSize.*-3/],
    ['ConstantLR factor', () => new S.ConstantLR(sgd(), { factor: 1.5 }), /factor.*1\.5/],
    ['LinearLR startFactor', () => new S.LinearLR(sgd(), { startFactor: 0 }), /startFactor.*0/],
    ['LinearLR endFactor', () => new S.LinearLR(sgd(), { endFactor: 1.1 }), /endFactor.*1\.1/],
    ['CosineAnnealingLR tMax', () => new S.CosineAnnealingLR(sgd(), { tMax: 0 }), /tMax.*0/],
    ['ReduceLROnPlateau factor', () => new S.ReduceLROnPlateau(sgd(), { factor: 1.0 }), /factor.*1/],
    ['ReduceLROnPlateau mode', () => new S.ReduceLROnPlateau(sgd(), { mode: 'up' as never }), /mode.*"up"/],
    ['ReduceLROnPlateau thresholdMode', () => new S.ReduceLROnPlateau(sgd(), { thresholdMode: 'x' as never }), /thresholdMode.*"x"/],
    ['ReduceLROnPlateau minLr length', () => new S.ReduceLROnPlateau(sgd(), { minLr: [0.1] }), /minLr/],
    ['CyclicLR scaleMode', () => new S.CyclicLR(sgd(), { baseLr: 0.1, maxLr: 1, scaleMode: 'epoch' as never }), /scaleMode/],
    ['CyclicLR baseLr length', () => new S.CyclicLR(sgd(), { baseLr: [0.1, 0.2, 0.3], maxLr: 1 }), /baseLr/],
    ['OneCycleLR pctStart', () => new S.OneCycleLR(sgd(), { maxLr: 1, totalSteps: 10, pctStart: -0.1 }), /pctStart.*-0\.1/],
    ['OneCycleLR totalSteps', () => new S.OneCycleLR(sgd(), { maxLr: 1, totalSteps: 0 }), /totalSteps.*0/],
    ['OneCycleLR epochs', () => new S.OneCycleLR(sgd(), { maxLr: 1, epochs: 2.5, stepsPerEpoch: 3 }), /epochs.*2\.5/],
    ['OneCycleLR zero-length phase', () => new S.OneCycleLR(sgd(), { maxLr: 1, totalSteps: 10, pctStart: 0.1 }), /zero length/],
    ['CosineAnnealingWarmRestarts T0', () => new S.CosineAnnealingWarmRestarts(sgd(), { T0: 0 }), /T0.*0/],
    ['CosineAnnealingWarmRestarts tMult', () => new S.CosineAnnealingWarmRestarts(sgd(), { T0: 2, tMult: 1.5 }), /tMult.*1\.5/],
    ['SWALR annealEpochs', () => new S.SWALR(sgd(), { swaLr: 0.1, annealEpochs: -1 }), /annealEpochs.*-1/],
    ['SequentialLR milestones', () => { const o = sgd(); return new S.SequentialLR(o, { schedulers: [new S.StepLR(o, { stepSize: 2 })], milestones: [3] }); }, /milestones/],
    ['SequentialLR plateau', () => { const o = sgd(); return new S.SequentialLR(o, { schedulers: [new S.ReduceLROnPlateau(o), new S.StepLR(o, { stepSize: 2 })], milestones: [3] }); }, /ReduceLROnPlateau/],
    ['SequentialLR other optimizer', () => { const o = sgd(); return new S.SequentialLR(o, { schedulers: [new S.StepLR(sgd(), { stepSize: 2 })], milestones: [] }); }, /different optimizer/],
    ['ChainedScheduler empty', () => new S.ChainedScheduler([], sgd()), /at least one/],
    ['CosineWithWarmupLR minLr and minLrRate', () => new S.CosineWithWarmupLR(sgd(), { warmupSteps: 1, totalSteps: 5, minLr: 0.01, minLrRate: 0.1 }), /only one/],
    ['PolynomialDecayWithWarmupLR lrEnd', () => new S.PolynomialDecayWithWarmupLR(sgd(), { warmupSteps: 1, totalSteps: 5, lrEnd: 1 }), /lrEnd.*1/],
    ['WarmupStableDecayLR decayType', () => new S.WarmupStableDecayLR(sgd(), { warmupSteps: 1, stableSteps: 2, decaySteps: 2, decayType: 'exp' as never }), /decayType.*"exp"/],
    ['WarmupStableDecayLR steps', () => new S.WarmupStableDecayLR(sgd(), { warmupSteps: 1, decaySteps: 2 }), /totalSteps or stableSteps/],
  ];
  for (const [name, build, message] of cases) {
    it(name, () => {
      expect(build).toThrow(RangeError);
      expect(build).toThrow(message);
    });
  }

  it('OneCycleLR: exactly totalSteps steps are legal, the next throws', () => {
    const opt = sgd();
    const s = new S.OneCycleLR(opt, { maxLr: 1, totalSteps: 10, annealStrategy: 'linear' });
    for (let k = 0; k < 10; k++) {
      opt.step();
      s.step();
    }
    expect(opt.paramGroups[0].lr).toBeLessThan(opt.paramGroups[0]['minLr'] as number); // extrapolated past the end
    expect(() => s.step()).toThrow(/tried to step 11 times/);
  });

  it('construction changes the lr where PyTorch does', () => {
    let opt = sgd([1]);
    new S.ConstantLR(opt, { factor: 0.5 });
    expect(opt.paramGroups[0].lr).toBe(0.5);
    opt = sgd([1]);
    new S.LambdaLR(opt, { lrLambda: () => 0 });
    expect(opt.paramGroups[0].lr).toBe(0);
    opt = sgd([1]);
    new S.CyclicLR(opt, { baseLr: 0.1, maxLr: 1 });
    expect(opt.paramGroups[0].lr).toBe(0.1);
    expect(opt.paramGroups[0].momentum).toBe(0.9);
    opt = sgd([1]);
    new S.OneCycleLR(opt, { maxLr: 2.5, totalSteps: 10 });
    expect(opt.paramGroups[0].lr).toBeCloseTo(0.1, 15); // the cos anneal at pct 0, as in PyTorch
    expect(opt.paramGroups[0].initialLr).toBe(0.1);
  });

  it('HF schedules read the optimizer default lr for absolute minLr', () => {
    const opt = sgd([0.1, 0.01], 0.1);
    const s = new S.CosineWithWarmupLR(opt, { warmupSteps: 0, totalSteps: 10, minLr: 0.01 });
    for (let k = 0; k < 10; k++) {
      opt.step();
      s.step();
    }
    expect(opt.paramGroups[0].lr).toBeCloseTo(0.01, 15);
    expect(opt.paramGroups[1].lr).toBeCloseTo(0.001, 15);
  });
});
