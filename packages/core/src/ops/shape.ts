/** Shape ops. reshape/view/squeeze/unsqueeze/flatten share storage; the rest copy. */
import { ArgumentError, IndexError, ShapeError } from '../errors.js';
import { promoteTypes } from '../dtype.js';
import { fmtShape, normDim, numelOf, shapesEqual, checkShape } from '../shape.js';
import { Tensor } from '../tensor.js';
import { alloc, needsGrad, needsGradAny, record, sameBackend } from './util.js';

export function reshape(a: Tensor, shape: readonly number[]): Tensor {
  const target = inferShape(shape, a.numel, a.shape, 'reshape');
  if (shapesEqual(target, a.shape)) return a;
  const out = new Tensor(a.storage, target, a.dtype, a.backend);
  out._versionCounter = a._versionCounter; // a view: in-place changes to either are seen by both
  a._versionCounter.viewed = true;
  if (needsGrad(a)) {
    const inShape = a.shape;
    record(out, 'ViewBackward', [a], [], (g) => [g.reshape(inShape)]);
  }
  return out;
}

function inferShape(shape: readonly number[], numel: number, from: readonly number[], op: string): number[] {
  let infer = -1;
  let known = 1;
  const out = [...shape];
  for (let i = 0; i < out.length; i++) {
    if (out[i] === -1) {
      if (infer >= 0) throw new ArgumentError(`${op}: only one dimension can be inferred (-1), got ${fmtShape(shape)}`);
      infer = i;
    } else {
      checkShape([out[i]], op);
      known *= out[i];
    }
  }
  if (infer >= 0) {
    if (known === 0 || numel % known !== 0) throw new ShapeError(`${op}: shape ${fmtShape(shape)} is invalid for input of size ${numel} (from ${fmtShape(from)})`);
    out[infer] = numel / known;
  } else if (known !== numel) {
    throw new ShapeError(`${op}: shape ${fmtShape(shape)} is invalid for input of size ${numel} (from ${fmtShape(from)}) — the number of elements must stay the same`);
  }
  return out;
}

export function squeeze(a: Tensor, dim?: number | readonly number[]): Tensor {
  if (dim === undefined) return a.reshape(a.shape.filter((s) => s !== 1));
  const ds = (typeof dim === 'number' ? [dim] : dim).map((d) => normDim(d, a.ndim, 'squeeze'));
  return a.reshape(a.shape.filter((s, i) => !(ds.includes(i) && s === 1)));
}

export function unsqueeze(a: Tensor, dim: number): Tensor {
  const d = normDim(dim, a.ndim + 1, 'unsqueeze');
  const shape = [...a.shape];
  shape.splice(d, 0, 1);
  return a.reshape(shape);
}

export function flatten(a: Tensor, startDim = 0, endDim = -1): Tensor {
  if (a.ndim === 0) return a.reshape([1]);
  const s = normDim(startDim, a.ndim, 'flatten');
  const e = normDim(endDim, a.ndim, 'flatten');
  if (s > e) throw new ArgumentError(`flatten: startDim ${startDim} comes after endDim ${endDim}`);
  const shape = [...a.shape.slice(0, s), numelOf(a.shape.slice(s, e + 1)), ...a.shape.slice(e + 1)];
  return a.reshape(shape);
}

/** Broadcasts to `shape` (-1 keeps a size), materialised; backward sums the broadcast dims. */
export function expand(a: Tensor, shape: readonly number[]): Tensor {
  const lead = shape.length - a.ndim;
  if (lead < 0) throw new ShapeError(`expand: the target shape ${fmtShape(shape)} has fewer dims than the tensor ${fmtShape(a.shape)}`);
  const target = shape.map((s, i) => (s === -1 && i >= lead ? a.shape[i - lead] : s));
  for (let i = 0; i < a.ndim; i++) {
    const s = a.shape[i];
    if (s !== 1 && s !== target[i + lead]) {
      throw new ShapeError(`expand: the size ${s} of dim ${i} of ${fmtShape(a.shape)} must match ${target[i + lead]} in ${fmtShape(shape)} (or be 1)`);
    }
  }
  checkShape(target, 'expand');
  if (shapesEqual(target, a.shape)) return a;
  const one = a.backend.alloc(a.dtype, 1);
  a.backend.fill(one, a.dtype, 1, 1);
  const out = alloc(target, a.dtype, a.backend);
  a.backend.binary('mul', a.storage, a.shape, one, [], out.storage, target, a.dtype);
  if (needsGrad(a)) {
    const inShape = a.shape;
    record(out, 'ExpandBackward', [a], [], (g) => {
      const dims: number[] = [];
      for (let i = 0; i < target.length; i++) if (i < lead || (inShape[i - lead] === 1 && target[i] !== 1)) dims.push(i);
      return [(dims.length ? g.sum(dims, true) : g).reshape(inShape)];
    });
  }
  return out;
}

export function repeat(a: Tensor, reps: readonly number[]): Tensor {
  if (reps.length < a.ndim) throw new ArgumentError(`repeat: ${reps.length} repeats given for a tensor with ${a.ndim} dims — give at least one per dim`);
  const shape = [...new Array(reps.length - a.ndim).fill(1), ...a.shape];
  const inter: number[] = [];
  const expanded: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    inter.push(1, shape[i]);
    expanded.push(reps[i], shape[i]);
  }
  return a.reshape(inter).expand(expanded).reshape(shape.map((s, i) => s * reps[i]));
}

export function permute(a: Tensor, dims: readonly number[]): Tensor {
  if (dims.length !== a.ndim) throw new ArgumentError(`permute: got ${dims.length} dims [${dims.join(',')}] for a tensor with ${a.ndim} dims`);
  const perm = dims.map((d) => normDim(d, a.ndim, 'permute'));
  if (new Set(perm).size !== perm.length) throw new ArgumentError(`permute: repeated dim in [${dims.join(',')}]`);
  if (perm.every((p, i) => p === i)) return a;
  const shape = perm.map((p) => a.shape[p]);
  const out = alloc(shape, a.dtype, a.backend);
  a.backend.permute(a.storage, a.shape, perm, out.storage, a.dtype);
  if (needsGrad(a)) {
    const inv = new Array<number>(perm.length);
    perm.forEach((p, i) => (inv[p] = i));
    record(out, 'PermuteBackward', [a], [], (g) => [g.permute(inv)]);
  }
  return out;
}

export function transpose(a: Tensor, d0: number, d1: number): Tensor {
  if (a.ndim < 2) return a;
  const i = normDim(d0, a.ndim, 'transpose');
  const j = normDim(d1, a.ndim, 'transpose');
  const perm = Array.from({ length: a.ndim }, (_, k) => k);
  perm[i] = j;
  perm[j] = i;
  return permute(a, perm);
}

export function narrow(a: Tensor, dim: number, start: number, length: number): Tensor {
  const d = normDim(dim, a.ndim, 'narrow');
  const size = a.shape[d];
  if (start < 0) start += size;
  if (!Number.isInteger(start) || !Number.isInteger(length) || start < 0 || length < 0 || start + length > size) {
    throw new IndexError(`narrow: start ${start} and length ${length} are out of range for dim ${d} of size ${size}`);
  }
  const shape = [...a.shape];
  shape[d] = length;
  const out = alloc(shape, a.dtype, a.backend);
  const outer = numelOf(a.shape.slice(0, d));
  const inner = numelOf(a.shape.slice(d + 1));
  a.backend.slice(a.storage, outer, size, inner, start, length, out.storage, a.dtype);
  if (needsGrad(a)) {
    const inShape = a.shape;
    record(out, 'NarrowBackward', [a], [], (g) => [unnarrow(g, inShape, d, start)]);
  }
  return out;
}

/** The adjoint of narrow: places `g` at [start, start+len) of dim `d` in zeros of `shape`. */
function unnarrow(g: Tensor, shape: readonly number[], d: number, start: number): Tensor {
  const out = alloc(shape, g.dtype, g.backend);
  g.backend.fill(out.storage, g.dtype, out.numel, 0);
  const outer = numelOf(shape.slice(0, d));
  const inner = numelOf(shape.slice(d + 1));
  g.backend.sliceAssign(out.storage, outer, shape[d], inner, start, g.shape[d], g.storage, g.dtype, false);
  if (needsGrad(g)) record(out, 'UnnarrowBackward', [g], [], (gg) => [gg.narrow(d, start, g.shape[d])]);
  return out;
}

export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new ArgumentError('cat: expected a non-empty list of tensors');
  const first = tensors.find((t) => !(t.ndim === 1 && t.numel === 0)) ?? tensors[0];
  const parts = tensors.filter((t) => t === first || !(t.ndim === 1 && t.numel === 0)); // legacy empty tensors are skipped
  const d = normDim(dim, first.ndim, 'cat');
  let dtype = first.dtype;
  let total = 0;
  for (const t of parts) {
    sameBackend(first, t, 'cat');
    if (t.ndim !== first.ndim || t.shape.some((s, i) => i !== d && s !== first.shape[i])) {
      throw new ShapeError(`cat: sizes must match except in dim ${d}; got ${fmtShape(first.shape)} and ${fmtShape(t.shape)}`);
    }
    dtype = promoteTypes(dtype, t.dtype);
    total += t.shape[d];
  }
  const shape = [...first.shape];
  shape[d] = total;
  const out = alloc(shape, dtype, first.backend);
  const outer = numelOf(shape.slice(0, d));
  const inner = numelOf(shape.slice(d + 1));
  let off = 0;
  for (const t of parts) {
    const src = t.dtype === dtype ? t : t.to(dtype);
    first.backend.sliceAssign(out.storage, outer, total, inner, off, t.shape[d], src.storage, dtype, false);
    off += t.shape[d];
  }
  if (needsGradAny(parts)) {
    const sizes = parts.map((t) => t.shape[d]);
    record(out, 'CatBackward', [...parts], [], (g) => {
      let o = 0;
      return sizes.map((s) => {
        const r = g.narrow(d, o, s);
        o += s;
        return r;
      });
    });
  }
  return out;
}

export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new ArgumentError('stack: expected a non-empty list of tensors');
  const d = normDim(dim, tensors[0].ndim + 1, 'stack');
  for (const t of tensors) {
    if (!shapesEqual(t.shape, tensors[0].shape)) throw new ShapeError(`stack: expects each tensor to be equal size, got ${fmtShape(tensors[0].shape)} and ${fmtShape(t.shape)}`);
  }
  return cat(tensors.map((t) => t.unsqueeze(d)), d);
}

export function split(a: Tensor, sizeOrSections: number | readonly number[], dim = 0): Tensor[] {
  const d = normDim(dim, a.ndim, 'split');
  const n = a.shape[d];
  let sizes: number[];
  if (typeof sizeOrSections === 'number') {
    if (!(sizeOrSections > 0)) throw new ArgumentError(`split: splitSize must be positive, got ${sizeOrSections}`);
    sizes = [];
    for (let o = 0; o < n; o += sizeOrSections) sizes.push(Math.min(sizeOrSections, n - o));
    if (n === 0) sizes = [0];
  } else {
    sizes = [...sizeOrSections];
    const total = sizes.reduce((x, y) => x + y, 0);
    if (total !== n) throw new ShapeError(`split: sections [${sizes.join(',')}] sum to ${total} but dim ${d} has size ${n}`);
  }
  let o = 0;
  return sizes.map((s) => {
    const r = a.narrow(d, o, s);
    o += s;
    return r;
  });
}

export function chunk(a: Tensor, chunks: number, dim = 0): Tensor[] {
  if (!(Number.isInteger(chunks) && chunks > 0)) throw new ArgumentError(`chunk: chunks must be a positive integer, got ${chunks}`);
  const d = normDim(dim, a.ndim, 'chunk');
  return split(a, Math.max(1, Math.ceil(a.shape[d] / chunks)), d);
}
