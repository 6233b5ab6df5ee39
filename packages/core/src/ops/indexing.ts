/** Index ops: indexSelect, gather, scatter, masks, oneHot, triangles. Indices are int32 tensors. */
import { DTypeError, IndexError, ShapeError } from '../errors.js';
import { broadcastShapes, fmtShape, normDim, numelOf } from '../shape.js';
import { Tensor } from '../tensor.js';
import { fromTyped } from '../creation.js';
import { ternary, where, type Operand } from './elementwise.js';
import { runInplace } from './inplace.js';
import { cat } from './shape.js';
import { alloc, needsGrad, record, sameBackend } from './util.js';
import { hostData } from '../hostRead.js';

function checkIndex(index: Tensor, size: number, op: string): Int32Array {
  if (index.dtype !== 'int32') {
    throw new DTypeError(`${op}: index must be an int32 tensor, got ${index.dtype} — convert it with .int()`);
  }
  const data = index.data() as Int32Array;
  for (let i = 0; i < data.length; i++) {
    if (data[i] < -size || data[i] >= size) throw new IndexError(`${op}: index ${data[i]} is out of bounds for dimension with size ${size}`);
  }
  return data;
}

/**
 * The index ready for the backend: validated on the host and negative entries wrapped. A backend
 * that reads back only asynchronously (webgpu) cannot check on the host without a read it cannot
 * do, so there bounds are NOT checked (an out-of-range index reads or writes an unspecified
 * element, as in other GPU frameworks) and negative entries are wrapped on the device.
 */
function prepareIndex(index: Tensor, size: number, op: string): Tensor {
  if (index.dtype !== 'int32') {
    throw new DTypeError(`${op}: index must be an int32 tensor, got ${index.dtype} — convert it with .int()`);
  }
  if (index.backend.asyncOnly) return where(index.lt(0), index.add(size), index);
  return normalised(index, checkIndex(index, size, op), size);
}

/** Negative indices count from the end, as in PyTorch. */
function normalised(index: Tensor, data: Int32Array, size: number): Tensor {
  let neg = false;
  for (let i = 0; i < data.length; i++) if (data[i] < 0) { neg = true; break; }
  if (!neg) return index;
  const fixed = new Int32Array(data.length);
  for (let i = 0; i < data.length; i++) fixed[i] = data[i] < 0 ? data[i] + size : data[i];
  return fromTyped(fixed, index.shape, index.backend);
}

export function indexSelect(a: Tensor, dim: number, index: Tensor): Tensor {
  const d = normDim(dim, a.ndim, 'indexSelect');
  if (index.ndim > 1) throw new ShapeError(`indexSelect: index must be 1-D (or a scalar), got shape ${fmtShape(index.shape)}`);
  sameBackend(a, index, 'indexSelect');
  const size = a.ndim === 0 ? 1 : a.shape[d];
  const idx = prepareIndex(index, size, 'indexSelect');
  const n = index.numel;
  const shape = a.ndim === 0 ? [] : [...a.shape];
  if (a.ndim > 0) shape[d] = n;
  const out = alloc(shape, a.dtype, a.backend);
  const outer = numelOf(a.shape.slice(0, d));
  const inner = numelOf(a.shape.slice(d + 1));
  a.backend.indexSelect(a.storage, outer, size, inner, idx.storage, n, out.storage, a.dtype);
  if (needsGrad(a)) {
    const inShape = a.shape;
    record(out, 'IndexSelectBackward', [a], [], (g) => [indexAddZeros(g, inShape, d, idx)]);
  }
  return out;
}

/** The adjoint of indexSelect: zeros of `shape` with g added at the indexed rows. */
function indexAddZeros(g: Tensor, shape: readonly number[], d: number, idx: Tensor): Tensor {
  const out = alloc(shape, g.dtype, g.backend);
  g.backend.fill(out.storage, g.dtype, out.numel, 0);
  const outer = numelOf(shape.slice(0, d));
  const inner = numelOf(shape.slice(d + 1));
  g.backend.indexAdd(out.storage, outer, shape.length ? shape[d] : 1, inner, idx.storage, idx.numel, g.storage, g.dtype);
  if (needsGrad(g)) record(out, 'IndexAddBackward', [g], [], (gg) => [gg.indexSelect(d, idx)]);
  return out;
}

function checkGatherShapes(a: Tensor, d: number, index: Tensor, op: string): void {
  if (index.ndim !== a.ndim) throw new ShapeError(`${op}: index ${fmtShape(index.shape)} must have the same number of dims as the input ${fmtShape(a.shape)}`);
  for (let i = 0; i < a.ndim; i++) {
    if (i !== d && index.shape[i] > a.shape[i]) throw new ShapeError(`${op}: index ${fmtShape(index.shape)} is larger than the input ${fmtShape(a.shape)} at dim ${i}`);
  }
}

export function gather(a: Tensor, dim: number, index: Tensor): Tensor {
  const d = normDim(dim, a.ndim, 'gather');
  sameBackend(a, index, 'gather');
  checkGatherShapes(a, d, index, 'gather');
  const size = a.ndim === 0 ? 1 : a.shape[d];
  const idx = prepareIndex(index, size, 'gather');
  const out = alloc(index.shape, a.dtype, a.backend);
  a.backend.gather(a.storage, a.shape, d, idx.storage, idx.shape, out.storage, a.dtype);
  if (needsGrad(a)) {
    const inShape = a.shape;
    record(out, 'GatherBackward', [a], [], (g) => [scatterAddZeros(g, inShape, d, idx)]);
  }
  return out;
}

/** The adjoint of gather. */
function scatterAddZeros(g: Tensor, shape: readonly number[], d: number, idx: Tensor): Tensor {
  const out = alloc(shape, g.dtype, g.backend);
  g.backend.fill(out.storage, g.dtype, out.numel, 0);
  g.backend.scatter(out.storage, shape, d, idx.storage, idx.shape, g.storage, g.dtype, 'add');
  if (needsGrad(g)) record(out, 'ScatterAddBackward', [g], [], (gg) => [gg.gather(d, idx)]);
  return out;
}

function srcTensor(src: Operand, index: Tensor, like: Tensor): Tensor {
  if (typeof src !== 'number') return src;
  const t = alloc(index.shape, like.dtype, like.backend);
  like.backend.fill(t.storage, like.dtype, t.numel, src);
  return t;
}

/** Out-of-place scatter ('set') / scatterAdd ('add'). */
export function scatter(a: Tensor, dim: number, index: Tensor, src: Operand, mode: 'set' | 'add'): Tensor {
  const out = a.detach().clone();
  scatterInto(out, dim, index, src, mode, true);
  const s = typeof src === 'number' ? null : src;
  if (needsGrad(a, s)) {
    const d = normDim(dim, a.ndim, 'scatter');
    record(out, mode === 'add' ? 'ScatterAddBackward' : 'ScatterBackward', s ? [a, s] : [a], [], (g) => {
      const ga = mode === 'add' ? g : g.scatter(d, index, 0);
      return s ? [ga, padTo(g.gather(d, index), s.shape)] : [ga];
    });
  }
  return out;
}

export function scatter_(a: Tensor, dim: number, index: Tensor, src: Operand, mode: 'set' | 'add'): Tensor {
  return runInplace(a, mode === 'add' ? 'scatterAdd_' : 'scatter_', typeof src === 'number' ? [] : [src], (old) => scatter(old, dim, index, src, mode), () =>
    scatterInto(a, dim, index, src, mode, false));
}

function scatterInto(out: Tensor, dim: number, index: Tensor, src: Operand, mode: 'set' | 'add', _fresh: boolean): void {
  const d = normDim(dim, out.ndim, 'scatter');
  const size = out.ndim === 0 ? 1 : out.shape[d];
  if (index.ndim !== out.ndim) throw new ShapeError(`scatter: index ${fmtShape(index.shape)} must have as many dims as self ${fmtShape(out.shape)}`);
  const idx = prepareIndex(index, size, 'scatter');
  const s = srcTensor(src, index, out);
  for (let i = 0; i < out.ndim; i++) {
    if (index.shape[i] > s.shape[i]) throw new ShapeError(`scatter: index ${fmtShape(index.shape)} is larger than src ${fmtShape(s.shape)} at dim ${i}`);
  }
  // src may be larger than index: take its leading block.
  const srcBlock = s.shape.every((v, i) => v === index.shape[i]) ? s : narrowTo(s, index.shape);
  out.backend.scatter(out.storage, out.shape, d, idx.storage, idx.shape, srcBlock.storage, out.dtype, mode);
}

/** Zero-pads `g` at the end of each dim up to `shape`: the adjoint of narrowTo (src larger than index). */
function padTo(g: Tensor, shape: readonly number[]): Tensor {
  let r = g;
  for (let i = 0; i < shape.length; i++) {
    if (r.shape[i] === shape[i]) continue;
    const zeros = alloc(r.shape.map((v, k) => (k === i ? shape[i] - v : v)), r.dtype, r.backend);
    r.backend.fill(zeros.storage, r.dtype, zeros.numel, 0);
    r = cat([r, zeros], i);
  }
  return r;
}

function narrowTo(t: Tensor, shape: readonly number[]): Tensor {
  let r = t;
  for (let i = 0; i < shape.length; i++) if (r.shape[i] !== shape[i]) r = r.narrow(i, 0, shape[i]);
  return r;
}

export function maskedFill(a: Tensor, mask: Tensor, value: number | Tensor): Tensor {
  const shape = broadcastShapes(a.shape, mask.shape, 'maskedFill');
  if (shape.length !== a.ndim || shape.some((s, i) => s !== a.shape[i])) {
    throw new ShapeError(`maskedFill: mask ${fmtShape(mask.shape)} must broadcast to the tensor's shape ${fmtShape(a.shape)}`);
  }
  const v = typeof value === 'number' ? srcTensor(value, fromTyped(new Int32Array(0), [], a.backend), a) : value;
  return ternary('where', mask, v, a, 0, a.dtype);
}

export function maskedFill_(a: Tensor, mask: Tensor, value: number): Tensor {
  const shape = broadcastShapes(a.shape, mask.shape, 'maskedFill_');
  if (shape.length !== a.ndim || shape.some((s, i) => s !== a.shape[i])) {
    throw new ShapeError(`maskedFill_: mask ${fmtShape(mask.shape)} must broadcast to the tensor's shape ${fmtShape(a.shape)}`);
  }
  const v = srcTensor(value, fromTyped(new Int32Array(0), [], a.backend), a);
  return runInplace(a, 'maskedFill_', [], (old) => maskedFill(old, mask, value), () =>
    a.backend.ternary('where', mask.storage, mask.shape, v.storage, v.shape, a.storage, a.shape, a.storage, a.shape, a.dtype, 0));
}

/** Elements where mask is non-zero, as a 1-D tensor (differentiable through indexSelect). */
export function maskedSelect(a: Tensor, mask: Tensor): Tensor {
  const shape = broadcastShapes(a.shape, mask.shape, 'maskedSelect');
  const m = hostData(mask.expand(shape), 'maskedSelect', 'the output size depends on the mask values', 'use where(mask, a, 0) or maskedFill, which keep the shape');
  const picks: number[] = [];
  for (let i = 0; i < m.length; i++) if (m[i] !== 0) picks.push(i);
  return a.expand(shape).reshape([-1]).indexSelect(0, fromTyped(Int32Array.from(picks), [picks.length], a.backend));
}

export function oneHot(t: Tensor, numClasses = -1): Tensor {
  if (t.dtype !== 'int32') throw new DTypeError(`oneHot: class values must be an int32 tensor, got ${t.dtype} — convert with .int()`);
  const data = hostData(t, 'oneHot', 'the class values are validated and scattered on the host', 'compare with an arange instead: t.unsqueeze(-1).eq(classes)') as Int32Array;
  let max = -1;
  for (let i = 0; i < data.length; i++) {
    if (data[i] < 0) throw new IndexError(`oneHot: class values must be non-negative, got ${data[i]}`);
    if (data[i] > max) max = data[i];
  }
  const c = numClasses < 0 ? max + 1 : numClasses;
  if (max >= c) throw new IndexError(`oneHot: class value ${max} is out of range for numClasses ${c}`);
  const out = new Int32Array(data.length * c);
  for (let i = 0; i < data.length; i++) out[i * c + data[i]] = 1;
  return fromTyped(out, [...t.shape, c], t.backend);
}

export function triangle(a: Tensor, k: number, upper: boolean): Tensor {
  const name = upper ? 'triu' : 'tril';
  if (a.ndim < 2) throw new ShapeError(`${name}: input must have at least 2 dims, got ${fmtShape(a.shape)}`);
  const rows = a.shape[a.ndim - 2];
  const cols = a.shape[a.ndim - 1];
  const out = alloc(a.shape, a.dtype, a.backend);
  a.backend.triangle(a.storage, a.numel / Math.max(rows * cols, 1), rows, cols, k, upper, out.storage, a.dtype);
  if (needsGrad(a)) record(out, upper ? 'TriuBackward' : 'TrilBackward', [a], [], (g) => [triangle(g, k, upper)]);
  return out;
}

