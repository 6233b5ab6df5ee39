import type { OptimizerLike } from '../optimizerLike.js';
import { LRScheduler, type LRSchedulerOptions } from './lrScheduler.js';
import { usesBeta1, writeMomentum } from './momentum.js';
import { checkInteger, checkNumber, checkOneOf, checkPositive, fail, perGroup } from './options.js';

export type CyclicMode = 'triangular' | 'triangular2' | 'exp_range';
export type ScaleMode = 'cycle' | 'iterations';

export interface CyclicLROptions extends LRSchedulerOptions {
  /** Lower lr boundary of the cycle, per group or for all. */
  baseLr: number | readonly number[];
  /** Upper lr boundary of the cycle, per group or for all. */
  maxLr: number | readonly number[];
  /** Iterations of the increasing half-cycle (default 2000). */
  stepSizeUp?: number;
  /** Iterations of the decreasing half-cycle (default stepSizeUp). */
  stepSizeDown?: number;
  /** Built-in amplitude policy (default 'triangular'); ignored when scaleFn is given. */
  mode?: CyclicMode;
  /** Base of the 'exp_range' scaling gamma ** iteration (default 1). */
  gamma?: number;
  /** Custom amplitude scaling, 0 <= scaleFn(x) <= 1; overrides mode. */
  scaleFn?: (x: number) => number;
  /** Argument of scaleFn: the cycle number or the iteration (default 'cycle'); built-in modes fix it. */
  scaleMode?: ScaleMode;
  /** Cycle momentum (or betas[0]) inversely to the lr (default true). */
  cycleMomentum?: boolean;
  /** Momentum at the lr peak (default 0.8). */
  baseMomentum?: number | readonly number[];
  /** Momentum at the lr trough (default 0.9). */
  maxMomentum?: number | readonly number[];
}

/**
 * Cyclical learning rates (Smith 2017): the lr moves between `baseLr` and `maxLr` in triangles of
 * `stepSizeUp + stepSizeDown` iterations; momentum moves the other way. A pure function of the
 * iteration, so resuming just recomputes it.
 */
export class CyclicLR extends LRScheduler {
  maxLrs: number[];
  totalSize: number;
  stepRatio: number;
  mode: CyclicMode;
  gamma: number;
  scaleMode: ScaleMode;
  cycleMomentum: boolean;
  useBeta1 = false;
  baseMomentums: number[] = [];
  maxMomentums: number[] = [];
  private readonly scaleFnCustom: ((x: number) => number) | undefined;

  constructor(optimizer: OptimizerLike, options: CyclicLROptions) {
    super(optimizer);
    const lastEpoch = options.lastEpoch ?? -1;
    const baseLrs = perGroup('CyclicLR', 'baseLr', optimizer, options.baseLr);
    if (lastEpoch === -1) optimizer.paramGroups.forEach((g, i) => (g.lr = baseLrs[i]));
    this.maxLrs = perGroup('CyclicLR', 'maxLr', optimizer, options.maxLr);

    const stepSizeUp = checkPositive('CyclicLR', 'stepSizeUp', options.stepSizeUp ?? 2000);
    const stepSizeDown = options.stepSizeDown === undefined ? stepSizeUp : checkPositive('CyclicLR', 'stepSizeDown', options.stepSizeDown);
    this.totalSize = stepSizeUp + stepSizeDown;
    this.stepRatio = stepSizeUp / this.totalSize;

    this.scaleFnCustom = options.scaleFn;
    const mode = options.mode ?? 'triangular';
    if (this.scaleFnCustom === undefined) checkOneOf('CyclicLR', 'mode', mode, ['triangular', 'triangular2', 'exp_range'] as const);
    else if (typeof this.scaleFnCustom !== 'function') fail('CyclicLR', 'scaleFn', this.scaleFnCustom, 'a function');
    this.mode = mode;
    this.gamma = checkNumber('CyclicLR', 'gamma', options.gamma ?? 1.0);
    this.scaleMode = checkOneOf('CyclicLR', 'scaleMode', options.scaleMode ?? 'cycle', ['cycle', 'iterations'] as const);
    // Built-in modes fix the argument of their scale function, whatever scaleMode says.
    if (this.scaleFnCustom === undefined) this.scaleMode = this.mode === 'exp_range' ? 'iterations' : 'cycle';

    this.cycleMomentum = options.cycleMomentum ?? true;
    if (this.cycleMomentum) {
      this.useBeta1 = usesBeta1('CyclicLR', optimizer);
      this.baseMomentums = perGroup('CyclicLR', 'baseMomentum', optimizer, options.baseMomentum ?? 0.8);
      this.maxMomentums = perGroup('CyclicLR', 'maxMomentum', optimizer, options.maxMomentum ?? 0.9);
      if (lastEpoch === -1) {
        optimizer.paramGroups.forEach((g, i) => {
          writeMomentum(g, this.maxMomentums[i], this.useBeta1);
          g['maxMomentum'] = this.maxMomentums[i];
          g['baseMomentum'] = this.baseMomentums[i];
        });
      }
    }
    checkInteger('CyclicLR', 'lastEpoch', lastEpoch, -1);
    // The initial step still uses the groups' initialLr as base (PyTorch replaces baseLrs after it).
    this.init(lastEpoch);
    this.baseLrs = baseLrs;
  }

  scaleFn(x: number): number {
    if (this.scaleFnCustom !== undefined) return this.scaleFnCustom(x);
    if (this.mode === 'triangular') return 1.0;
    if (this.mode === 'triangular2') return 1 / 2.0 ** (x - 1);
    return this.gamma ** x;
  }

  protected override getLr(): number[] {
    const cycle = Math.floor(1 + this.lastEpoch / this.totalSize);
    const x = 1.0 + this.lastEpoch / this.totalSize - cycle;
    const scaleFactor = x <= this.stepRatio ? x / this.stepRatio : (x - 1) / (this.stepRatio - 1);
    const arg = this.scaleMode === 'cycle' ? cycle : this.lastEpoch;

    const lrs = this.baseLrs.map((baseLr, i) => {
      const baseHeight = (this.maxLrs[i] - baseLr) * scaleFactor;
      return baseLr + baseHeight * this.scaleFn(arg);
    });
    if (this.cycleMomentum) {
      this.groups.forEach((group, i) => {
        if (i >= this.maxMomentums.length) return;
        const baseHeight = (this.maxMomentums[i] - this.baseMomentums[i]) * scaleFactor;
        writeMomentum(group, this.maxMomentums[i] - baseHeight * this.scaleFn(arg), this.useBeta1);
      });
    }
    return lrs;
  }

  protected override nonStateKeys(): readonly string[] {
    return ['scaleFnCustom'];
  }
}
