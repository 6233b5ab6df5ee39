/** Tensor creation: from data, constants, ranges, and seeded random draws. */
import type { Backend } from './backend/backend.js';
import { getBackend } from './backend/registry.js';
import { allocTyped, dtypeOfArray, type DType, type TypedArray } from './dtype.js';
import { ArgumentError, ShapeError } from './errors.js';
import { defaultGenerator, type Generator } from './random.js';
import { checkShape, fmtShape, numelOf } from './shape.js';
import { Tensor } from './tensor.js';
import { hostData } from './hostRead.js';

export interface TensorOptions {
  dtype?: DType;
  requiresGrad?: boolean;
}

export interface RandomOptions extends TensorOptions {
  generator?: Generator;
}

export type NestedArray = number | boolean | readonly NestedArray[];

/** Wraps a TypedArray (copied) as a tensor of `shape`. */
export function fromTyped(data: TypedArray, shape: readonly number[], backend: Backend = getBackend()): Tensor {
  const dtype = dtypeOfArray(data);
  return new Tensor(backend.fromTyped(data.slice()), [...shape], dtype, backend);
}

function finish(t: Tensor, opts: TensorOptions): Tensor {
  if (opts.requiresGrad) t.requiresGrad_(true);
  return t;
}

/** `tensor([[1, 2], [3, 4]])`, `tensor(new Float32Array(6), { shape: [2, 3] })`, `tensor(3.5)`. */
export function tensor(data: NestedArray | TypedArray, opts: TensorOptions & { shape?: readonly number[] } = {}): Tensor {
  let flat: TypedArray;
  let shape: number[];
  if (ArrayBuffer.isView(data)) {
    const src = data as TypedArray;
    const dtype = opts.dtype ?? dtypeOfArray(src);
    flat = allocTyped(dtype, src.length);
    for (let i = 0; i < src.length; i++) flat[i] = src[i];
    shape = opts.shape ? checkShape(opts.shape, 'tensor') : [src.length];
  } else {
    shape = [];
    let probe: NestedArray = data;
    while (Array.isArray(probe)) {
      shape.push(probe.length);
      probe = probe[0] as NestedArray;
    }
    const values: number[] = [];
    flattenInto(data, 0, shape, values);
    flat = allocTyped(opts.dtype ?? 'float32', values.length);
    for (let i = 0; i < values.length; i++) flat[i] = values[i];
    if (opts.shape) shape = checkShape(opts.shape, 'tensor');
  }
  if (numelOf(shape) !== flat.length) {
    throw new ShapeError(`tensor: ${flat.length} values do not fill shape ${fmtShape(shape)} (${numelOf(shape)} elements)`);
  }
  const backend = getBackend();
  return finish(new Tensor(backend.fromTyped(flat), shape, dtypeOfArray(flat), backend), opts);
}

function flattenInto(x: NestedArray, depth: number, shape: number[], out: number[]): void {
  if (Array.isArray(x)) {
    if (depth >= shape.length || x.length !== shape[depth]) {
      throw new ShapeError(`tensor: ragged nested array — expected ${shape[depth] ?? 'a scalar'} elements at depth ${depth}, got ${x.length}`);
    }
    for (const v of x) flattenInto(v as NestedArray, depth + 1, shape, out);
  } else {
    if (depth !== shape.length) throw new ShapeError(`tensor: ragged nested array — found a scalar at depth ${depth}, expected ${shape.length}`);
    out.push(typeof x === 'boolean' ? (x ? 1 : 0) : (x as number));
  }
}

export type ShapeArg = number | readonly number[];

function toShape(shape: ShapeArg, op: string): number[] {
  return checkShape(typeof shape === 'number' ? [shape] : shape, op);
}

export function full(shape: ShapeArg, value: number, opts: TensorOptions = {}): Tensor {
  const s = toShape(shape, 'full');
  const dtype = opts.dtype ?? 'float32';
  const backend = getBackend();
  const st = backend.alloc(dtype, numelOf(s));
  if (value !== 0) backend.fill(st, dtype, numelOf(s), value);
  return finish(new Tensor(st, s, dtype, backend), opts);
}

export function zeros(shape: ShapeArg, opts: TensorOptions = {}): Tensor {
  return full(shape, 0, opts);
}

export function ones(shape: ShapeArg, opts: TensorOptions = {}): Tensor {
  return full(shape, 1, opts);
}

/** Like PyTorch's `empty`, but zero-filled (TypedArrays always are). */
export function empty(shape: ShapeArg, opts: TensorOptions = {}): Tensor {
  return full(shape, 0, opts);
}

export function zerosLike(t: Tensor, opts: TensorOptions = {}): Tensor {
  return full(t.shape, 0, { dtype: t.dtype, ...opts });
}

export function onesLike(t: Tensor, opts: TensorOptions = {}): Tensor {
  return full(t.shape, 1, { dtype: t.dtype, ...opts });
}

export function fullLike(t: Tensor, value: number, opts: TensorOptions = {}): Tensor {
  return full(t.shape, value, { dtype: t.dtype, ...opts });
}

export function arange(start: number, end?: number, step = 1, opts: TensorOptions = {}): Tensor {
  if (end === undefined) {
    end = start;
    start = 0;
  }
  if (step === 0 || !Number.isFinite(step)) throw new ArgumentError(`arange: step must be a non-zero finite number, got ${step}`);
  if ((end - start) / step < 0) throw new ArgumentError(`arange: upper bound ${end} and lower bound ${start} inconsistent with step sign ${step}`);
  const n = Math.max(0, Math.ceil((end - start) / step));
  const dtype = opts.dtype ?? ([start, end, step].every(Number.isInteger) ? 'int32' : 'float32');
  const data = allocTyped(dtype, n);
  for (let i = 0; i < n; i++) data[i] = start + i * step;
  return finish(fromTyped(data, [n]), opts);
}

export function linspace(start: number, end: number, steps: number, opts: TensorOptions = {}): Tensor {
  if (!Number.isInteger(steps) || steps < 0) throw new ArgumentError(`linspace: steps must be a non-negative integer, got ${steps}`);
  const data = allocTyped(opts.dtype ?? 'float32', steps);
  const step = steps > 1 ? (end - start) / (steps - 1) : 0;
  // PyTorch fills the second half from the end so the last value is exactly `end`.
  const half = Math.floor(steps / 2);
  for (let i = 0; i < steps; i++) data[i] = i < half ? start + step * i : end - step * (steps - 1 - i);
  if (steps === 1) data[0] = start; // as PyTorch: one step is `start`, not `end`
  return finish(fromTyped(data, [steps]), opts);
}

export function eye(n: number, m = n, opts: TensorOptions = {}): Tensor {
  checkShape([n, m], 'eye');
  const data = allocTyped(opts.dtype ?? 'float32', n * m);
  for (let i = 0; i < Math.min(n, m); i++) data[i * m + i] = 1;
  return finish(fromTyped(data, [n, m]), opts);
}

function randomTensor(shape: ShapeArg, kind: 'uniform' | 'normal', a: number, b: number, opts: RandomOptions, op: string): Tensor {
  const s = toShape(shape, op);
  const dtype = opts.dtype ?? 'float32';
  const backend = getBackend();
  const st = backend.alloc(dtype, numelOf(s));
  backend.random(st, dtype, numelOf(s), kind, a, b, opts.generator ?? defaultGenerator);
  return finish(new Tensor(st, s, dtype, backend), opts);
}

/** Uniform on [0, 1). */
export function rand(shape: ShapeArg, opts: RandomOptions = {}): Tensor {
  return randomTensor(shape, 'uniform', 0, 1, opts, 'rand');
}

/** Standard normal. */
export function randn(shape: ShapeArg, opts: RandomOptions = {}): Tensor {
  return randomTensor(shape, 'normal', 0, 1, opts, 'randn');
}

export function randLike(t: Tensor, opts: RandomOptions = {}): Tensor {
  return rand(t.shape, { dtype: t.dtype === 'int32' ? 'float32' : t.dtype, ...opts });
}

export function randnLike(t: Tensor, opts: RandomOptions = {}): Tensor {
  return randn(t.shape, { dtype: t.dtype === 'int32' ? 'float32' : t.dtype, ...opts });
}

/** Integers uniform on [low, high); int32 unless a dtype is given. */
export function randint(low: number, high: number, shape: ShapeArg, opts: RandomOptions = {}): Tensor {
  if (!(high > low)) throw new ArgumentError(`randint: high (${high}) must be greater than low (${low})`);
  const s = toShape(shape, 'randint');
  const gen = opts.generator ?? defaultGenerator;
  const data = allocTyped(opts.dtype ?? 'int32', numelOf(s));
  for (let i = 0; i < data.length; i++) data[i] = gen.randint(low, high);
  return finish(fromTyped(data, s), opts);
}

export function randperm(n: number, opts: RandomOptions = {}): Tensor {
  checkShape([n], 'randperm');
  const p = (opts.generator ?? defaultGenerator).permutation(n);
  return opts.dtype && opts.dtype !== 'int32' ? fromTyped(p, [n]).to(opts.dtype) : fromTyped(p, [n]);
}

/** Draws 0/1 with the probabilities in `probs` (same shape, same dtype). */
export function bernoulli(probs: Tensor | number, opts: RandomOptions & { shape?: readonly number[] } = {}): Tensor {
  const gen = opts.generator ?? defaultGenerator;
  if (typeof probs === 'number') {
    const s = opts.shape ?? [];
    const dtype = opts.dtype ?? 'float32';
    const backend = getBackend();
    const st = backend.alloc(dtype, numelOf(s));
    backend.random(st, dtype, numelOf(s), 'bernoulli', probs, 0, gen);
    return new Tensor(st, [...s], dtype, backend);
  }
  const p = hostData(probs, 'bernoulli', 'the probabilities are validated and sampled on the host', 'pass a number probability, or compare uniform noise on the device: rand(shape).lt(probs)');
  const out = allocTyped(probs.dtype === 'int32' ? 'float32' : probs.dtype, p.length);
  for (let i = 0; i < p.length; i++) {
    if (!(p[i] >= 0 && p[i] <= 1)) throw new ArgumentError(`bernoulli: probabilities must be in [0, 1], got ${p[i]}`);
    out[i] = gen.random() < p[i] ? 1 : 0;
  }
  return fromTyped(out, probs.shape, probs.backend);
}

/** In-place normal fill, as `torch.nn.init.normal_` / `Tensor.normal_` (free-function form). */
export function normal_(t: Tensor, mean = 0, std = 1, generator?: Generator): Tensor {
  return t.normal_(mean, std, generator ?? defaultGenerator);
}

/** In-place uniform fill on [low, high), free-function form of `Tensor.uniform_`. */
export function uniform_(t: Tensor, low = 0, high = 1, generator?: Generator): Tensor {
  return t.uniform_(low, high, generator ?? defaultGenerator);
}
