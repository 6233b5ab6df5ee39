import { noGrad, type Tensor } from '@gradstack/core';
import { getSwaAvgFn, type AvgFn, type MultiAvgFn } from './averagingFns.js';

/** What AveragedModel needs of a model: its parameters, and buffers if it has any (an nn Module fits). */
export interface ModelLike {
  parameters(): Iterable<Tensor>;
  buffers?(): Iterable<Tensor>;
}

export interface AveragedModelOptions {
  /** Per-tensor averaging function (default: equal-weight SWA). */
  avgFn?: AvgFn;
  /** In-place averaging over the whole list, e.g. getEmaMultiAvgFn(0.999); exclusive with avgFn. */
  multiAvgFn?: MultiAvgFn;
  /** Average the buffers too, instead of copying them from the model (default false). */
  useBuffers?: boolean;
}

const paramsOf = (m: ModelLike | readonly Tensor[]): Tensor[] => (Array.isArray(m) ? [...m] : [...(m as ModelLike).parameters()]);
const buffersOf = (m: ModelLike | readonly Tensor[]): Tensor[] => (Array.isArray(m) ? [] : [...((m as ModelLike).buffers?.() ?? [])]);

/**
 * Running average of a model's weights for Stochastic Weight Averaging or EMA (PyTorch
 * `swa_utils.AveragedModel`). It keeps its own detached copies of the parameters (and buffers);
 * `updateParameters(model)` folds the model's current values in. The first update copies them.
 * Read the averages with `parameters()` / `buffers()`, or write them into a model with `copyTo`.
 */
export class AveragedModel implements ModelLike {
  private readonly params: Tensor[];
  private readonly bufs: Tensor[];
  readonly avgFn: AvgFn | undefined;
  readonly multiAvgFn: MultiAvgFn | undefined;
  readonly useBuffers: boolean;
  /** Number of models averaged so far (PyTorch `n_averaged`). */
  nAveraged = 0;

  constructor(model: ModelLike | readonly Tensor[], options: AveragedModelOptions = {}) {
    if (options.avgFn !== undefined && options.multiAvgFn !== undefined) {
      throw new RangeError('AveragedModel: only one of avgFn and multiAvgFn should be provided');
    }
    this.avgFn = options.avgFn;
    this.multiAvgFn = options.multiAvgFn;
    this.useBuffers = options.useBuffers ?? false;
    // PyTorch deep-copies the module; the copies here are detached clones that never need grad.
    this.params = noGrad(() => paramsOf(model).map((p) => p.detach().clone()));
    this.bufs = noGrad(() => buffersOf(model).map((b) => b.detach().clone()));
  }

  parameters(): Tensor[] {
    return [...this.params];
  }

  buffers(): Tensor[] {
    return [...this.bufs];
  }

  /** Folds the model's current parameters (and buffers with useBuffers) into the average. */
  updateParameters(model: ModelLike | readonly Tensor[]): void {
    const mine = this.useBuffers ? [...this.params, ...this.bufs] : this.params;
    const theirs = (this.useBuffers ? [...paramsOf(model), ...buffersOf(model)] : paramsOf(model)).map((t) => t.detach());
    if (theirs.length !== mine.length) {
      throw new RangeError(`AveragedModel.updateParameters: the model has ${theirs.length} tensors, the average holds ${mine.length}`);
    }
    noGrad(() => {
      if (this.nAveraged === 0) {
        mine.forEach((p, i) => p.copy_(theirs[i]));
      } else if (this.multiAvgFn !== undefined) {
        this.multiAvgFn(mine, theirs, this.nAveraged);
      } else {
        // PyTorch's default on CPU is the per-tensor SWA formula (foreach lerp is for accelerators).
        const avgFn = this.avgFn ?? getSwaAvgFn();
        mine.forEach((p, i) => p.copy_(avgFn(p, theirs[i], this.nAveraged)));
      }
      if (!this.useBuffers) {
        // Buffers are not averaged: keep them in sync with the source model.
        const modelBufs = buffersOf(model);
        this.bufs.forEach((b, i) => {
          if (i < modelBufs.length) b.copy_(modelBufs[i].detach());
        });
      }
    });
    this.nAveraged += 1;
  }

  /** Writes the averaged parameters (and buffers) into a model of the same structure, e.g. for evaluation. */
  copyTo(model: ModelLike | readonly Tensor[]): void {
    const params = paramsOf(model);
    const bufs = buffersOf(model);
    noGrad(() => {
      params.forEach((p, i) => p.copy_(this.params[i]));
      bufs.forEach((b, i) => b.copy_(this.bufs[i]));
    });
  }
}
