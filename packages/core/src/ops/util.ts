/** Shared plumbing for op definitions: tensor construction, graph recording, broadcast undo. */
import { isGradEnabled } from '../autograd/gradMode.js';
import { Node, type BackwardFn } from '../autograd/node.js';
import type { Backend, Storage } from '../backend/backend.js';
import { BackendError } from '../errors.js';
import type { DType } from '../dtype.js';
import { numelOf, shapesEqual, type Shape } from '../shape.js';
import { Tensor } from '../tensor.js';

export function make(storage: Storage, shape: Shape, dtype: DType, backend: Backend): Tensor {
  return new Tensor(storage, shape as number[], dtype, backend);
}

/** A new uninitialised tensor on `backend`. */
export function alloc(shape: Shape, dtype: DType, backend: Backend): Tensor {
  return new Tensor(backend.alloc(dtype, numelOf(shape)), shape as number[], dtype, backend);
}

export function needsGrad(a: Tensor, b?: Tensor | null, c?: Tensor | null): boolean {
  if (!isGradEnabled()) return false;
  return a.requiresGrad || (b != null && b.requiresGrad) || (c != null && c.requiresGrad);
}

export function needsGradAny(ts: readonly Tensor[]): boolean {
  if (!isGradEnabled()) return false;
  for (const t of ts) if (t.requiresGrad) return true;
  return false;
}

/** Attaches a backward rule to `out`. */
export function record(out: Tensor, name: string, inputs: Tensor[], saved: Tensor[], fn: BackwardFn): Tensor {
  out.gradFn = new Node(name, inputs, saved, fn);
  out._requiresGrad = true;
  return out;
}

export function sameBackend(a: Tensor, b: Tensor, op: string): Backend {
  if (a.backend !== b.backend) {
    throw new BackendError(
      `${op}: tensors live on different backends ('${a.backend.name}' and '${b.backend.name}') — move one with .to('${a.backend.name}') or .to('${b.backend.name}')`,
    );
  }
  return a.backend;
}

/** Sums a broadcast gradient back to `shape` (the adjoint of broadcasting). */
export function sumTo(g: Tensor, shape: Shape): Tensor {
  if (shapesEqual(g.shape, shape)) return g;
  const lead = g.shape.length - shape.length;
  const dims: number[] = [];
  for (let i = 0; i < g.shape.length; i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) dims.push(i);
  }
  let r = dims.length ? g.sum(dims, true) : g;
  if (lead > 0 || !shapesEqual(r.shape, shape)) r = r.reshape(shape as number[]);
  return r;
}
