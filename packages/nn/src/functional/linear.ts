/** Affine maps: linear (y = x Wᵀ + b) and bilinear (y_k = x1ᵀ W_k x2 + b_k). */
import { linear as coreLinear, ShapeError, type Tensor } from '@gradstack/core';

/** x: [..., in], weight: [out, in], bias: [out]. One matmul and one (broadcast) add. */
export function linear(x: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  const inF = weight.shape[weight.ndim - 1];
  if (x.shape[x.ndim - 1] !== inF) {
    throw new ShapeError(`linear: input [${x.shape.join(',')}] has ${x.shape[x.ndim - 1]} features but weight [${weight.shape.join(',')}] expects ${inF}`);
  }
  // core's linear reads the weight transposed inside the product: no copy of Wᵀ per step.
  return coreLinear(x, weight, bias);
}

/** x1: [..., in1], x2: [..., in2], weight: [out, in1, in2], bias: [out] → [..., out]. */
export function bilinear(x1: Tensor, x2: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  const [out, in1, in2] = weight.shape;
  if (x1.shape[x1.ndim - 1] !== in1 || x2.shape[x2.ndim - 1] !== in2) {
    throw new ShapeError(`bilinear: inputs [${x1.shape.join(',')}] and [${x2.shape.join(',')}] do not match weight [${weight.shape.join(',')}] (expects ${in1} and ${in2} features)`);
  }
  const lead = x1.shape.slice(0, -1);
  const a = x1.reshape([-1, in1]);
  const b = x2.reshape([-1, in2]);
  // (x1 · W_k) for all k at once: [B, in1] @ [in1, out·in2], then contract with x2.
  const w = weight.permute([1, 0, 2]).reshape([in1, out * in2]);
  const y = a.matmul(w).reshape([-1, out, in2]).mul(b.unsqueeze(1)).sum(2);
  const r = bias ? y.add(bias) : y;
  return r.reshape([...lead, out]);
}
