import { AutogradError } from '../errors.js';
import type { Tensor } from '../tensor.js';

/** Backward rule: gradient of the output → gradient of each input (null where not needed). */
export type BackwardFn = (grad: Tensor, saved: readonly Tensor[], node: Node) => readonly (Tensor | null)[];

/**
 * One recorded op in the graph (a tensor's `gradFn`). `inputs` are the op's tensor inputs; the
 * engine routes each input gradient to the input's own gradFn, or into `.grad` for leaves.
 * Saved tensors carry the version they had when saved, so in-place changes are caught.
 */
export class Node {
  private savedTensors: Tensor[] | null;
  private readonly savedVersions: number[];
  released = false;
  /** Gradient hooks registered on the output tensor (non-leaf). */
  hooks: ((g: Tensor) => Tensor | void)[] | null = null;
  /** The output tensor requested `retainGrad()`. */
  retainTarget: Tensor | null = null;
  /**
   * Each input's gradFn when this op ran (null for leaves): the graph's edges. A later in-place op
   * gives the input tensor a new gradFn, which must not change this op's history.
   */
  readonly inputFns: readonly (Node | null)[];

  constructor(
    readonly name: string,
    readonly inputs: readonly Tensor[],
    saved: Tensor[],
    readonly backwardFn: BackwardFn,
  ) {
    this.inputFns = inputs.map((t) => t.gradFn);
    this.savedTensors = saved;
    this.savedVersions = saved.map((t) => t._versionCounter.value);
  }

  /** The saved tensors, checked against in-place modification since they were saved. */
  saved(): readonly Tensor[] {
    const s = this.savedTensors;
    if (s === null) {
      throw new AutogradError(
        `${this.name}: trying to backward through the graph a second time (or access saved tensors after they were freed). ` +
          `Pass { retainGraph: true } to the first backward() / autograd.grad() call if you need to backward twice.`,
      );
    }
    for (let i = 0; i < s.length; i++) {
      const v = s[i]._versionCounter;
      if (v.value !== this.savedVersions[i]) {
        throw new AutogradError(
          `one of the tensors needed for gradient computation has been modified by an in-place operation: ` +
            `a ${s[i].dtype} tensor of shape [${s[i].shape.join(',')}] saved by ${this.name} is at version ${v.value}; ` +
            `expected version ${this.savedVersions[i]} (it was modified by ${v.lastOp ?? 'an in-place op'}). ` +
            `Use an out-of-place op, or .clone() the tensor before modifying it.`,
        );
      }
    }
    return s;
  }

  hasSaved(): boolean {
    return this.savedVersions.length > 0;
  }

  release(): void {
    if (this.savedVersions.length > 0) this.savedTensors = null;
    this.released = true;
  }
}
