/** Attaches a hand-written backward to a tensor computed without the graph (for ops whose
 * composed gradient would differ from PyTorch's, e.g. BCE's clamped log). */
import { Node, isGradEnabled, type Tensor } from '@gradstack/core';

export type BackwardFn = ConstructorParameters<typeof Node>[3];

export function recordOp(out: Tensor, name: string, inputs: Tensor[], saved: Tensor[], backward: BackwardFn): Tensor {
  if (!isGradEnabled() || !inputs.some((t) => t.requiresGrad)) return out;
  out.gradFn = new Node(name, inputs, saved, backward);
  out._requiresGrad = true;
  return out;
}
