import type { OptimizerLike } from '../optimizerLike.js';
import { LRScheduler, type LRSchedulerOptions } from './lrScheduler.js';
import { usesBeta1, writeMomentum } from './momentum.js';
import { checkInteger, checkNumber, checkOneOf, fail, perGroup } from './options.js';

export interface OneCycleLROptions extends LRSchedulerOptions {
  /** Peak lr, per group or for all. */
  maxLr: number | readonly number[];
  /** Length of the cycle in steps; else epochs * stepsPerEpoch. */
  totalSteps?: number;
  epochs?: number;
  stepsPerEpoch?: number;
  /** Fraction of the cycle spent increasing the lr (in [0, 1], default 0.3). */
  pctStart?: number;
  /** 'cos' (default) or 'linear' annealing between phase boundaries. */
  annealStrategy?: 'cos' | 'linear';
  /** Cycle momentum (or betas[0]) inversely to the lr (default true). */
  cycleMomentum?: boolean;
  /** Momentum at the lr peak (default 0.85). */
  baseMomentum?: number | readonly number[];
  /** Momentum at the start and end (default 0.95). */
  maxMomentum?: number | readonly number[];
  /** initialLr = maxLr / divFactor (default 25). */
  divFactor?: number;
  /** minLr = initialLr / finalDivFactor (default 1e4). */
  finalDivFactor?: number;
  /** Use the paper's three phases instead of fastai's two (default false). */
  threePhase?: boolean;
}

type LrKey = 'initialLr' | 'maxLr' | 'minLr';
type MomentumKey = 'maxMomentum' | 'baseMomentum';

interface SchedulePhase {
  endStep: number;
  startLr: LrKey;
  endLr: LrKey;
  startMomentum: MomentumKey;
  endMomentum: MomentumKey;
}

/** The 1cycle policy (Smith & Topin): warm up to `maxLr`, then anneal far below the start. */
export class OneCycleLR extends LRScheduler {
  totalSteps: number;
  phases: SchedulePhase[];
  annealStrategy: 'cos' | 'linear';
  cycleMomentum: boolean;
  useBeta1 = false;

  constructor(optimizer: OptimizerLike, options: OneCycleLROptions) {
    super(optimizer);
    const name = 'OneCycleLR';
    if (options.totalSteps !== undefined) {
      this.totalSteps = checkInteger(name, 'totalSteps', options.totalSteps, 1);
    } else if (options.epochs !== undefined && options.stepsPerEpoch !== undefined) {
      const epochs = checkInteger(name, 'epochs', options.epochs, 1);
      const stepsPerEpoch = checkInteger(name, 'stepsPerEpoch', options.stepsPerEpoch, 1);
      this.totalSteps = epochs * stepsPerEpoch;
    } else {
      throw new RangeError(`${name}: you must define either totalSteps or (epochs and stepsPerEpoch)`);
    }

    const pctStart = options.pctStart ?? 0.3;
    if (typeof pctStart !== 'number' || !(pctStart >= 0 && pctStart <= 1)) fail(name, 'pctStart', pctStart, 'a number between 0 and 1');
    const T = this.totalSteps;
    this.phases = options.threePhase
      ? [
          { endStep: pctStart * T - 1, startLr: 'initialLr', endLr: 'maxLr', startMomentum: 'maxMomentum', endMomentum: 'baseMomentum' },
          { endStep: 2 * pctStart * T - 2, startLr: 'maxLr', endLr: 'initialLr', startMomentum: 'baseMomentum', endMomentum: 'maxMomentum' },
          { endStep: T - 1, startLr: 'initialLr', endLr: 'minLr', startMomentum: 'maxMomentum', endMomentum: 'maxMomentum' },
        ]
      : [
          { endStep: pctStart * T - 1, startLr: 'initialLr', endLr: 'maxLr', startMomentum: 'maxMomentum', endMomentum: 'baseMomentum' },
          { endStep: T - 1, startLr: 'maxLr', endLr: 'minLr', startMomentum: 'baseMomentum', endMomentum: 'maxMomentum' },
        ];
    this.annealStrategy = checkOneOf(name, 'annealStrategy', options.annealStrategy ?? 'cos', ['cos', 'linear'] as const);

    const lastEpoch = checkInteger(name, 'lastEpoch', options.lastEpoch ?? -1, -1);
    const maxLrs = perGroup(name, 'maxLr', optimizer, options.maxLr);
    const divFactor = checkNumber(name, 'divFactor', options.divFactor ?? 25.0);
    const finalDivFactor = checkNumber(name, 'finalDivFactor', options.finalDivFactor ?? 1e4);
    if (lastEpoch === -1) {
      optimizer.paramGroups.forEach((g, i) => {
        g.initialLr = maxLrs[i] / divFactor;
        g['maxLr'] = maxLrs[i];
        g['minLr'] = g.initialLr / finalDivFactor;
      });
    }

    this.cycleMomentum = options.cycleMomentum ?? true;
    if (this.cycleMomentum) {
      this.useBeta1 = usesBeta1(name, optimizer);
      const maxMomentums = perGroup(name, 'maxMomentum', optimizer, options.maxMomentum ?? 0.95);
      const baseMomentums = perGroup(name, 'baseMomentum', optimizer, options.baseMomentum ?? 0.85);
      if (lastEpoch === -1) {
        optimizer.paramGroups.forEach((g, i) => {
          writeMomentum(g, maxMomentums[i], this.useBeta1);
          g['maxMomentum'] = maxMomentums[i];
          g['baseMomentum'] = baseMomentums[i];
        });
      }
    }
    this.init(lastEpoch);
  }

  private anneal(start: number, end: number, pct: number): number {
    if (this.annealStrategy === 'cos') {
      const cosOut = Math.cos(Math.PI * pct) + 1;
      return end + ((start - end) / 2.0) * cosOut;
    }
    return (end - start) * pct + start;
  }

  protected override getLr(): number[] {
    const stepNum = this.lastEpoch;
    if (stepNum > this.totalSteps) {
      throw new RangeError(`OneCycleLR: tried to step ${stepNum} times. The specified number of total steps is ${this.totalSteps}`);
    }
    return this.groups.map((group) => {
      let startStep = 0.0;
      for (let i = 0; i < this.phases.length; i++) {
        const phase = this.phases[i];
        const endStep = phase.endStep;
        if (stepNum <= endStep || i === this.phases.length - 1) {
          // Python raises ZeroDivisionError here; JS would silently produce NaN.
          if (endStep - startStep === 0) {
            throw new RangeError(
              `OneCycleLR: phase ${i + 1} of the schedule has zero length (it starts and ends at step ${endStep}); choose pctStart so that pctStart * totalSteps != 1`,
            );
          }
          const pct = (stepNum - startStep) / (endStep - startStep);
          const lr = this.anneal(group[phase.startLr] as number, group[phase.endLr] as number, pct);
          if (this.cycleMomentum) {
            const momentum = this.anneal(group[phase.startMomentum] as number, group[phase.endMomentum] as number, pct);
            writeMomentum(group, momentum, this.useBeta1);
          }
          return lr;
        }
        startStep = phase.endStep;
      }
      throw new Error('OneCycleLR: unreachable, the last phase always matches');
    });
  }
}
