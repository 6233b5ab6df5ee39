/** Reductions over all dims or given dims, with keepdim; their backwards broadcast back. */
import type { ReduceOp } from '../backend/backend.js';
import { allocTyped, floatResult } from '../dtype.js';
import { ArgumentError } from '../errors.js';
import { normDim, numelOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { where } from './elementwise.js';
import { isGradEnabled } from '../autograd/gradMode.js';
import { fromTyped } from '../creation.js';
import { alloc, needsGrad, record } from './util.js';

export type Dims = number | readonly number[] | undefined | null;

/** Sorted, unique, non-negative dims; all dims when `dims` is undefined. */
export function normDims(dims: Dims, ndim: number, op: string): number[] {
  if (dims === undefined || dims === null) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof dims === 'number' ? [dims] : [...dims];
  const out = [...new Set(list.map((d) => normDim(d, ndim, op)))].sort((x, y) => x - y);
  return ndim === 0 ? [] : out;
}

function keptShape(shape: readonly number[], dims: number[]): number[] {
  return shape.map((s, i) => (dims.includes(i) ? 1 : s));
}

function droppedShape(shape: readonly number[], dims: number[]): number[] {
  return shape.filter((_, i) => !dims.includes(i));
}

/**
 * Raw reduction (no autograd): merges runs of adjacent reduced dims so a full reduction is one
 * pass, and reduces the runs from the innermost out.
 */
function reduceRaw(op: ReduceOp, a: Tensor, dims: number[]): Tensor {
  let cur = a;
  let shape = [...a.shape];
  const runs: [number, number][] = [];
  for (const d of dims) {
    const last = runs[runs.length - 1];
    if (last && last[1] === d - 1) last[1] = d;
    else runs.push([d, d]);
  }
  if (runs.length === 0) {
    // Nothing to reduce (0-d input): still a fresh tensor, so callers never record onto `a` itself.
    const index = op === 'amaxIndex' || op === 'aminIndex';
    const out = alloc(a.shape, index ? 'int32' : a.dtype, a.backend);
    if (index) a.backend.fill(out.storage, 'int32', out.numel, 0);
    else a.backend.copy(a.storage, a.dtype, out.storage, a.dtype, a.numel);
    return out;
  }
  for (let r = runs.length - 1; r >= 0; r--) {
    const [s, e] = runs[r];
    const outer = numelOf(shape.slice(0, s));
    const len = numelOf(shape.slice(s, e + 1));
    const inner = numelOf(shape.slice(e + 1));
    const dtype = op === 'amaxIndex' || op === 'aminIndex' ? 'int32' : cur.dtype;
    const nextShape = shape.map((v, i) => (i >= s && i <= e ? 1 : v));
    const out = alloc(nextShape, dtype, a.backend);
    if (len === 0 && (op === 'max' || op === 'min' || op === 'amaxIndex' || op === 'aminIndex')) {
      throw new ArgumentError(`${op}: cannot reduce over a dimension of size 0 — there is no identity for ${op}`);
    }
    a.backend.reduce(op, cur.storage, outer, len, inner, out.storage, dtype);
    cur = out;
    shape = nextShape;
  }
  return cur;
}

export function sum(a: Tensor, dims?: Dims, keepdim = false): Tensor {
  const ds = normDims(dims, a.ndim, 'sum');
  const kept = reduceRaw('sum', a, ds);
  const out = keepdim ? kept : kept.reshape(droppedShape(a.shape, ds));
  if (needsGrad(a)) {
    const inShape = a.shape;
    const kShape = keptShape(a.shape, ds);
    return record(out, 'SumBackward', [a], [], (g) => [g.reshape(kShape).expand(inShape)]);
  }
  return out;
}

export function mean(a: Tensor, dims?: Dims, keepdim = false): Tensor {
  const ds = normDims(dims, a.ndim, 'mean');
  const n = ds.reduce((acc, d) => acc * a.shape[d], 1);
  const src = a.dtype === 'int32' ? a.to(floatResult(a.dtype)) : a;
  return sum(src, ds, keepdim).div(n);
}

export function prod(a: Tensor, dims?: Dims, keepdim = false): Tensor {
  const ds = normDims(dims, a.ndim, 'prod');
  const kept = reduceRaw('prod', a, ds);
  const out = keepdim ? kept : kept.reshape(droppedShape(a.shape, ds));
  if (needsGrad(a)) {
    const kShape = keptShape(a.shape, ds);
    // d prod / d a_i = prod / a_i (valid where a_i != 0; zeros get the product of the others).
    return record(out, 'ProdBackward', [a], [a, kept], (g, s) => {
      const [x, saved] = s;
      // Under createGraph the product is recomputed differentiably so second derivatives see it.
      const p = isGradEnabled() ? x.prod(ds, true) : saved;
      const others = where(x.eq(0), exclusiveProduct(x, ds), p.div(x));
      return [g.reshape(kShape).mul(others)];
    });
  }
  return out;
}

/** Product of all other elements along `dims`, for the zero entries of prod's backward. */
function exclusiveProduct(x: Tensor, dims: number[]): Tensor {
  if (x.backend.asyncOnly) return exclusiveProductOnDevice(x.detach(), dims);
  const flat = x.data();
  const shape = x.shape;
  // Accumulated in doubles, stored in x's own dtype: a float64 array could not be placed on x's
  // backend when that is the gpu backend (float32 only).
  const res = allocTyped(x.dtype, flat.length);
  const strides = shape.map((_, i) => numelOf(shape.slice(i + 1)));
  for (let i = 0; i < flat.length; i++) {
    if (flat[i] !== 0) continue;
    let p = 1;
    for (let j = 0; j < flat.length; j++) {
      if (j === i) continue;
      let same = true;
      for (let d = 0; d < shape.length && same; d++) {
        if (dims.includes(d)) continue;
        if (Math.floor(i / strides[d]) % shape[d] !== Math.floor(j / strides[d]) % shape[d]) same = false;
      }
      if (same) p *= flat[j];
    }
    res[i] = p;
  }
  return fromTyped(res, shape, x.backend);
}

/**
 * The same on a backend that reads back only asynchronously (webgpu), from reductions instead of a
 * host loop: a zero entry's exclusive product is the product of its group's non-zero entries when
 * it is the group's only zero, else 0. Computed in the backend's float32 rather than in doubles.
 * Only its zero entries are used (prod's backward takes p / x elsewhere).
 */
function exclusiveProductOnDevice(x: Tensor, dims: number[]): Tensor {
  const isZero = x.eq(0);
  const zeros = isZero.sum(dims, true);
  const nonZeroProduct = where(isZero, 1, x).prod(dims, true);
  return where(zeros.eq(1), nonZeroProduct, 0).expand(x.shape);
}

/** amax/amin over dims; the gradient is shared evenly among ties (as PyTorch's amax). */
export function amax(a: Tensor, dims?: Dims, keepdim = false, op: 'max' | 'min' = 'max'): Tensor {
  const ds = normDims(dims, a.ndim, op === 'max' ? 'amax' : 'amin');
  const kept = reduceRaw(op, a, ds);
  const out = keepdim ? kept : kept.reshape(droppedShape(a.shape, ds));
  if (needsGrad(a)) {
    const kShape = keptShape(a.shape, ds);
    return record(out, op === 'max' ? 'AmaxBackward' : 'AminBackward', [a], [a, kept], (g, s) => {
      const mask = s[0].eq(s[1]);
      return [g.reshape(kShape).mul(mask).div(mask.sum(ds, true))];
    });
  }
  return out;
}

/** `max(dim)`/`min(dim)` result: destructure `[values, indices]` or read `.values`/`.indices`. */
export interface ValuesIndices extends Iterable<Tensor> {
  readonly values: Tensor;
  readonly indices: Tensor;
  readonly 0: Tensor;
  readonly 1: Tensor;
}

function valuesIndices(values: Tensor, indices: Tensor): ValuesIndices {
  return {
    values,
    indices,
    0: values,
    1: indices,
    *[Symbol.iterator]() {
      yield values;
      yield indices;
    },
  };
}

/** max/min along one dim: values (differentiable through gather) and int32 indices. */
export function maxDim(a: Tensor, dim: number, keepdim = false, op: 'max' | 'min' = 'max'): ValuesIndices {
  const d = normDim(dim, a.ndim, op);
  const idx = reduceRaw(op === 'max' ? 'amaxIndex' : 'aminIndex', a, a.ndim === 0 ? [] : [d]);
  let values = a.ndim === 0 ? a.clone() : a.gather(d, idx);
  let indices = idx;
  if (!keepdim && a.ndim > 0) {
    values = values.squeeze(d);
    indices = indices.squeeze(d);
  }
  return valuesIndices(values, indices);
}

export function argmax(a: Tensor, dim?: number | null, keepdim = false, op: 'max' | 'min' = 'max'): Tensor {
  const kind = op === 'max' ? 'amaxIndex' : 'aminIndex';
  if (dim === undefined || dim === null) {
    return reduceRaw(kind, a.reshape([-1]), [0]).reshape(keepdim ? a.shape.map(() => 1) : []);
  }
  const d = normDim(dim, a.ndim, op === 'max' ? 'argmax' : 'argmin');
  const r = reduceRaw(kind, a, a.ndim === 0 ? [] : [d]);
  return keepdim || a.ndim === 0 ? r : r.squeeze(d);
}

export interface VarOptions {
  /** Bessel's correction (divide by N − 1). Default true, as PyTorch. */
  unbiased?: boolean;
  /** Explicit correction (overrides `unbiased`). */
  correction?: number;
  keepdim?: boolean;
}

export function variance(a: Tensor, dims?: Dims, opts: VarOptions = {}): Tensor {
  const ds = normDims(dims, a.ndim, 'var');
  const n = ds.reduce((acc, d) => acc * a.shape[d], 1);
  const correction = opts.correction ?? (opts.unbiased === false ? 0 : 1);
  const centered = a.sub(a.mean(ds, true));
  return centered.square().sum(ds, opts.keepdim ?? false).div(Math.max(n - correction, 0));
}

export function logsumexp(a: Tensor, dims?: Dims, keepdim = false): Tensor {
  const ds = normDims(dims, a.ndim, 'logsumexp');
  const m = amax(a.detach(), ds, true);
  const shift = where(m.isinf(), 0, m);
  const r = a.sub(shift).exp().sum(ds, true).log().add(shift);
  return keepdim ? r : r.reshape(droppedShape(a.shape, ds));
}

export type NormOrd = number | 'fro';

export function norm(a: Tensor, p: NormOrd = 2, dims?: Dims, keepdim = false): Tensor {
  const ds = normDims(dims, a.ndim, 'norm');
  if (p === 'fro' || p === 2) return norm2(a, ds, keepdim);
  if (p === Infinity) return a.abs().amax(ds, keepdim);
  if (p === -Infinity) return a.abs().amin(ds, keepdim);
  if (p === 1) return a.abs().sum(ds, keepdim);
  if (p === 0) return a.ne(0).to(floatResult(a.dtype)).sum(ds, keepdim);
  return a.abs().pow(p).sum(ds, keepdim).pow(1 / p);
}

/** Euclidean norm with PyTorch's subgradient 0 at the zero vector. */
function norm2(a: Tensor, ds: number[], keepdim: boolean): Tensor {
  const kept = reduceRaw('sum', a.detach().square(), ds).sqrt();
  const out = keepdim ? kept : kept.reshape(droppedShape(a.shape, ds));
  if (needsGrad(a)) {
    const kShape = keptShape(a.shape, ds);
    return record(out, 'NormBackward', [a], [a, kept], (g, s) => {
      const x = s[0];
      // Under createGraph the norm is recomputed differentiably so second derivatives see it.
      const nrm = isGradEnabled() ? x.square().sum(ds, true).sqrt() : s[1];
      const safe = where(nrm.eq(0), 1, nrm);
      return [g.reshape(kShape).mul(x).div(safe).mul(nrm.ne(0))];
    });
  }
  return out;
}
