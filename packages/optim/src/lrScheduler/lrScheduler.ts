import type { OptimizerLike, ParamGroupLike } from '../optimizerLike.js';
import { checkInteger } from './options.js';

/** A scheduler's serialisable state: plain data (numbers, strings, arrays, nested states). */
export type SchedulerState = Record<string, unknown>;

export interface LRSchedulerOptions {
  /** Index of the last epoch when resuming; -1 (default) starts a fresh schedule. */
  lastEpoch?: number;
}

const STEP_ORDER_WARNING =
  'Detected call of `lrScheduler.step()` before `optimizer.step()`. ' +
  'You should call them in this order: `optimizer.step()` before `lrScheduler.step()`. ' +
  'Failure to do this will result in skipping the first value of the learning rate schedule. ' +
  'See https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate';

const EPOCH_DEPRECATION_WARNING =
  'The epoch argument of `scheduler.step(epoch)` is deprecated, as in PyTorch: ' +
  'use `scheduler.step()`. While it lasts, an explicit epoch uses the closed form where one exists.';

/**
 * Base of the epoch schedulers (PyTorch `torch.optim.lr_scheduler.LRScheduler`).
 *
 * A subclass sets its own fields in its constructor and then calls `this.init(lastEpoch)`,
 * which records `initialLr` in the groups and performs the initial step (epoch 0). The step
 * is not done by this constructor because subclass fields do not exist yet while it runs.
 */
export abstract class LRScheduler {
  readonly optimizer: OptimizerLike;
  /** Each group's `initialLr` when the schedule was built (a copy, never aliased). */
  baseLrs: number[] = [];
  lastEpoch = -1;
  /** Number of `step()` calls including the initial one (PyTorch `_step_count`). */
  stepCount = 0;
  /** True only during the constructor's initial step; recursive forms then keep the lr. */
  protected isInitial = false;
  protected lastLr: number[];
  private warnedStepOrder = false;
  private warnedEpochArgument = false;

  constructor(optimizer: OptimizerLike) {
    this.optimizer = optimizer;
    this.lastLr = optimizer.paramGroups.map((g) => g.lr);
  }

  protected get groups(): ParamGroupLike[] {
    return this.optimizer.paramGroups;
  }

  /** PyTorch's `LRScheduler.__init__`: set-default `initialLr`, record `baseLrs`, take the initial step. */
  protected init(lastEpoch: number): void {
    checkInteger(this.constructor.name, 'lastEpoch', lastEpoch, -1);
    if (lastEpoch === -1) {
      for (const group of this.groups) {
        if (group.initialLr === undefined) group.initialLr = group.lr;
      }
    } else {
      this.groups.forEach((group, i) => {
        if (group.initialLr === undefined) {
          throw new RangeError(
            `${this.constructor.name}: param 'initialLr' is not specified in paramGroups[${i}] when resuming with lastEpoch = ${lastEpoch}`,
          );
        }
      });
    }
    this.baseLrs = this.groups.map((g) => g.initialLr as number);
    this.lastEpoch = lastEpoch;
    this.initialStep();
  }

  /** Resets the step count and performs one step in initial mode. @internal (used by SequentialLR) */
  initialStep(): void {
    this.stepCount = 0;
    this.isInitial = true;
    try {
      this.step();
    } finally {
      this.isInitial = false;
    }
  }

  /**
   * Advances the schedule by one epoch and writes the new lr into every group.
   * `step(epoch)` is PyTorch's deprecated form: it jumps to `epoch`, through the closed form where
   * the scheduler has one.
   */
  step(epoch?: number): void {
    this.warnIfBeforeOptimizerStep();
    this.stepCount += 1;
    if (epoch !== undefined) this.warnEpochArgument();
    this.updateLr(epoch);
  }

  /** Once per scheduler, where PyTorch warns on every `step(epoch)`. */
  protected warnEpochArgument(): void {
    if (this.warnedEpochArgument) return;
    this.warnedEpochArgument = true;
    process.emitWarning(EPOCH_DEPRECATION_WARNING, 'DeprecationWarning');
  }

  /** @internal PyTorch `_update_lr`; SequentialLR restarts a phase through `updateLr(0)`. */
  updateLr(epoch?: number): void {
    let values: number[];
    if (epoch === undefined) {
      this.lastEpoch += 1;
      values = this.getLr();
    } else {
      this.lastEpoch = epoch;
      values = this.closedFormLr() ?? this.getLr();
    }
    const groups = this.groups;
    const n = Math.min(groups.length, values.length);
    for (let i = 0; i < n; i++) groups[i].lr = values[i];
    this.lastLr = groups.map((g) => g.lr);
  }

  /** The lr each group got from the last step (one value per group). */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /** The chainable (recursive) form: the new lr of every group at `lastEpoch`. */
  protected getLr(): number[] {
    throw new Error(`${this.constructor.name} has no chainable getLr()`);
  }

  /** The closed form from `baseLrs` at `lastEpoch`, for schedulers that have one. */
  protected closedFormLr(): number[] | undefined {
    return undefined;
  }

  /** Keys that are not state (functions, links to other objects). */
  protected nonStateKeys(): readonly string[] {
    return [];
  }

  /** Every field except the optimizer and functions, deep-copied (PyTorch: `__dict__` minus the optimizer). */
  stateDict(): SchedulerState {
    const skip = new Set(['optimizer', ...this.nonStateKeys()]);
    const state: SchedulerState = {};
    for (const [key, value] of Object.entries(this)) {
      if (skip.has(key) || typeof value === 'function') continue;
      state[key] = structuredClone(value);
    }
    return state;
  }

  /** Restores what `stateDict()` returned; the optimizer's groups must be restored separately. */
  loadStateDict(state: SchedulerState): void {
    const skip = new Set(['optimizer', ...this.nonStateKeys()]);
    for (const [key, value] of Object.entries(state)) {
      if (skip.has(key)) continue;
      (this as unknown as Record<string, unknown>)[key] = structuredClone(value);
    }
  }

  /** PyTorch warns when the first explicit scheduler step comes before any optimizer step. */
  protected warnIfBeforeOptimizerStep(): void {
    if (this.isInitial || this.warnedStepOrder || this.stepCount !== 1) return;
    if (this.optimizer.stepCount === 0) {
      this.warnedStepOrder = true;
      process.emitWarning(STEP_ORDER_WARNING, 'UserWarning');
    }
  }
}
