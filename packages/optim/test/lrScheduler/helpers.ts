import { expect } from 'vitest';
import type { OptimizerLike, ParamGroupLike } from '../../src/optimizerLike.js';
import type { LRScheduler } from '../../src/lrScheduler/index.js';
import type { ReduceLROnPlateau } from '../../src/lrScheduler/index.js';

/** A plain optimizer-shaped object whose `step()` counts, like PyTorch's test fixture. */
export interface FakeOptimizer extends OptimizerLike {
  paramGroups: ParamGroupLike[];
  stepCount: number;
  defaults: Record<string, unknown>;
  step(): void;
}

/** SGD-like: PyTorch's test setUp has two groups, lr 0.05 and 0.5, momentum in the defaults. */
export function sgd(lrs: number[] = [0.05, 0.5], defaultLr = lrs[0]): FakeOptimizer {
  return fake(lrs.map((lr) => ({ lr, momentum: 0 })), { lr: defaultLr, momentum: 0 });
}

/** Adam-like: groups carry betas instead of momentum. */
export function adam(lrs: number[] = [0.05, 0.5], defaultLr = lrs[0]): FakeOptimizer {
  return fake(lrs.map((lr) => ({ lr, betas: [0.9, 0.999] as [number, number] })), { lr: defaultLr, betas: [0.9, 0.999] });
}

/** Neither momentum nor betas (Rprop-like). */
export function plain(lrs: number[] = [0.05, 0.5]): FakeOptimizer {
  return fake(lrs.map((lr) => ({ lr })), { lr: lrs[0] });
}

function fake(paramGroups: ParamGroupLike[], defaults: Record<string, unknown>): FakeOptimizer {
  const opt: FakeOptimizer = {
    paramGroups,
    stepCount: 0,
    defaults,
    step() {
      opt.stepCount += 1;
    },
  };
  return opt;
}

export function expectClose(actual: number, expected: number, atol = 1e-5, what = ''): void {
  if (!(Math.abs(actual - expected) <= atol)) {
    expect.fail(`${what} expected ${expected}, got ${actual} (atol ${atol})`);
  }
}

export function lrs(opt: OptimizerLike): number[] {
  return opt.paramGroups.map((g) => g.lr);
}

/** PyTorch `_test`: check every group's lr against targets[group][epoch], then step all schedulers. */
export function checkTargets(opt: FakeOptimizer, schedulers: LRScheduler | LRScheduler[], targets: number[][], epochs: number): void {
  const list = Array.isArray(schedulers) ? schedulers : [schedulers];
  for (let epoch = 0; epoch < epochs; epoch++) {
    targets.forEach((t, i) => expectClose(opt.paramGroups[i].lr, t[epoch], 1e-5, `epoch ${epoch} group ${i}:`));
    opt.step();
    for (const s of list) s.step();
  }
}

/** PyTorch `_test_get_last_lr`: getLastLr() before each step. */
export function checkLastLr(opt: FakeOptimizer, scheduler: LRScheduler, targets: number[][], epochs: number): void {
  for (let epoch = 0; epoch < epochs; epoch++) {
    const result = scheduler.getLastLr();
    opt.step();
    scheduler.step();
    targets.forEach((t, i) => expectClose(result[i], t[epoch], 1e-5, `epoch ${epoch} group ${i}:`));
  }
}

/** PyTorch `_test_with_epoch`: step(epoch) first, then check. */
export function checkWithEpoch(opt: FakeOptimizer, scheduler: LRScheduler, targets: number[][], epochs: number): void {
  for (let epoch = 0; epoch < epochs; epoch++) {
    opt.step();
    scheduler.step(epoch);
    targets.forEach((t, i) => expectClose(opt.paramGroups[i].lr, t[epoch], 1e-5, `epoch ${epoch} group ${i}:`));
  }
}

/** PyTorch `_test_reduce_lr_on_plateau`: step (with the metric for plateau schedulers), then check. */
export function checkPlateau(
  opt: FakeOptimizer,
  schedulers: (LRScheduler | ReduceLROnPlateau)[],
  plateau: ReduceLROnPlateau,
  targets: number[][],
  metrics: number[],
  epochs: number,
): void {
  for (let epoch = 0; epoch < epochs; epoch++) {
    opt.step();
    for (const s of schedulers) {
      if (s === plateau) plateau.step(metrics[epoch]);
      else s.step();
    }
    targets.forEach((t, i) => expectClose(opt.paramGroups[i].lr, t[epoch], 1e-5, `epoch ${epoch} group ${i}:`));
  }
}

/** PyTorch `_test_cycle_lr`: lr and momentum (or betas[0]) before each step. */
export function checkCycle(
  opt: FakeOptimizer,
  scheduler: LRScheduler,
  lrTargets: number[][],
  momentumTargets: (number | null)[][],
  iterations: number,
  useBeta1 = false,
): void {
  for (let k = 0; k < iterations; k++) {
    opt.paramGroups.forEach((g, i) => {
      expectClose(g.lr, lrTargets[i][k], 1e-5, `batch ${k} group ${i} lr:`);
      const m = momentumTargets[i][k];
      if (m === null) return;
      if (useBeta1) expectClose((g.betas as [number, number])[0], m, 1e-5, `batch ${k} group ${i} beta1:`);
      else expectClose(g.momentum as number, m, 1e-5, `batch ${k} group ${i} momentum:`);
    });
    opt.step();
    scheduler.step();
  }
}

export const range = (n: number, start = 0): number[] => Array.from({ length: n - start }, (_, i) => i + start);
export const repeat = (x: number, n: number): number[] => new Array<number>(n).fill(x);
