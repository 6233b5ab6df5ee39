/**
 * Host reads inside ops. Some ops need tensor values on the host synchronously (a result shape that
 * depends on the data, a host-side loop). On a backend that reads back only asynchronously (the gpu
 * backend in webgpu mode, see Backend.asyncOnly) they cannot run, and say so by name rather than
 * surfacing the backend's generic read error.
 */
import type { TypedArray } from './dtype.js';
import { BackendError } from './errors.js';
import type { Tensor } from './tensor.js';

/**
 * `t.data()`, or a BackendError naming the op, what it needs the values for, and what to do.
 * @param why what the op reads the values for ("the output size depends on the mask values")
 * @param fix what the caller can do instead
 */
export function hostData(t: Tensor, op: string, why: string, fix = 'run it on the cpu backend'): TypedArray {
  if (t.backend.asyncOnly) {
    throw new BackendError(
      `${op}: needs the tensor's values on the host synchronously (${why}), but the ${t.backend.name} backend ` +
        `(${t.backend.describe().split(' — ')[0]}) reads values back only asynchronously — ${fix}`,
    );
  }
  return t.data();
}
