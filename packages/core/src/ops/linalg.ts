/** Matrix products. Every product reduces to one differentiable primitive, `mmT`, whose backward is mmT again. */
import { ArgumentError, DTypeError, ShapeError } from '../errors.js';
import { promoteTypes } from '../dtype.js';
import { broadcastShapes, fmtShape, numelOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { alloc, needsGrad, record, sameBackend } from './util.js';

/**
 * op(a) @ op(b) for 2-D operands, or 3-D operands with equal batch; op = transpose of the last
 * two dims when the flag is set. The flags let backward use Aᵀ and Bᵀ without copying them.
 */
export function mmT(a: Tensor, b: Tensor, ta: boolean, tb: boolean): Tensor {
  const backend = sameBackend(a, b, 'matmul');
  const batched = a.ndim === 3;
  const batch = batched ? a.shape[0] : 1;
  const [ar, ac] = a.shape.slice(-2);
  const [br, bc] = b.shape.slice(-2);
  const m = ta ? ac : ar;
  const k = ta ? ar : ac;
  const k2 = tb ? bc : br;
  const n = tb ? br : bc;
  if (k !== k2) {
    throw new ShapeError(`matmul: ${fmtShape(a.shape)}${ta ? 'ᵀ' : ''} @ ${fmtShape(b.shape)}${tb ? 'ᵀ' : ''} — inner dims ${k} and ${k2} differ`);
  }
  let A = a;
  let B = b;
  const dtype = promoteTypes(a.dtype, b.dtype);
  if (dtype === 'int32') throw new DTypeError(`matmul: int32 operands are not supported — convert with .float()`);
  if (A.dtype !== dtype) A = A.to(dtype);
  if (B.dtype !== dtype) B = B.to(dtype);
  const out = alloc(batched ? [batch, m, n] : [m, n], dtype, backend);
  backend.matmul(A.storage, B.storage, out.storage, batch, m, k, n, batched ? ar * ac : 0, b.ndim === 3 ? br * bc : 0, ta, tb, dtype);
  if (needsGrad(a, b)) {
    record(out, 'MmBackward', [a, b], [a, b], (g, s) => {
      const [x, y] = s;
      const ga = x.requiresGrad ? (ta ? mmT(y, g, tb, true) : mmT(g, y, false, !tb)) : null;
      const gb = y.requiresGrad ? (tb ? mmT(g, x, true, ta) : mmT(x, g, !ta, false)) : null;
      return [ga, gb];
    });
  }
  return out;
}

export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.ndim === 0 || b.ndim === 0) {
    throw new ShapeError(`matmul: both arguments need at least 1 dim, got ${fmtShape(a.shape)} and ${fmtShape(b.shape)} — use mul() for scalars`);
  }
  if (a.ndim === 1 && b.ndim === 1) return dot(a, b);
  if (a.ndim === 1) return matmul(a.unsqueeze(0), b).squeeze(-2);
  if (b.ndim === 1) return matmul(a, b.unsqueeze(-1)).squeeze(-1);
  if (a.ndim === 2 && b.ndim === 2) return mmT(a, b, false, false);
  const [m, k] = a.shape.slice(-2);
  const [k2, n] = b.shape.slice(-2);
  if (k !== k2) throw new ShapeError(`matmul: ${fmtShape(a.shape)} @ ${fmtShape(b.shape)} — inner dims ${k} and ${k2} differ`);
  const batchA = a.shape.slice(0, -2);
  const batchB = b.shape.slice(0, -2);
  if (b.ndim === 2) {
    // [..., m, k] @ [k, n]: fold the batch into the rows.
    return mmT(a.reshape([-1, k]), b, false, false).reshape([...batchA, m, n]);
  }
  const batch = broadcastShapes(batchA, batchB, 'matmul');
  const B = numelOf(batch);
  const a3 = a.expand([...batch, m, k]).reshape([B, m, k]);
  const b3 = b.expand([...batch, k, n]).reshape([B, k, n]);
  return mmT(a3, b3, false, false).reshape([...batch, m, n]);
}

export function mm(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 2 || b.ndim !== 2) throw new ShapeError(`mm: expects 2-D tensors, got ${fmtShape(a.shape)} and ${fmtShape(b.shape)} — use matmul() for other ranks`);
  return mmT(a, b, false, false);
}

export function bmm(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 3 || b.ndim !== 3) throw new ShapeError(`bmm: expects 3-D tensors, got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  if (a.shape[0] !== b.shape[0]) throw new ShapeError(`bmm: batch sizes ${a.shape[0]} and ${b.shape[0]} differ (${fmtShape(a.shape)} @ ${fmtShape(b.shape)})`);
  return mmT(a, b, false, false);
}

export function dot(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 1 || b.ndim !== 1) throw new ShapeError(`dot: expects 1-D tensors, got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  if (a.shape[0] !== b.shape[0]) throw new ShapeError(`dot: ${fmtShape(a.shape)} · ${fmtShape(b.shape)} — sizes ${a.shape[0]} and ${b.shape[0]} differ`);
  return mmT(a.reshape([1, -1]), b.reshape([-1, 1]), false, false).reshape([]);
}

export function outer(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 1 || b.ndim !== 1) throw new ArgumentError(`outer: expects 1-D tensors, got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  return a.reshape([-1, 1]).mul(b.reshape([1, -1]));
}

/**
 * x @ weightᵀ + bias, as torch.nn.functional.linear. The weight ([out, in]) is read transposed by
 * the product itself, so no transposed copy is made in forward or backward.
 */
export function linear(x: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  if (weight.ndim === 1) {
    const y = matmul(x, weight);
    return bias ? y.add(bias) : y;
  }
  const inF = weight.shape[1];
  if (x.ndim === 0 || x.shape[x.ndim - 1] !== inF) {
    throw new ShapeError(`linear: input ${fmtShape(x.shape)} has ${x.shape[x.ndim - 1]} features but weight ${fmtShape(weight.shape)} expects ${inF}`);
  }
  const lead = x.shape.slice(0, -1);
  const x2 = x.ndim === 2 ? x : x.reshape([-1, inF]);
  let y = mmT(x2, weight, false, true);
  if (bias) y = y.add(bias);
  return x.ndim === 2 ? y : y.reshape([...lead, weight.shape[0]]);
}
