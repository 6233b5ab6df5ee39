/**
 * In-place ops. Without graph recording they write straight into the target's storage. With
 * recording, the op runs out of place on an alias of the old value and the result is copied in;
 * the target then takes the new gradFn (PyTorch's "rebase history"). Either way the version
 * counter is bumped, so a saved tensor modified afterwards is caught at backward.
 */
import { isGradEnabled } from '../autograd/gradMode.js';
import { AutogradError } from '../errors.js';
import type { Tensor } from '../tensor.js';

export function runInplace(
  t: Tensor, name: string, others: readonly (Tensor | number)[], outOfPlace: (old: Tensor) => Tensor, direct: () => void,
): Tensor {
  if (isGradEnabled()) {
    if (t.requiresGrad && t.isLeaf) {
      throw new AutogradError(
        `${name}: a leaf tensor that requires grad is being used in an in-place operation — ` +
          `wrap the update in noGrad(() => ...) (as optimizers do), or operate on a .clone()`,
      );
    }
    const recording = t.requiresGrad || others.some((o) => typeof o !== 'number' && o.requiresGrad);
    if (recording && t._versionCounter.viewed) {
      // PyTorch rebases every view's history; gradstack rebases only t's, so the other view's
      // gradient would silently miss this op. Refuse rather than be wrong.
      throw new AutogradError(
        `${name}: in-place op on a tensor that shares storage with a view (reshape/view/squeeze/unsqueeze/flatten) ` +
          `while recording gradients — the other view's history would not see it. Use the out-of-place op, ` +
          `or .clone() before reshaping`,
      );
    }
    const r = recording ? outOfPlace(snapshot(t)) : null;
    if (r && r.requiresGrad) {
      t.backend.copy(r.storage, r.dtype, t.storage, t.dtype, t.numel);
      t.gradFn = r.gradFn;
      t._requiresGrad = true;
      t._bump(name);
      return t;
    }
  }
  direct();
  t._bump(name);
  return t;
}

/**
 * The old value at t's graph position, in its own storage and version counter: t's storage is about
 * to be overwritten, and what the out-of-place op saves for backward must keep the old values.
 */
function snapshot(t: Tensor): Tensor {
  const old = t._alias();
  old.storage = t.backend.alloc(t.dtype, t.numel);
  t.backend.copy(t.storage, t.dtype, old.storage, t.dtype, t.numel);
  old._versionCounter = { value: 0 };
  return old;
}
