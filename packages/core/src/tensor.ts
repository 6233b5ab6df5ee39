/**
 * Tensor: a thin façade over a backend storage. Contiguous, row-major; `shape` and `dtype`
 * describe the storage, `gradFn` links it into the autograd graph, and `_versionCounter` (shared with
 * its views) counts in-place modifications. Every op lives in ops/; methods here only delegate.
 */
import { runBackward, checkRootGrad } from './autograd/engine.js';
import { noGrad } from './autograd/gradMode.js';
import type { Node } from './autograd/node.js';
import type { Backend, Storage } from './backend/backend.js';
import { backendByName } from './backend/registry.js';
import { AutogradError, ArgumentError, BackendError, DTypeError } from './errors.js';
import type { DType, TypedArray } from './dtype.js';
import { formatTensor } from './format.js';
import { defaultGenerator, type Generator } from './random.js';
import { numelOf } from './shape.js';
import * as ew from './ops/elementwise.js';
import * as red from './ops/reduce.js';
import * as shp from './ops/shape.js';
import * as idx from './ops/indexing.js';
import * as la from './ops/linalg.js';
import * as nnf from './ops/nn.js';
import { alloc, needsGrad, record } from './ops/util.js';
import { runInplace } from './ops/inplace.js';
import { hostData } from './hostRead.js';

export interface VersionCounter {
  value: number;
  lastOp?: string;
  /** Set once a view (reshape/view/squeeze/unsqueeze/flatten) shares this storage. */
  viewed?: boolean;
}

export type Operand = Tensor | number;
export type GradHook = (grad: Tensor) => Tensor | void;

export interface BackwardOptions {
  retainGraph?: boolean;
  createGraph?: boolean;
}

export class Tensor {
  readonly shape: number[];
  readonly dtype: DType;
  readonly backend: Backend;
  storage: Storage;
  grad: Tensor | null = null;
  gradFn: Node | null = null;
  _requiresGrad = false;
  _versionCounter: VersionCounter = { value: 0 };
  _hooks: GradHook[] | null = null;
  /** Optional name (nn uses it for parameters in error messages). */
  name?: string;

  constructor(storage: Storage, shape: number[], dtype: DType, backend: Backend) {
    this.storage = storage;
    this.shape = shape;
    this.dtype = dtype;
    this.backend = backend;
  }

  // ---- properties --------------------------------------------------------------------------

  get numel(): number {
    return numelOf(this.shape);
  }

  get ndim(): number {
    return this.shape.length;
  }

  get requiresGrad(): boolean {
    return this._requiresGrad;
  }

  set requiresGrad(v: boolean) {
    this.requiresGrad_(v);
  }

  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  /** The in-place version counter (bumped by every in-place op; shared with views). */
  get version(): number {
    return this._versionCounter.value;
  }

  /** PyTorch's name for `version`. */
  get _version(): number {
    return this._versionCounter.value;
  }

  // ---- read-back ---------------------------------------------------------------------------

  /** A TypedArray copy of the values. */
  data(): TypedArray {
    return this.backend.read(this.storage, this.dtype, this.numel);
  }

  item(): number {
    if (this.numel !== 1) {
      throw new ArgumentError(`item: a tensor with ${this.numel} elements (shape [${this.shape.join(',')}]) cannot be converted to a number — index or reduce it first`);
    }
    return this.data()[0];
  }

  toArray(): unknown {
    return this.nest(Array.from(this.data()));
  }

  /**
   * `data()` without blocking: the only read-back on backends that read asynchronously (the gpu
   * backend in webgpu mode); on the others it resolves with `data()` at once.
   */
  async dataAsync(): Promise<TypedArray> {
    const b = this.backend;
    return b.readAsync ? b.readAsync(this.storage, this.dtype, this.numel) : this.data();
  }

  async itemAsync(): Promise<number> {
    if (this.numel !== 1) {
      throw new ArgumentError(`itemAsync: a tensor with ${this.numel} elements (shape [${this.shape.join(',')}]) cannot be converted to a number — index or reduce it first`);
    }
    return (await this.dataAsync())[0];
  }

  async toArrayAsync(): Promise<unknown> {
    return this.nest(Array.from(await this.dataAsync()));
  }

  /** Flat row-major values as nested arrays of this tensor's shape (a scalar for 0-d). */
  private nest(d: number[]): unknown {
    if (this.ndim === 0) return d[0];
    const build = (dim: number, off: number): unknown[] => {
      const n = this.shape[dim];
      const stride = numelOf(this.shape.slice(dim + 1));
      const out: unknown[] = [];
      for (let i = 0; i < n; i++) out.push(dim === this.ndim - 1 ? d[off + i] : build(dim + 1, off + i * stride));
      return out;
    };
    return build(0, 0);
  }

  toString(): string {
    return formatTensor(this);
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  // ---- autograd ----------------------------------------------------------------------------

  requiresGrad_(requiresGrad = true): this {
    if (!this.isLeaf && !requiresGrad) {
      throw new AutogradError(`requiresGrad_: you can only change requiresGrad of leaf tensors; use .detach() to get a tensor without graph`);
    }
    if (requiresGrad && this.dtype === 'int32') {
      throw new DTypeError(`requiresGrad_: only floating-point tensors can require gradients, this one is int32 — convert with .float()`);
    }
    if (this.isLeaf) this._requiresGrad = requiresGrad;
    return this;
  }

  backward(gradient?: Tensor, opts: BackwardOptions = {}): void {
    const g = checkRootGrad(this, gradient, 'backward');
    runBackward([this], [g], { retainGraph: opts.retainGraph ?? opts.createGraph ?? false, createGraph: opts.createGraph ?? false });
  }

  /** A tensor sharing storage (and version counter) with no graph. */
  detach(): Tensor {
    const t = new Tensor(this.storage, this.shape, this.dtype, this.backend);
    t._versionCounter = this._versionCounter;
    return t;
  }

  detach_(): this {
    this.gradFn = null;
    this._requiresGrad = false;
    return this;
  }

  retainGrad(): this {
    if (this.gradFn) this.gradFn.retainTarget = this;
    return this;
  }

  /** Registers a hook called with this tensor's gradient; it may return a replacement. */
  registerHook(fn: GradHook): { remove(): void } {
    if (!this.requiresGrad) throw new AutogradError(`registerHook: cannot register a hook on a tensor that doesn't require gradient`);
    let list: GradHook[];
    if (this.gradFn) list = this.gradFn.hooks ??= [];
    else list = this._hooks ??= [];
    list.push(fn);
    return { remove: () => { const i = list.indexOf(fn); if (i >= 0) list.splice(i, 1); } };
  }

  /** Internal: an alias of this tensor's current value and graph position (for in-place ops). */
  _alias(): Tensor {
    const t = new Tensor(this.storage, this.shape, this.dtype, this.backend);
    t._versionCounter = this._versionCounter;
    t.gradFn = this.gradFn;
    t._requiresGrad = this._requiresGrad;
    return t;
  }

  /** Internal: records an in-place modification. */
  _bump(op: string): void {
    this._versionCounter.value++;
    this._versionCounter.lastOp = op;
  }

  // ---- conversion --------------------------------------------------------------------------

  clone(): Tensor {
    const out = alloc(this.shape, this.dtype, this.backend);
    this.backend.copy(this.storage, this.dtype, out.storage, this.dtype, this.numel);
    if (needsGrad(this)) record(out, 'CloneBackward', [this], [], (g) => [g]);
    return out;
  }

  /** Casts to a dtype, or moves to a backend (by name or instance). */
  to(target: DType | string | Backend): Tensor {
    if (target === 'float32' || target === 'float64' || target === 'int32') return this.cast(target);
    const b = backendByName(target as string | Backend);
    if (b === this.backend) return this;
    const values = hostData(this, `to('${b.name}')`, 'moving between backends copies through the host', "read it with await t.dataAsync() and build the tensor on the other backend from that array");
    const out = new Tensor(b.fromTyped(values), [...this.shape], this.dtype, b);
    if (needsGrad(this)) {
      const src = this.backend;
      record(out, 'ToBackward', [this], [], (g) => [g.to(src)]);
    }
    return out;
  }

  private cast(dtype: DType): Tensor {
    if (dtype === this.dtype) return this;
    const out = alloc(this.shape, dtype, this.backend);
    this.backend.copy(this.storage, this.dtype, out.storage, dtype, this.numel);
    if (dtype !== 'int32' && needsGrad(this)) {
      const from = this.dtype;
      record(out, 'ToCopyBackward', [this], [], (g) => [g.to(from)]);
    }
    return out;
  }

  float(): Tensor {
    return this.cast('float32');
  }

  double(): Tensor {
    return this.cast('float64');
  }

  int(): Tensor {
    return this.cast('int32');
  }

  contiguous(): Tensor {
    return this;
  }

  // ---- elementwise -------------------------------------------------------------------------

  /** this + alpha·other; with a tensor and alpha ≠ 1 it rounds once, like PyTorch's fused kernel. */
  add(other: Operand, alpha = 1): Tensor {
    if (alpha === 1 || typeof other === 'number') return ew.binary('add', this, alpha === 1 ? other : (other as number) * alpha);
    return ew.ternary('addcmul', this, other, this.scalarOne(), alpha);
  }
  sub(other: Operand, alpha = 1): Tensor {
    if (alpha === 1 || typeof other === 'number') return ew.binary('sub', this, alpha === 1 ? other : (other as number) * alpha);
    return ew.ternary('addcmul', this, other, this.scalarOne(), -alpha);
  }
  /** other − this. */
  rsub(other: Operand): Tensor {
    return ew.binary('sub', this, other, true);
  }
  mul(other: Operand): Tensor {
    return ew.binary('mul', this, other);
  }
  div(other: Operand): Tensor {
    return ew.binary('div', this, other);
  }
  pow(exponent: Operand): Tensor {
    if (typeof exponent === 'number') {
      if (exponent === 1) return ew.unary('identity', this);
      if (exponent === 2) return ew.unary('square', this);
      return ew.unary('powScalar', this, exponent);
    }
    return ew.binary('pow', this, exponent);
  }
  maximum(other: Operand): Tensor {
    return ew.binary('maximum', this, other);
  }
  minimum(other: Operand): Tensor {
    return ew.binary('minimum', this, other);
  }
  atan2(other: Operand): Tensor {
    return ew.binary('atan2', this, other);
  }
  fmod(other: Operand): Tensor {
    return ew.binary('fmod', this, other);
  }
  eq(other: Operand): Tensor {
    return ew.binary('eq', this, other);
  }
  ne(other: Operand): Tensor {
    return ew.binary('ne', this, other);
  }
  lt(other: Operand): Tensor {
    return ew.binary('lt', this, other);
  }
  le(other: Operand): Tensor {
    return ew.binary('le', this, other);
  }
  gt(other: Operand): Tensor {
    return ew.binary('gt', this, other);
  }
  ge(other: Operand): Tensor {
    return ew.binary('ge', this, other);
  }
  logicalAnd(other: Operand): Tensor {
    return ew.binary('and', this, other);
  }
  logicalOr(other: Operand): Tensor {
    return ew.binary('or', this, other);
  }
  logicalXor(other: Operand): Tensor {
    return ew.binary('xor', this, other);
  }
  logicalNot(): Tensor {
    return ew.unary('logicalNot', this);
  }
  isnan(): Tensor {
    return ew.unary('isnan', this);
  }
  isinf(): Tensor {
    return ew.unary('isinf', this);
  }
  neg(): Tensor {
    return ew.unary('neg', this);
  }
  exp(): Tensor {
    return ew.unary('exp', this);
  }
  exp2(): Tensor {
    return ew.unary('exp2', this);
  }
  log(): Tensor {
    return ew.unary('log', this);
  }
  log2(): Tensor {
    return ew.unary('log2', this);
  }
  log1p(): Tensor {
    return ew.unary('log1p', this);
  }
  expm1(): Tensor {
    return ew.unary('expm1', this);
  }
  sqrt(): Tensor {
    return ew.unary('sqrt', this);
  }
  rsqrt(): Tensor {
    return ew.unary('rsqrt', this);
  }
  abs(): Tensor {
    return ew.unary('abs', this);
  }
  sign(): Tensor {
    return ew.unary('sign', this);
  }
  sin(): Tensor {
    return ew.unary('sin', this);
  }
  cos(): Tensor {
    return ew.unary('cos', this);
  }
  atan(): Tensor {
    return ew.unary('atan', this);
  }
  tanh(): Tensor {
    return ew.unary('tanh', this);
  }
  sigmoid(): Tensor {
    return ew.unary('sigmoid', this);
  }
  relu(): Tensor {
    return ew.unary('relu', this);
  }
  leakyRelu(negativeSlope = 0.01): Tensor {
    return ew.unary('leakyRelu', this, negativeSlope);
  }
  elu(alpha = 1): Tensor {
    return ew.unary('eluLike', this, alpha);
  }
  gelu(approximate: 'none' | 'tanh' = 'none'): Tensor {
    return nnf.gelu(this, approximate);
  }
  silu(): Tensor {
    return nnf.silu(this);
  }
  softplus(beta = 1, threshold = 20): Tensor {
    return ew.unary('softplus', this, beta, threshold);
  }
  square(): Tensor {
    return ew.unary('square', this);
  }
  reciprocal(): Tensor {
    return ew.unary('reciprocal', this);
  }
  erf(): Tensor {
    return ew.unary('erf', this);
  }
  floor(): Tensor {
    return ew.unary('floor', this);
  }
  ceil(): Tensor {
    return ew.unary('ceil', this);
  }
  round(): Tensor {
    return ew.unary('round', this);
  }
  clamp(min?: number | null, max?: number | null): Tensor {
    return ew.unary('clamp', this, min ?? -Infinity, max ?? Infinity);
  }
  clip(min?: number | null, max?: number | null): Tensor {
    return this.clamp(min, max);
  }
  where(condition: Tensor, other: Operand): Tensor {
    return ew.where(condition, this, other);
  }
  lerp(end: Tensor, weight: Operand): Tensor {
    return ew.lerp(this, end, weight);
  }
  addcmul(t1: Tensor, t2: Tensor, value = 1): Tensor {
    return ew.addcmul(this, t1, t2, value);
  }
  addcdiv(t1: Tensor, t2: Tensor, value = 1): Tensor {
    return ew.addcdiv(this, t1, t2, value);
  }

  // ---- in place ----------------------------------------------------------------------------

  add_(other: Operand, alpha = 1): this {
    if (alpha === 1 || typeof other === 'number') ew.binary_('add', this, alpha === 1 ? other : (other as number) * alpha);
    else ew.ternary_('addcmul', this, other, this.scalarOne(), alpha);
    return this;
  }
  sub_(other: Operand, alpha = 1): this {
    if (alpha === 1 || typeof other === 'number') ew.binary_('sub', this, alpha === 1 ? other : (other as number) * alpha);
    else ew.ternary_('addcmul', this, other, this.scalarOne(), -alpha);
    return this;
  }
  mul_(other: Operand): this {
    ew.binary_('mul', this, other);
    return this;
  }
  div_(other: Operand): this {
    ew.binary_('div', this, other);
    return this;
  }
  pow_(exponent: Operand): this {
    if (typeof exponent === 'number') ew.unary_('powScalar', this, exponent);
    else ew.binary_('pow', this, exponent);
    return this;
  }
  maximum_(other: Operand): this {
    ew.binary_('maximum', this, other);
    return this;
  }
  minimum_(other: Operand): this {
    ew.binary_('minimum', this, other);
    return this;
  }
  addcmul_(t1: Tensor, t2: Tensor, value = 1): this {
    ew.ternary_('addcmul', this, t1, t2, value);
    return this;
  }
  addcdiv_(t1: Tensor, t2: Tensor, value = 1): this {
    ew.ternary_('addcdiv', this, t1, t2, value);
    return this;
  }
  lerp_(end: Tensor, weight: Operand): this {
    ew.ternary_('lerp', this, end, weight, 0);
    return this;
  }
  clamp_(min?: number | null, max?: number | null): this {
    ew.unary_('clamp', this, min ?? -Infinity, max ?? Infinity);
    return this;
  }
  clip_(min?: number | null, max?: number | null): this {
    return this.clamp_(min, max);
  }
  neg_(): this {
    ew.unary_('neg', this);
    return this;
  }
  exp_(): this {
    ew.unary_('exp', this);
    return this;
  }
  log_(): this {
    ew.unary_('log', this);
    return this;
  }
  sqrt_(): this {
    ew.unary_('sqrt', this);
    return this;
  }
  rsqrt_(): this {
    ew.unary_('rsqrt', this);
    return this;
  }
  abs_(): this {
    ew.unary_('abs', this);
    return this;
  }
  sign_(): this {
    ew.unary_('sign', this);
    return this;
  }
  square_(): this {
    ew.unary_('square', this);
    return this;
  }
  reciprocal_(): this {
    ew.unary_('reciprocal', this);
    return this;
  }
  relu_(): this {
    ew.unary_('relu', this);
    return this;
  }
  sigmoid_(): this {
    ew.unary_('sigmoid', this);
    return this;
  }
  tanh_(): this {
    ew.unary_('tanh', this);
    return this;
  }
  maskedFill_(mask: Tensor, value: number): this {
    idx.maskedFill_(this, mask, value);
    return this;
  }
  scatter_(dim: number, index: Tensor, src: Operand): this {
    idx.scatter_(this, dim, index, src, 'set');
    return this;
  }
  scatterAdd_(dim: number, index: Tensor, src: Tensor): this {
    idx.scatter_(this, dim, index, src, 'add');
    return this;
  }

  /** Copies `src` (broadcast to this shape, cast to this dtype) into this tensor. */
  copy_(src: Tensor): this {
    const s = src.dtype === this.dtype ? src : noGrad(() => src.to(this.dtype));
    const value = s.backend === this.backend ? s : noGrad(() => s.to(this.backend));
    const full = value.shape.length === this.shape.length && value.shape.every((d, i) => d === this.shape[i])
      ? value
      : noGrad(() => value.expand(this.shape));
    runInplace(this, 'copy_', [src], (old) => overwrite(old, src.dtype === this.dtype ? src : src.to(this.dtype)), () =>
      this.backend.copy(full.storage, this.dtype, this.storage, this.dtype, this.numel));
    return this;
  }

  fill_(value: number): this {
    runInplace(this, 'fill_', [], (old) => overwrite(old, value), () => this.backend.fill(this.storage, this.dtype, this.numel, value));
    return this;
  }

  zero_(): this {
    return this.fill_(0);
  }

  uniform_(low = 0, high = 1, generator: Generator = defaultGenerator): this {
    runInplace(this, 'uniform_', [], () => { throw inplaceRandomOnGraph('uniform_'); }, () =>
      this.backend.random(this.storage, this.dtype, this.numel, 'uniform', low, high, generator));
    return this;
  }

  normal_(mean = 0, std = 1, generator: Generator = defaultGenerator): this {
    runInplace(this, 'normal_', [], () => { throw inplaceRandomOnGraph('normal_'); }, () =>
      this.backend.random(this.storage, this.dtype, this.numel, 'normal', mean, std, generator));
    return this;
  }

  bernoulli_(p = 0.5, generator: Generator = defaultGenerator): this {
    runInplace(this, 'bernoulli_', [], () => { throw inplaceRandomOnGraph('bernoulli_'); }, () =>
      this.backend.random(this.storage, this.dtype, this.numel, 'bernoulli', p, 0, generator));
    return this;
  }

  // ---- reductions --------------------------------------------------------------------------

  sum(dim?: red.Dims, keepdim = false): Tensor {
    return red.sum(this, dim, keepdim);
  }
  mean(dim?: red.Dims, keepdim = false): Tensor {
    return red.mean(this, dim, keepdim);
  }
  prod(dim?: red.Dims, keepdim = false): Tensor {
    return red.prod(this, dim, keepdim);
  }
  var(dim?: red.Dims, opts: red.VarOptions = {}): Tensor {
    return red.variance(this, dim, opts);
  }
  std(dim?: red.Dims, opts: red.VarOptions = {}): Tensor {
    return red.variance(this, dim, opts).sqrt();
  }
  /** Without dim: the maximum (0-d). With dim: `[values, indices]` (also `.values`, `.indices`). */
  max(): Tensor;
  max(dim: number, keepdim?: boolean): red.ValuesIndices;
  max(dim?: number, keepdim = false): Tensor | red.ValuesIndices {
    return dim === undefined ? red.amax(this, undefined, false, 'max') : red.maxDim(this, dim, keepdim, 'max');
  }
  min(): Tensor;
  min(dim: number, keepdim?: boolean): red.ValuesIndices;
  min(dim?: number, keepdim = false): Tensor | red.ValuesIndices {
    return dim === undefined ? red.amax(this, undefined, false, 'min') : red.maxDim(this, dim, keepdim, 'min');
  }
  amax(dim?: red.Dims, keepdim = false): Tensor {
    return red.amax(this, dim, keepdim, 'max');
  }
  amin(dim?: red.Dims, keepdim = false): Tensor {
    return red.amax(this, dim, keepdim, 'min');
  }
  argmax(dim?: number | null, keepdim = false): Tensor {
    return red.argmax(this, dim, keepdim, 'max');
  }
  argmin(dim?: number | null, keepdim = false): Tensor {
    return red.argmax(this, dim, keepdim, 'min');
  }
  /** 1 (int32) where any element along `dim` (or anywhere) is non-zero, else 0. */
  any(dim?: red.Dims, keepdim = false): Tensor {
    return red.amax(this.ne(0), dim, keepdim, 'max');
  }
  /** 1 (int32) where every element along `dim` (or everywhere) is non-zero, else 0. */
  all(dim?: red.Dims, keepdim = false): Tensor {
    return red.amax(this.ne(0), dim, keepdim, 'min');
  }
  logsumexp(dim?: red.Dims, keepdim = false): Tensor {
    return red.logsumexp(this, dim, keepdim);
  }
  norm(p: red.NormOrd = 2, dim?: red.Dims, keepdim = false): Tensor {
    return red.norm(this, p, dim, keepdim);
  }

  // ---- linear algebra ----------------------------------------------------------------------

  matmul(other: Tensor): Tensor {
    return la.matmul(this, other);
  }
  mm(other: Tensor): Tensor {
    return la.mm(this, other);
  }
  bmm(other: Tensor): Tensor {
    return la.bmm(this, other);
  }
  dot(other: Tensor): Tensor {
    return la.dot(this, other);
  }
  outer(other: Tensor): Tensor {
    return la.outer(this, other);
  }
  /** Transpose of a ≤2-D tensor. */
  t(): Tensor {
    if (this.ndim > 2) throw new ArgumentError(`t: expects a tensor with <= 2 dims, got ${this.ndim} — use transpose(d0, d1) or mT`);
    return shp.transpose(this, 0, 1);
  }
  /** Transpose of the last two dims. */
  get mT(): Tensor {
    return shp.transpose(this, -2, -1);
  }
  get T(): Tensor {
    return shp.permute(this, this.shape.map((_, i) => this.ndim - 1 - i));
  }
  transpose(dim0: number, dim1: number): Tensor {
    return shp.transpose(this, dim0, dim1);
  }
  permute(...dims: (number | readonly number[])[]): Tensor {
    return shp.permute(this, flatDims(dims));
  }

  // ---- shape -------------------------------------------------------------------------------

  reshape(...shape: (number | readonly number[])[]): Tensor {
    return shp.reshape(this, flatDims(shape));
  }
  view(...shape: (number | readonly number[])[]): Tensor {
    return shp.reshape(this, flatDims(shape));
  }
  viewAs(other: Tensor): Tensor {
    return shp.reshape(this, other.shape);
  }
  flatten(startDim = 0, endDim = -1): Tensor {
    return shp.flatten(this, startDim, endDim);
  }
  squeeze(dim?: number | readonly number[]): Tensor {
    return shp.squeeze(this, dim);
  }
  unsqueeze(dim: number): Tensor {
    return shp.unsqueeze(this, dim);
  }
  expand(...shape: (number | readonly number[])[]): Tensor {
    return shp.expand(this, flatDims(shape));
  }
  expandAs(other: Tensor): Tensor {
    return shp.expand(this, other.shape);
  }
  repeat(...reps: (number | readonly number[])[]): Tensor {
    return shp.repeat(this, flatDims(reps));
  }
  narrow(dim: number, start: number, length: number): Tensor {
    return shp.narrow(this, dim, start, length);
  }
  /** Python-style slice along one dim: start inclusive, end exclusive, negative from the end. */
  slice(dim: number, start = 0, end?: number, step = 1): Tensor {
    const d = dim < 0 ? dim + this.ndim : dim;
    const n = this.shape[d];
    const s = Math.min(Math.max(start < 0 ? start + n : start, 0), n);
    const e = Math.min(Math.max(end === undefined ? n : end < 0 ? end + n : end, s), n);
    if (step === 1) return shp.narrow(this, d, s, e - s);
    if (!(Number.isInteger(step) && step > 0)) throw new ArgumentError(`slice: step must be a positive integer, got ${step}`);
    const picks: number[] = [];
    for (let i = s; i < e; i += step) picks.push(i);
    return idx.indexSelect(this, d, new Tensor(this.backend.fromTyped(Int32Array.from(picks)), [picks.length], 'int32', this.backend));
  }
  split(sizeOrSections: number | readonly number[], dim = 0): Tensor[] {
    return shp.split(this, sizeOrSections, dim);
  }
  chunk(chunks: number, dim = 0): Tensor[] {
    return shp.chunk(this, chunks, dim);
  }

  // ---- indexing ----------------------------------------------------------------------------

  indexSelect(dim: number, index: Tensor): Tensor {
    return idx.indexSelect(this, dim, index);
  }
  gather(dim: number, index: Tensor): Tensor {
    return idx.gather(this, dim, index);
  }
  scatter(dim: number, index: Tensor, src: Operand): Tensor {
    return idx.scatter(this, dim, index, src, 'set');
  }
  scatterAdd(dim: number, index: Tensor, src: Tensor): Tensor {
    return idx.scatter(this, dim, index, src, 'add');
  }
  maskedFill(mask: Tensor, value: number | Tensor): Tensor {
    return idx.maskedFill(this, mask, value);
  }
  maskedSelect(mask: Tensor): Tensor {
    return idx.maskedSelect(this, mask);
  }
  triu(diagonal = 0): Tensor {
    return idx.triangle(this, diagonal, true);
  }
  tril(diagonal = 0): Tensor {
    return idx.triangle(this, diagonal, false);
  }

  // ---- nn functions ------------------------------------------------------------------------

  softmax(dim = -1): Tensor {
    return nnf.softmax(this, dim);
  }
  logSoftmax(dim = -1): Tensor {
    return nnf.logSoftmax(this, dim);
  }

  // ---- likes (used by ops) -----------------------------------------------------------------

  onesLike(): Tensor {
    return this.fullLike(1);
  }
  zerosLike(): Tensor {
    return this.fullLike(0);
  }
  /** A 0-d tensor holding 1 in this tensor's dtype and backend (the neutral factor of addcmul). */
  private scalarOne(): Tensor {
    const s = this.backend.alloc(this.dtype, 1);
    this.backend.fill(s, this.dtype, 1, 1);
    return new Tensor(s, [], this.dtype, this.backend);
  }

  fullLike(value: number): Tensor {
    const out = alloc(this.shape, this.dtype, this.backend);
    this.backend.fill(out.storage, this.dtype, out.numel, value);
    return out;
  }
}

function flatDims(args: readonly (number | readonly number[])[]): number[] {
  if (args.length === 1 && typeof args[0] !== 'number') return [...args[0]];
  return args as number[];
}

/**
 * `value` (broadcast to old's shape) at old's graph position, for copy_/fill_ under recording: the
 * gradient to the old value is zero (not old·0, which is NaN where old is ±inf or NaN).
 */
function overwrite(old: Tensor, value: Operand): Tensor {
  const never = new Tensor(old.backend.fromTyped(new Int32Array(1)), [], 'int32', old.backend);
  return ew.where(never, old, value);
}

function inplaceRandomOnGraph(op: string): Error {
  return new AutogradError(`${op}: random in-place fills are not differentiable — call it under noGrad() or on a tensor that does not require grad`);
}

/** Asserts two tensors live on one backend (re-exported for packages that build ops). */
export function assertSameBackend(a: Tensor, b: Tensor, op: string): void {
  if (a.backend !== b.backend) throw new BackendError(`${op}: tensors live on different backends ('${a.backend.name}' and '${b.backend.name}') — move one with .to()`);
}
