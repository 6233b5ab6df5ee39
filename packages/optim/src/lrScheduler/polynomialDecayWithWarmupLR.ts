import type { OptimizerLike } from '../optimizerLike.js';
import { LambdaLR } from './lambdaLR.js';
import type { LRSchedulerOptions } from './lrScheduler.js';
import { checkInteger, checkNumber, defaultLr, fail } from './options.js';
import { warmupFactor } from './warmup.js';

export interface PolynomialDecayWithWarmupLROptions extends LRSchedulerOptions {
  /** Steps of linear warmup from 0 to the initial lr. */
  warmupSteps: number;
  /** Step at which the decay reaches lrEnd (> warmupSteps). */
  totalSteps: number;
  /** Final lr (default 1e-7); must be below the optimizer's default lr. */
  lrEnd?: number;
  /** Power of the polynomial (default 1). */
  power?: number;
}

/** HF `get_polynomial_decay_schedule_with_warmup` multiplier; `lrInit` is the optimizer's default lr. */
export function polynomialDecayWithWarmupMultiplier(
  step: number,
  warmupSteps: number,
  totalSteps: number,
  lrEnd: number,
  power: number,
  lrInit: number,
): number {
  if (step < warmupSteps) return warmupFactor(step, warmupSteps);
  if (step > totalSteps) return lrEnd / lrInit; // LambdaLR multiplies by the initial lr
  const lrRange = lrInit - lrEnd;
  const decaySteps = totalSteps - warmupSteps;
  const pctRemaining = 1 - (step - warmupSteps) / decaySteps;
  const decay = lrRange * pctRemaining ** power + lrEnd;
  return decay / lrInit;
}

/**
 * Linear warmup, then polynomial decay to `lrEnd` at `totalSteps`, held afterwards. The ratio is
 * taken against the optimizer's default lr, so groups with another lr do not end exactly at lrEnd.
 */
export class PolynomialDecayWithWarmupLR extends LambdaLR {
  constructor(optimizer: OptimizerLike, options: PolynomialDecayWithWarmupLROptions) {
    const name = 'PolynomialDecayWithWarmupLR';
    const warmupSteps = checkInteger(name, 'warmupSteps', options.warmupSteps, 0);
    const totalSteps = checkInteger(name, 'totalSteps', options.totalSteps, 0);
    if (totalSteps <= warmupSteps) fail(name, 'totalSteps', totalSteps, `greater than warmupSteps (${warmupSteps})`);
    const lrEnd = checkNumber(name, 'lrEnd', options.lrEnd ?? 1e-7);
    const power = checkNumber(name, 'power', options.power ?? 1.0);
    const lrInit = defaultLr(optimizer);
    if (!(lrInit > lrEnd)) fail(name, 'lrEnd', lrEnd, `smaller than the initial lr (${lrInit})`);
    super(optimizer, {
      lrLambda: (step) => polynomialDecayWithWarmupMultiplier(step, warmupSteps, totalSteps, lrEnd, power, lrInit),
      lastEpoch: options.lastEpoch,
    });
  }
}
