// Cases ported from PyTorch's test/optim/test_lrscheduler.py, with its explicit target lists and
// its tolerance (atol 1e-5). The fixture optimizer has two groups, lr 0.05 and 0.5.
import { describe, expect, it } from 'vitest';
import {
  ChainedScheduler,
  ConstantLR,
  CosineAnnealingLR,
  CosineAnnealingWarmRestarts,
  CyclicLR,
  ExponentialLR,
  LambdaLR,
  LinearLR,
  MultiplicativeLR,
  MultiStepLR,
  OneCycleLR,
  PolynomialLR,
  ReduceLROnPlateau,
  SequentialLR,
  StepLR,
  SWALR,
} from '../../src/lrScheduler/index.js';
import { adam, checkCycle, checkLastLr, checkPlateau, checkTargets, checkWithEpoch, expectClose, plain, range, repeat, sgd } from './helpers.js';

const times = (xs: number[], k: number) => xs.map((x) => x * k);
const cosTarget = (base: number, etaMin: number, e: number, T: number) => etaMin + ((base - etaMin) * (1 + Math.cos((Math.PI * e) / T))) / 2;

describe('PyTorch targets: epoch schedulers', () => {
  it('StepLR', () => {
    const opt = sgd();
    const single = [...repeat(0.05, 3), ...repeat(0.005, 3), ...repeat(0.0005, 3), ...repeat(0.00005, 3)];
    checkTargets(opt, new StepLR(opt, { gamma: 0.1, stepSize: 3 }), [single, times(single, 10)], 10);
  });

  it('StepLR getLastLr', () => {
    const opt = sgd([0.1]);
    checkLastLr(opt, new StepLR(opt, { stepSize: 3, gamma: 0.1 }), [[...repeat(0.1, 3), ...repeat(0.01, 3), ...repeat(0.001, 3), 0.0001]], 10);
  });

  it('MultiStepLR, getLastLr and step(epoch)', () => {
    const single = [...repeat(0.05, 2), ...repeat(0.005, 3), ...repeat(0.0005, 4), ...repeat(0.00005, 3)];
    let opt = sgd();
    checkTargets(opt, new MultiStepLR(opt, { gamma: 0.1, milestones: [2, 5, 9] }), [single, times(single, 10)], 10);
    opt = sgd();
    checkLastLr(opt, new MultiStepLR(opt, { gamma: 0.1, milestones: [2, 5, 9] }), [single, times(single, 10)], 10);
    opt = sgd();
    checkWithEpoch(opt, new MultiStepLR(opt, { gamma: 0.1, milestones: [2, 5, 9] }), [single, times(single, 10)], 10);
  });

  it('ConstantLR, getLastLr and step(epoch)', () => {
    const single = [...repeat(0.025, 5), ...repeat(0.05, 5)];
    let opt = sgd();
    checkTargets(opt, new ConstantLR(opt, { factor: 1 / 2, totalIters: 5 }), [single, times(single, 10)], 10);
    opt = sgd();
    checkLastLr(opt, new ConstantLR(opt, { factor: 1 / 2, totalIters: 5 }), [single, times(single, 10)], 10);
    opt = sgd();
    checkWithEpoch(opt, new ConstantLR(opt, { factor: 1 / 2, totalIters: 5 }), [single, times(single, 10)], 10);
  });

  it('LinearLR, getLastLr and step(epoch)', () => {
    const interp = (s: number, e: number, iters: number) => range(iters).map((i) => s + (i * (e - s)) / iters);
    let single = [...interp(0.5, 1, 4).map((x) => x * 0.05), ...repeat(0.05, 6)];
    let opt = sgd();
    checkTargets(opt, new LinearLR(opt, { startFactor: 0.5, totalIters: 4 }), [single, times(single, 10)], 10);
    opt = sgd();
    checkWithEpoch(opt, new LinearLR(opt, { startFactor: 0.5, totalIters: 4 }), [single, times(single, 10)], 10);
    single = [...interp(1 / 4, 3 / 5, 4).map((x) => x * 0.05), ...repeat(0.05 * (3 / 5), 6)];
    opt = sgd();
    checkLastLr(opt, new LinearLR(opt, { startFactor: 1 / 4, endFactor: 3 / 5, totalIters: 4 }), [single, times(single, 10)], 10);
  });

  it('ExponentialLR', () => {
    const opt = sgd();
    const single = range(10).map((x) => 0.05 * 0.9 ** x);
    checkTargets(opt, new ExponentialLR(opt, { gamma: 0.9 }), [single, times(single, 10)], 10);
  });

  it('PolynomialLR', () => {
    const opt = sgd();
    const single = [...range(5).map((x) => (1.0 - x / 5) ** 0.9 * 0.05), ...repeat(0, 5)];
    checkTargets(opt, new PolynomialLR(opt, { power: 0.9, totalIters: 5 }), [single, times(single, 10)], 10);
  });

  it('CosineAnnealingLR', () => {
    const opt = sgd();
    const single = range(10).map((x) => cosTarget(0.05, 1e-10, x, 10));
    checkTargets(opt, new CosineAnnealingLR(opt, { tMax: 10, etaMin: 1e-10 }), [single, times(single, 10)], 10);
  });

  it('CosineAnnealingLR continues from a checkpoint (lastEpoch: 0)', () => {
    const opt = sgd();
    const scheduler = new CosineAnnealingLR(opt, { tMax: 5, etaMin: 0.1 });
    opt.step();
    scheduler.step();
    const resumed = new CosineAnnealingLR(opt, { tMax: 5, etaMin: 0.1, lastEpoch: 0 });
    resumed.getLastLr().forEach((lr, i) => expectClose(lr, scheduler.getLastLr()[i], 1e-5));
  });

  it('LambdaLR and MultiplicativeLR', () => {
    const targets = [range(10).map((x) => 0.05 * 0.9 ** x), range(10).map((x) => 0.4 * 0.8 ** x)];
    let opt = sgd([0.05, 0.4]);
    checkTargets(opt, new LambdaLR(opt, { lrLambda: [(x) => 0.9 ** x, (x) => 0.8 ** x] }), targets, 10);
    opt = sgd([0.05, 0.4]);
    checkTargets(opt, new MultiplicativeLR(opt, { lrLambda: [() => 0.9, () => 0.8] }), targets, 10);
  });

  it('MultiplicativeLR rejects a non-function lrLambda with TypeError', () => {
    const opt = sgd();
    expect(() => new MultiplicativeLR(opt, { lrLambda: 0.95 as never })).toThrow(/lrLambda should be a function/);
    expect(() => new MultiplicativeLR(opt, { lrLambda: [0.95, 0.95] as never })).toThrow(TypeError);
  });
});

describe('PyTorch targets: recursive form equals the closed form', () => {
  // PyTorch's _test_against_closed_form compares two fresh optimizers the schedulers never touch;
  // here the recursive lr after k steps is compared with the closed form at step(k).
  const builders: Record<string, (o: ReturnType<typeof sgd>) => StepLR | LinearLR | ConstantLR | MultiStepLR | ExponentialLR | PolynomialLR | CosineAnnealingLR> = {
    StepLR: (o) => new StepLR(o, { gamma: 0.1, stepSize: 3 }),
    LinearLR: (o) => new LinearLR(o, { startFactor: 1 / 3, endFactor: 0.7, totalIters: 4 }),
    ConstantLR: (o) => new ConstantLR(o, { factor: 1 / 3, totalIters: 4 }),
    MultiStepLR: (o) => new MultiStepLR(o, { gamma: 0.1, milestones: [2, 5, 9] }),
    ExponentialLR: (o) => new ExponentialLR(o, { gamma: 0.9 }),
    PolynomialLR: (o) => new PolynomialLR(o, { power: 0.9 }),
    CosineAnnealingLR: (o) => new CosineAnnealingLR(o, { tMax: 5, etaMin: 1e-10 }),
  };
  for (const [name, build] of Object.entries(builders)) {
    it(name, () => {
      const closedOpt = sgd();
      const closed = build(closedOpt);
      const opt = sgd();
      const scheduler = build(opt);
      for (let epoch = 0; epoch < 20; epoch++) {
        closedOpt.step();
        closed.step(epoch);
        opt.paramGroups.forEach((g, i) => expectClose(g.lr, closedOpt.paramGroups[i].lr, 1e-12 * closedOpt.paramGroups[i].lr + 1e-18, `${name} epoch ${epoch}:`));
        opt.step();
        scheduler.step();
      }
    });
  }

  it('the lr is constant for a constant epoch', () => {
    for (const build of [
      (o: ReturnType<typeof sgd>) => new StepLR(o, { stepSize: 2 }),
      (o: ReturnType<typeof sgd>) => new ExponentialLR(o, { gamma: 0.9 }),
      (o: ReturnType<typeof sgd>) => new ConstantLR(o),
      (o: ReturnType<typeof sgd>) => new LinearLR(o),
      (o: ReturnType<typeof sgd>) => new PolynomialLR(o, { power: 0.9 }),
    ]) {
      const opt = sgd();
      const s = build(opt);
      const seen = range(10).map(() => {
        opt.step();
        s.step(2);
        return opt.paramGroups[0].lr;
      });
      expect(Math.min(...seen)).toBe(Math.max(...seen));
    }
  });
});

describe('PyTorch targets: ReduceLROnPlateau', () => {
  function run(opts: ConstructorParameters<typeof ReduceLROnPlateau>[1], targets: number[][], metrics: number[], epochs: number, lrs = [0.5, 0.5]) {
    const opt = sgd(lrs);
    const s = new ReduceLROnPlateau(opt, opts);
    checkPlateau(opt, [s], s, targets, metrics, epochs);
  }
  it('1: abs threshold, cooldown', () =>
    run({ thresholdMode: 'abs', mode: 'min', threshold: 0.01, patience: 5, cooldown: 5 }, [repeat(0.5, 20)], range(20).map((i) => 10 - i * 0.0167), 10));
  it('2: abs threshold, no cooldown', () =>
    run(
      { patience: 5, cooldown: 0, thresholdMode: 'abs', mode: 'min', threshold: 0.1 },
      [[...repeat(0.5, 6), ...repeat(0.05, 7), ...repeat(0.005, 7), ...repeat(0.0005, 2)]],
      range(22).map((i) => 10 - i * 0.0165),
      22,
    ));
  it('3: max mode', () =>
    run(
      { mode: 'max', patience: 5, cooldown: 5, thresholdMode: 'abs' },
      [[...repeat(0.5, 8), ...repeat(0.05, 11), ...repeat(0.005, 4)]],
      [...repeat(-0.8, 2), ...repeat(-0.234, 20)],
      22,
    ));
  it('4: max/rel improving', () =>
    run({ mode: 'max', patience: 3, thresholdMode: 'rel', threshold: 0.1 }, [repeat(0.5, 20)], range(20).map((i) => 1.5 * 1.025 ** i), 20));
  it('5: max/rel stalling', () =>
    run(
      { mode: 'max', thresholdMode: 'rel', threshold: 0.1, patience: 5, cooldown: 5 },
      [[...repeat(0.5, 6), ...repeat(0.05, 11), ...repeat(0.005, 4)]],
      range(20).map((i) => 1.5 * 1.005 ** i),
      20,
    ));
  it('6: min/rel improving', () =>
    run({ mode: 'min', thresholdMode: 'rel', threshold: 0.1 }, [repeat(0.5, 20)], range(20).map((i) => 1.5 * 0.85 ** i), 20));
  it('7: min/rel with a late improvement', () =>
    run(
      { mode: 'min', thresholdMode: 'rel', threshold: 0.1, patience: 5, cooldown: 5 },
      [[...repeat(0.5, 6), ...repeat(0.05, 11), ...repeat(0.005, 4)]],
      [...repeat(1, 7), 0.6, ...repeat(0.5, 12)],
      20,
    ));
  it('8: per-group minLr', () =>
    run(
      { mode: 'max', thresholdMode: 'rel', minLr: [0.4, 0.3], threshold: 0.1, patience: 5, cooldown: 5 },
      [
        [...repeat(0.5, 6), ...repeat(0.4, 14)],
        [...repeat(0.5, 6), ...repeat(0.3, 14)],
      ],
      range(20).map((i) => 1.5 * 1.005 ** i),
      20,
    ));

  it('getLastLr before any step is the current lr', () => {
    const opt = sgd([0.5, 0.5]);
    expect(new ReduceLROnPlateau(opt).getLastLr()).toEqual([0.5, 0.5]);
  });

  for (const minLr of ['scalar', 'list'] as const) {
    it(`adding a param group does not break it (minLr ${minLr})`, () => {
      const opt = sgd([0.5, 0.5]);
      const targets = [...repeat(0.5, 6), ...repeat(0.05, 11), ...repeat(0.005, 4)];
      const metrics = [...repeat(1, 7), 0.6, ...repeat(0.5, 12)];
      const s = new ReduceLROnPlateau(opt, { mode: 'min', thresholdMode: 'rel', threshold: 0.1, patience: 5, cooldown: 5, minLr: minLr === 'scalar' ? 0 : [1e-5, 1e-4] });
      for (let epoch = 0; epoch < 20; epoch++) {
        if (epoch === 8) {
          opt.paramGroups.push({ lr: 0.05, momentum: 0 });
          if (minLr === 'list') s.minLrs.push(1e-6);
        }
        opt.step();
        s.step(metrics[epoch]);
        expectClose(opt.paramGroups[0].lr, targets[epoch]);
      }
    });
  }

  it('an added group with a list minLr errors at the next reduction', () => {
    const opt = sgd([0.5, 0.5]);
    const s = new ReduceLROnPlateau(opt, { mode: 'min', thresholdMode: 'rel', threshold: 1e-5, patience: 0, cooldown: 0, minLr: [1e-5, 1e-4] });
    opt.paramGroups.push({ lr: 0.05, momentum: 0 });
    opt.step();
    s.step(1);
    expect(() => s.step(1.3)).toThrow(/param groups/);
  });

  it('composes with an epoch scheduler by multiplication', () => {
    // PyTorch's test_compound_reduce_lr_on_plateau* slice their targets to an empty list (targets[1:]),
    // so they assert nothing; the product below is what its algorithm gives (minLr 0, decisions
    // depend on the metric only).
    const opt = sgd([0.5, 0.5]);
    const plateau = new ReduceLROnPlateau(opt, { patience: 5, cooldown: 0, thresholdMode: 'abs', mode: 'min', threshold: 0.1 });
    const multi = new MultiStepLR(opt, { gamma: 0.1, milestones: [3, 8, 12] });
    const alone = [...repeat(0.5, 6), ...repeat(0.05, 7), ...repeat(0.005, 7), ...repeat(0.0005, 2)];
    const targets = alone.map((x, i) => x * 0.1 ** [3, 8, 12].filter((m) => m <= i + 1).length);
    checkPlateau(opt, [plateau, multi], plateau, [targets], range(22).map((i) => 10 - i * 0.0165), 22);
  });
});

describe('PyTorch targets: SequentialLR and ChainedScheduler', () => {
  it('sequentiallr1: ExponentialLR then StepLR', () => {
    const opt = sgd();
    const s = new SequentialLR(opt, { schedulers: [new ExponentialLR(opt, { gamma: 0.8 }), new StepLR(opt, { gamma: 0.1, stepSize: 4 })], milestones: [3] });
    checkTargets(opt, s, [[0.05, 0.04, 0.032, ...repeat(0.05, 4), ...repeat(0.005, 4), ...repeat(0.0005, 4), ...repeat(0.00005, 4)]], 19);
  });

  it('sequentiallr2: ConstantLR then ExponentialLR', () => {
    const opt = sgd();
    const s = new SequentialLR(opt, { schedulers: [new ConstantLR(opt, { factor: 0.1, totalIters: 3 }), new ExponentialLR(opt, { gamma: 0.9 })], milestones: [3] });
    checkTargets(opt, s, [[0.005, 0.005, 0.005, ...range(10).map((x) => 0.05 * 0.9 ** x)]], 13);
  });

  it('sequentiallr3 and its getLastLr', () => {
    const single = [0.005, 0.005, 0.005, 0.05, 0.04, 0.032, 0.05, 0.05, 0.005, 0.005, 0.0005, 0.0005];
    const build = (opt: ReturnType<typeof sgd>) =>
      new SequentialLR(opt, {
        schedulers: [new ConstantLR(opt, { factor: 0.1, totalIters: 3 }), new ExponentialLR(opt, { gamma: 0.8 }), new StepLR(opt, { gamma: 0.1, stepSize: 2 })],
        milestones: [3, 6],
      });
    let opt = sgd();
    checkTargets(opt, build(opt), [single], 12);
    opt = sgd();
    checkLastLr(opt, build(opt), [single, times(single, 10)], 12);
  });

  it('sequentiallr4: sub-constructors do not change the initial lr', () => {
    const opt = sgd([0.1]);
    new SequentialLR(opt, { schedulers: [new ConstantLR(opt, { factor: 1 }), new ConstantLR(opt, { factor: 0.1 })], milestones: [10] });
    expect(opt.paramGroups[0].lr).toBe(0.1);
  });

  it('sequentiallr5: a ChainedScheduler as the first phase', () => {
    const opt = sgd();
    const constSched = new ConstantLR(opt, { factor: 0.1, totalIters: 5 });
    const linSched = new LinearLR(opt, { startFactor: 0.1, totalIters: 5 });
    const chained = new ChainedScheduler([linSched, constSched]);
    const const2 = new ConstantLR(opt, { factor: 0.5, totalIters: 5 });
    const s = new SequentialLR(opt, { schedulers: [chained, const2], milestones: [5] });
    checkTargets(opt, s, [[0.0005, 0.0014, 0.0023, 0.0032, 0.0041, ...repeat(0.025, 5)]], 10);
  });

  it('does not alias lr and initialLr (two LinearLR phases)', () => {
    const opt = sgd([2.0]);
    const s = new SequentialLR(opt, {
      schedulers: [new LinearLR(opt, { startFactor: 0.1, endFactor: 0.8, totalIters: 4 }), new LinearLR(opt, { startFactor: 0.8, endFactor: 0.1, totalIters: 4 })],
      milestones: [4],
    });
    checkTargets(opt, s, [[0.2, 0.55, 0.9, 1.25, 1.6, 1.25, 0.9, 0.55]], 8);
  });

  it('chained_lr1..5', () => {
    let opt = sgd();
    let chained = new ChainedScheduler([new StepLR(opt, { gamma: 0.1, stepSize: 3 })]);
    checkTargets(opt, chained, [[...repeat(0.05, 3), ...repeat(0.005, 3), ...repeat(0.0005, 3), ...repeat(0.00005, 3)]], 10);

    opt = sgd();
    chained = new ChainedScheduler([new LinearLR(opt, { startFactor: 0.4, totalIters: 3 })]);
    checkTargets(opt, chained, [[0.02, 0.03, 0.04, ...repeat(0.05, 9)]], 10);

    opt = sgd();
    const parts = [new LinearLR(opt, { startFactor: 0.4, totalIters: 3 }), new MultiStepLR(opt, { milestones: [4, 8, 10], gamma: 0.1 })];
    chained = new ChainedScheduler(parts);
    expect(chained.getLastLr()).toEqual(parts[1].getLastLr());
    checkTargets(opt, chained, [[0.02, 0.03, 0.04, 0.05, ...repeat(0.005, 4), ...repeat(0.0005, 3), ...repeat(0.00005, 3)]], 10);
    expect(chained.getLastLr()).toEqual(parts[1].getLastLr());

    opt = sgd();
    chained = new ChainedScheduler([new ExponentialLR(opt, { gamma: 0.9 }), new ConstantLR(opt, { factor: 0.2, totalIters: 4 }), new StepLR(opt, { gamma: 0.1, stepSize: 3 })]);
    checkTargets(
      opt,
      chained,
      [[...range(3).map((x) => 0.05 * 0.2 * 0.9 ** x), 0.05 * 0.2 * 0.9 ** 3 * 0.1, ...range(6, 4).map((x) => 0.05 * 0.9 ** x * 0.1), ...range(9, 6).map((x) => 0.05 * 0.9 ** x * 0.01)]],
      9,
    );

    opt = sgd();
    chained = new ChainedScheduler([new PolynomialLR(opt, { power: 0.9, totalIters: 5 }), new ConstantLR(opt, { factor: 0.1 })]);
    const poly = (lr: number) => [...range(5).map((x) => lr * (1.0 - x / 5) ** 0.9), ...repeat(0, 5)];
    checkTargets(opt, chained, [times(poly(0.05), 0.1), times(poly(0.5), 0.1)], 10);
  });

  it('compound schedulers stepped by hand multiply', () => {
    let opt = sgd();
    checkTargets(opt, [new StepLR(opt, { gamma: 0.1, stepSize: 3 }), new MultiStepLR(opt, { gamma: 0.1, milestones: [2, 5, 9] })], [[...repeat(0.05, 2), 0.005, ...repeat(5e-4, 2), 5e-5, ...repeat(5e-6, 3), 5e-8]], 10);

    opt = sgd();
    const single = range(10).map((x) => cosTarget(0.05, 1e-10, x, 10)).map((x, i) => x * 0.1 ** Math.floor(i / 3));
    checkTargets(opt, [new CosineAnnealingLR(opt, { tMax: 10, etaMin: 1e-10 }), new StepLR(opt, { gamma: 0.1, stepSize: 3 })], [single, times(single, 10)], 10);

    opt = sgd();
    const lin = range(11).map((x) => 0.05 * 0.9 ** x).map((x, i) => (i < 4 ? x * (0.4 + (i / 4) * (0.9 - 0.4)) : x * 0.9));
    checkTargets(opt, [new LinearLR(opt, { startFactor: 0.4, endFactor: 0.9, totalIters: 4 }), new ExponentialLR(opt, { gamma: 0.9 })], [lin, times(lin, 10)], 10);

    opt = sgd();
    const sc = [...repeat(0.05 * 0.4, 3), 0.005 * 0.4, ...repeat(0.005, 2), ...repeat(0.0005, 3), ...repeat(0.00005, 3)];
    checkTargets(opt, [new StepLR(opt, { gamma: 0.1, stepSize: 3 }), new ConstantLR(opt, { factor: 0.4, totalIters: 4 })], [sc, times(sc, 10)], 10);
  });
});

describe('PyTorch targets: CyclicLR', () => {
  const tri = [1, 2, 3, 4, 5, 4, 3, 2, 1, 2, 3];
  const triMom = [5, 4, 3, 2, 1, 2, 3, 4, 5, 4, 3];
  const tri2 = [1, 2, 3, 4, 5, 4, 3, 2, 1, 1.5, 2.0, 2.5, 3.0, 2.5, 2.0, 1.5, 1, 1.25, 1.5, 1.75, 2.0, 1.75];
  const tri2Mom = [5.0, 4.0, 3.0, 2.0, 1.0, 2.0, 3.0, 4.0, 5.0, 4.5, 4.0, 3.5, 3.0, 3.5, 4.0, 4.5, 5.0, 4.75, 4.5, 4.25, 4.0, 4.25];

  it('rejects an invalid mode', () => {
    expect(() => new CyclicLR(sgd(), { baseLr: 0, maxLr: 0, mode: 'CATS' as never })).toThrow(RangeError);
  });

  it('triangular, one lr, with and without momentum', () => {
    let opt = sgd();
    checkCycle(opt, new CyclicLR(opt, { baseLr: 1, maxLr: 5, stepSizeUp: 4, cycleMomentum: true, baseMomentum: 1, maxMomentum: 5 }), [tri, tri], [triMom, triMom], tri.length);
    opt = sgd();
    const m = repeat(0, tri.length);
    checkCycle(opt, new CyclicLR(opt, { baseLr: 1, maxLr: 5, stepSizeUp: 4, cycleMomentum: false }), [tri, tri], [m, m], tri.length);
  });

  it('triangular2 and exp_range, one lr', () => {
    let opt = sgd();
    checkCycle(opt, new CyclicLR(opt, { baseLr: 1, maxLr: 5, stepSizeUp: 4, baseMomentum: 1, maxMomentum: 5, mode: 'triangular2' }), [tri2, tri2], [tri2Mom, tri2Mom], tri2.length);
    const xs = [0, 0.25, 0.5, 0.75, 1, 0.75, 0.5, 0.25, 0, 0.25, 0.5, 0.75, 1];
    const lr = xs.map((x, i) => 1 + x * 4 * 0.9 ** i);
    const mom = xs.map((x, i) => 5 - x * 4 * 0.9 ** i);
    opt = sgd();
    checkCycle(opt, new CyclicLR(opt, { baseLr: 1, maxLr: 5, stepSizeUp: 4, baseMomentum: 1, maxMomentum: 5, mode: 'exp_range', gamma: 0.9 }), [lr, lr], [mom, mom], lr.length);
  });

  it('per-group boundaries', () => {
    let opt = sgd();
    checkCycle(
      opt,
      new CyclicLR(opt, { baseLr: [1, 2], maxLr: [5, 6], stepSizeUp: 4, baseMomentum: [1, 2], maxMomentum: [5, 6] }),
      [tri, tri.map((x) => x + 1)],
      [triMom, triMom.map((x) => x + 1)],
      tri.length,
    );
    opt = sgd();
    checkCycle(
      opt,
      new CyclicLR(opt, { baseLr: [1, 3], maxLr: [5, 7], stepSizeUp: 4, baseMomentum: [1, 3], maxMomentum: [5, 7], mode: 'triangular2' }),
      [tri2, tri2.map((x) => x + 2)],
      [tri2Mom, tri2Mom.map((x) => x + 2)],
      tri2.length,
    );
    const xs = [0, 0.25, 0.5, 0.75, 1, 0.75, 0.5, 0.25, 0, 0.25, 0.5, 0.75, 1];
    opt = sgd();
    checkCycle(
      opt,
      new CyclicLR(opt, { baseLr: [1, 5], maxLr: [5, 12], stepSizeUp: 4, baseMomentum: [1, 5], maxMomentum: [5, 12], mode: 'exp_range', gamma: 0.9 }),
      [xs.map((x, i) => 1 + x * 4 * 0.9 ** i), xs.map((x, i) => 5 + x * 7 * 0.9 ** i)],
      [xs.map((x, i) => 5 - x * 4 * 0.9 ** i), xs.map((x, i) => 12 - x * 7 * 0.9 ** i)],
      xs.length,
    );
  });

  it('asymmetric step sizes', () => {
    const lr = [1.0, 2.0, 3.0, 4.0, 5.0, 13 / 3, 11 / 3, 9 / 3, 7 / 3, 5 / 3, 1.0];
    const mom = [5.0, 4.0, 3.0, 2.0, 1.0, 5 / 3, 7 / 3, 3.0, 11 / 3, 13 / 3, 5.0];
    let opt = sgd();
    checkCycle(opt, new CyclicLR(opt, { baseLr: 1, maxLr: 5, stepSizeUp: 4, stepSizeDown: 6, baseMomentum: 1, maxMomentum: 5 }), [lr, lr], [mom, mom], lr.length);

    const lrBase = [1.0, 3.0, 5.0, 13 / 3, 11 / 3, 9 / 3, 7 / 3, 5 / 3, 1.0, 2.0, 3.0, 8 / 3, 7 / 3, 6 / 3, 5 / 3, 4 / 3, 1.0, 3 / 2, 2.0, 11 / 6, 10 / 6, 9 / 6, 8 / 6, 7 / 6];
    const momBase = [5.0, 3.0, 1.0, 5 / 3, 7 / 3, 3.0, 11 / 3, 13 / 3, 5.0, 4.0, 3.0, 10 / 3, 11 / 3, 4.0, 13 / 3, 14 / 3, 5.0, 4.5, 4.0, 25 / 6, 13 / 3, 4.5, 14 / 3, 29 / 6];
    opt = sgd();
    checkCycle(
      opt,
      new CyclicLR(opt, { baseLr: [1, 3], maxLr: [5, 7], stepSizeUp: 2, stepSizeDown: 6, baseMomentum: [1, 3], maxMomentum: [5, 7], mode: 'triangular2' }),
      [lrBase, lrBase.map((x) => x + 2)],
      [momBase, momBase.map((x) => x + 2)],
      lrBase.length,
    );

    const xs = [0.0, 0.5, 1.0, 5 / 6, 4 / 6, 3 / 6, 2 / 6, 1 / 6, 0.0, 0.5, 1.0, 5 / 6, 4 / 6];
    const elr = xs.map((x, i) => 1 + x * 4 * 0.9 ** i);
    const emom = xs.map((x, i) => 5 - x * 4 * 0.9 ** i);
    opt = sgd();
    checkCycle(opt, new CyclicLR(opt, { baseLr: 1, maxLr: 5, stepSizeUp: 2, stepSizeDown: 6, baseMomentum: 1, maxMomentum: 5, mode: 'exp_range', gamma: 0.9 }), [elr, elr], [emom, emom], elr.length);
  });

  it('momentum-less optimizers: fine without cycleMomentum, an error with it; betas cycle for Adam', () => {
    const opt = adam([0.05, 0.5]);
    const none = repeat(Number.NaN, tri.length).map(() => null);
    checkCycle(opt, new CyclicLR(opt, { baseLr: 1, maxLr: 5, stepSizeUp: 4, cycleMomentum: false }), [tri, tri], [none, none], tri.length);
    expect(() => new CyclicLR(plain(), { baseLr: 1, maxLr: 5, cycleMomentum: true })).toThrow(RangeError);
    const a = adam();
    new CyclicLR(a, { baseLr: 1, maxLr: 5, cycleMomentum: true });
    expect(a.paramGroups[0].betas).toEqual([0.9, 0.999]);
    expect(a.paramGroups[0]['maxMomentum']).toBe(0.9);
  });

  it('cosine then cyclic stays below maxLr (issue 21965)', () => {
    const opt = sgd([0.5]);
    const cos = new CosineAnnealingLR(opt, { tMax: 20, etaMin: 0.1 });
    const cyc = new CyclicLR(opt, { baseLr: 0.1, maxLr: 0.3, stepSizeUp: 1, stepSizeDown: 3 });
    for (let i = 0; i < 40; i++) {
      opt.step();
      if (i <= cos.tMax) cos.step();
      else cyc.step();
    }
    expect(opt.paramGroups[0].lr).toBeLessThanOrEqual(0.3);
  });

  it('restores the built-in mode from a state dict', () => {
    const opt = adam();
    const s = new CyclicLR(opt, { baseLr: 1, maxLr: 5, cycleMomentum: false, mode: 'triangular2' });
    const restored = new CyclicLR(opt, { baseLr: 1, maxLr: 5, cycleMomentum: false });
    restored.loadStateDict(s.stateDict());
    expect(restored.mode).toBe('triangular2');
    expect(restored.scaleFn(3)).toBe(0.25);
  });
});

describe('PyTorch targets: OneCycleLR', () => {
  const annealCos = (start: number, end: number, pct: number) => end + ((start - end) / 2.0) * (Math.cos(Math.PI * pct) + 1);

  it('rejects bad options', () => {
    expect(() => new OneCycleLR(sgd(), { maxLr: 1e-3, totalSteps: 10, annealStrategy: 'CATS' as never })).toThrow(/annealStrategy/);
    expect(() => new OneCycleLR(sgd(), { maxLr: 1e-3, totalSteps: 10, pctStart: 1.1 })).toThrow(/pctStart/);
    expect(() => new OneCycleLR(sgd(), { maxLr: 1e-3 })).toThrow(/totalSteps/);
  });

  it('linear annealing, two and three phases', () => {
    let opt = sgd();
    const lr = [1, 13, 25, 21.5, 18, 14.5, 11, 7.5, 4, 0.5];
    const mom = [22, 11.5, 1, 4, 7, 10, 13, 16, 19, 22];
    checkCycle(opt, new OneCycleLR(opt, { maxLr: 25, finalDivFactor: 2, baseMomentum: 1, maxMomentum: 22, totalSteps: 10, annealStrategy: 'linear' }), [lr, lr], [mom, mom], 10);
    opt = sgd();
    const lr3 = [1, 9, 17, 25, 17, 9, 1, 0.75, 0.5, 0.25];
    const mom3 = [22, 15, 8, 1, 8, 15, 22, 22, 22, 22];
    checkCycle(
      opt,
      new OneCycleLR(opt, { maxLr: 25, divFactor: 25, baseMomentum: 1, maxMomentum: 22, totalSteps: 10, annealStrategy: 'linear', pctStart: 0.4, finalDivFactor: 4, threePhase: true }),
      [lr3, lr3],
      [mom3, mom3],
      10,
    );
  });

  it('cosine annealing', () => {
    const opt = sgd();
    const lr = [1, 13, 25, ...range(7, 1).map((k) => annealCos(25, 0.5, k / 7.0)), 0.5];
    const mom = [22, 11.5, 1, ...range(7, 1).map((k) => annealCos(1, 22, k / 7.0)), 22];
    checkCycle(opt, new OneCycleLR(opt, { maxLr: 25, finalDivFactor: 2, baseMomentum: 1, maxMomentum: 22, totalSteps: 10 }), [lr, lr], [mom, mom], 10);
  });

  it('cycles betas[0] of an Adam-like optimizer', () => {
    const opt = adam();
    const lr = [1, 13, 25, 21.5, 18, 14.5, 11, 7.5, 4, 0.5];
    const mom = [22, 11.5, 1, 4, 7, 10, 13, 16, 19, 22];
    checkCycle(opt, new OneCycleLR(opt, { maxLr: 25, finalDivFactor: 2, baseMomentum: 1, maxMomentum: 22, totalSteps: 10, annealStrategy: 'linear' }), [lr, lr], [mom, mom], 10, true);
  });
});

describe('PyTorch targets: CosineAnnealingWarmRestarts', () => {
  for (const tMult of [1, 2, 4]) {
    it(`integer steps, tMult ${tMult}`, () => {
      const opt = sgd();
      let Ti = 10;
      let Tcur = 0;
      const targets = [[0.05], [0.5]];
      for (let k = 1; k < 100; k++) {
        Tcur += 1;
        if (Tcur >= Ti) {
          Tcur -= Ti;
          Ti *= tMult;
        }
        targets[0].push(cosTarget(0.05, 1e-10, Tcur, Ti));
        targets[1].push(cosTarget(0.5, 1e-10, Tcur, Ti));
      }
      checkTargets(opt, new CosineAnnealingWarmRestarts(opt, { T0: 10, tMult, etaMin: 1e-10 }), targets, 100);
    });
  }

  it('fractional epochs', () => {
    for (const tMult of [1, 2, 4]) {
      const opt = sgd();
      const s = new CosineAnnealingWarmRestarts(opt, { T0: 10, tMult, etaMin: 1e-10 });
      let Ti = 10;
      let Tcur = 0;
      const targets = [[0.05], [0.5]];
      const round1 = (x: number) => Math.round(x * 10) / 10;
      for (let k = 1; k < 300; k++) {
        Tcur = round1(Tcur + 0.1);
        if (Tcur >= Ti) {
          Tcur -= Ti;
          Ti *= tMult;
        }
        targets[0].push(cosTarget(0.05, 1e-10, Tcur, Ti));
        targets[1].push(cosTarget(0.5, 1e-10, Tcur, Ti));
      }
      for (let index = 0; index < 300; index++) {
        const epoch = round1(index * 0.1);
        s.step(epoch);
        expectClose(opt.paramGroups[0].lr, targets[0][index], 1e-5, `tMult ${tMult} epoch ${epoch}:`);
        expectClose(opt.paramGroups[1].lr, targets[1][index], 1e-5, `tMult ${tMult} epoch ${epoch}:`);
      }
    }
  });

  it('interleaved explicit epochs', () => {
    const epochsFor = [
      [0, 1, 2, 3, 4, 5, 12, 27, 3, 4, 5, 6, 13],
      [0, 1, 2, 3, 4, 5, 25, 32, 33, 34, 80, 81, 3],
      [0, 0.1, 0.2, 0.3, 1.3, 2.3, 17.5, 18.5, 19.5, 29.5, 30.5, 31.5, 50],
    ];
    const Tcurs = [
      [1, 2, 3, 4, 5, 2, 7, 3, 4, 5, 6, 3],
      [1, 2, 3, 4, 5, 15, 2, 3, 4, 10, 11, 3],
      [0.1, 0.2, 0.3, 1.3, 2.3, 7.5, 8.5, 9.5, 19.5, 20.5, 21.5, 10],
    ];
    const Tis = [
      [10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10],
      [10, 10, 10, 10, 10, 20, 40, 40, 40, 80, 80, 10],
      [10, 10, 10, 10, 10, 30, 30, 30, 30, 30, 30, 90],
    ];
    [1, 2, 3].forEach((tMult, c) => {
      const opt = sgd();
      const s = new CosineAnnealingWarmRestarts(opt, { T0: 10, tMult, etaMin: 1e-10 });
      const targets = [[0.05], [0.5]];
      Tcurs[c].forEach((Tcur, k) => {
        targets[0].push(cosTarget(0.05, 1e-10, Tcur, Tis[c][k]));
        targets[1].push(cosTarget(0.5, 1e-10, Tcur, Tis[c][k]));
      });
      epochsFor[c].forEach((epoch, index) => {
        s.step(epoch);
        expectClose(opt.paramGroups[0].lr, targets[0][index], 1e-5, `tMult ${tMult} epoch ${epoch}:`);
        expectClose(opt.paramGroups[1].lr, targets[1][index], 1e-5, `tMult ${tMult} epoch ${epoch}:`);
      });
    });
  });

  it('Tcur wraps after a manual reset', () => {
    const s = new CosineAnnealingWarmRestarts(sgd(), { T0: 4 });
    for (const epoch of [7, 8, 9]) {
      s.Tcur = epoch;
      s.step();
      expect(s.Tcur).toBe((epoch + 1) % s.T0);
    }
  });
});

describe('PyTorch targets: SWALR', () => {
  function runSwa(opt: ReturnType<typeof sgd>, swa: SWALR, before: MultiplicativeLR | null, targets: number[][], swaStart: number, epochs: number) {
    for (let epoch = 0; epoch < epochs; epoch++) {
      targets.forEach((t, i) => expectClose(opt.paramGroups[i].lr, t[epoch], 1e-5, `epoch ${epoch} group ${i}:`));
      if (epoch >= swaStart) {
        opt.step();
        swa.step();
      } else if (before !== null) {
        opt.step();
        before.step();
      }
    }
  }

  it('no anneal', () => {
    const opt = sgd();
    const targets = [0.05, 0.5].map((lr) => [...repeat(lr, 6), ...repeat(0.01, 4)]);
    runSwa(opt, new SWALR(opt, { annealEpochs: 1, swaLr: 0.01 }), null, targets, 5, 10);
  });

  it('cosine anneal after MultiplicativeLR', () => {
    const opt = sgd();
    const before = new MultiplicativeLR(opt, { lrLambda: () => 0.9 });
    const swa = new SWALR(opt, { annealEpochs: 5, swaLr: 0.01 });
    const coef = (t: number) => (t + 1 >= 5 ? 0.0 : (1 + Math.cos((Math.PI * (t + 1)) / 5)) / 2);
    const targets = [0.05, 0.5].map((lr) => {
      const pre = range(6).map((i) => lr * 0.9 ** i);
      return [...pre, ...range(9).map((t) => pre[5] * coef(t) + 0.01 * (1 - coef(t)))];
    });
    runSwa(opt, swa, before, targets, 5, 15);
  });

  it('linear anneal after MultiplicativeLR, per-group swaLr', () => {
    const opt = sgd();
    const before = new MultiplicativeLR(opt, { lrLambda: () => 0.9 });
    const swa = new SWALR(opt, { annealEpochs: 4, annealStrategy: 'linear', swaLr: [0.01, 0.02] });
    const coef = (t: number) => (t + 1 >= 4 ? 0.0 : 1 - (t + 1) / 4);
    const targets = [0.05, 0.5].map((lr, g) => {
      const pre = range(6).map((i) => lr * 0.9 ** i);
      const swaLr = [0.01, 0.02][g];
      return [...pre, ...range(9).map((t) => pre[5] * coef(t) + swaLr * (1 - coef(t)))];
    });
    runSwa(opt, swa, before, targets, 5, 15);
  });

  it('rejects bad hyperparameters', () => {
    const opt = sgd();
    expect(() => new SWALR(opt, { annealStrategy: 'exponential' as never, swaLr: 1.0 })).toThrow(/annealStrategy/);
    expect(() => new SWALR(opt, { annealEpochs: -1, swaLr: 1.0 })).toThrow(/annealEpochs/);
    expect(() => new SWALR(opt, { annealEpochs: 1.7, swaLr: 1.0 })).toThrow(/annealEpochs/);
    expect(() => new SWALR(opt, { swaLr: [1.0, 0.1, 0.01] })).toThrow(/swaLr/);
  });
});

describe('PyTorch targets: checkpoints and initial lr', () => {
  const builders: [string, (o: ReturnType<typeof adam>, lastEpoch?: number) => unknown][] = [
    ['ExponentialLR', (o, lastEpoch) => new ExponentialLR(o, { gamma: 0.999, lastEpoch })],
    ['LambdaLR', (o, lastEpoch) => new LambdaLR(o, { lrLambda: (e) => Math.floor(e / 30), lastEpoch })],
    ['MultiplicativeLR', (o, lastEpoch) => new MultiplicativeLR(o, { lrLambda: () => 0.95, lastEpoch })],
    ['StepLR', (o, lastEpoch) => new StepLR(o, { stepSize: 30, lastEpoch })],
    ['MultiStepLR', (o, lastEpoch) => new MultiStepLR(o, { milestones: [30, 80], lastEpoch })],
    ['ConstantLR', (o, lastEpoch) => new ConstantLR(o, { lastEpoch })],
    ['LinearLR', (o, lastEpoch) => new LinearLR(o, { lastEpoch })],
    ['PolynomialLR', (o, lastEpoch) => new PolynomialLR(o, { lastEpoch })],
    ['CosineAnnealingLR', (o, lastEpoch) => new CosineAnnealingLR(o, { tMax: 10, lastEpoch })],
    ['CosineAnnealingWarmRestarts', (o, lastEpoch) => new CosineAnnealingWarmRestarts(o, { T0: 20, lastEpoch })],
    ['CyclicLR', (o, lastEpoch) => new CyclicLR(o, { baseLr: 0.01, maxLr: 0.1, lastEpoch })],
    ['OneCycleLR', (o, lastEpoch) => new OneCycleLR(o, { maxLr: 0.01, totalSteps: 10, lastEpoch })],
    ['SWALR', (o, lastEpoch) => new SWALR(o, { swaLr: 0.01, lastEpoch })],
  ];
  for (const [name, build] of builders) {
    it(`${name}: a scheduler rebuilt with lastEpoch 0 on the copied groups resumes the lr`, () => {
      const opt = adam([0.001], 0.001);
      const s = build(opt) as StepLR;
      opt.step();
      s.step();
      const opt2 = adam([0.001], 0.001);
      opt2.paramGroups = structuredClone(opt.paramGroups);
      const s2 = build(opt2, 0) as StepLR;
      expect(s2.getLastLr()[0]).toBe(opt.paramGroups[0].lr);
    });
  }

  it('initialLr and baseLrs do not alias the changing lr', () => {
    for (const [, build] of builders.slice(0, 10)) {
      const opt = sgd([0.1]);
      const s = build(opt) as StepLR;
      for (let i = 0; i < 2; i++) {
        opt.step();
        s.step(i);
        opt.paramGroups[0].lr *= 0.1;
        expect(opt.paramGroups[0].initialLr).toBe(0.1);
        expect(s.baseLrs).toEqual([0.1]);
      }
    }
  });

  it('resuming without initialLr in the groups is an error', () => {
    expect(() => new StepLR(sgd([0.1]), { stepSize: 3, gamma: 0.1, lastEpoch: 1 })).toThrow(/initialLr.*paramGroups\[0\]/);
  });
});
