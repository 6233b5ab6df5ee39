/**
 * The `gpu` backend: the Backend seam's primitives as gpu.js kernels (kernel sources in the
 * sibling files), over GpuStorage handles. Values leave the device only through `read()`, or in
 * webgpu mode only through `readAsync()` (storages there are pending; see webgpu.ts).
 * Float32 on the device; int32 is stored as float32 (exact to ±2^24) and converted on read;
 * float64 stays on the cpu backend.
 */
import { allocTyped, type DType, type TypedArray } from '../../dtype.js';
import { BackendError, DTypeError } from '../../errors.js';
import type { Generator } from '../../random.js';
import { numelOf, type Shape } from '../../shape.js';
import type { Backend, BinaryOp, ReduceOp, Storage, TernaryOp, UnaryOp } from '../backend.js';
import {
  binaryKernel, binaryScalarKernel, copyKernel, fillKernel, ternaryKernel, unaryKernel, type Built,
} from './elementwise.js';
import { GPU, isTexture, type GpuInstance, type KernelArg } from './gpujs.js';
import { MAX_ELEMENTS } from './indexing.js';
import { KernelCache } from './kernelCache.js';
import { matmulKernel } from './matmul.js';
import { availableGpuModes, chooseGpuMode, type ConcreteGpuMode, type GpuMode } from './modes.js';
import {
  adamUpdate, fusedKernel, lionUpdate, rmspropUpdate, sgdUpdate,
  type AdamOptions, type FusedUpdate, type LionOptions, type RmspropOptions, type SgdOptions,
} from './optimizers.js';
import { PendingBuffer, syncReadError } from './webgpu.js';
import { SPLIT_LEN, reduceChunksKernel, reduceKernel, splitPlan } from './reduce.js';
import { GpuStorage, MemoryTracker, type DeviceHandle } from './storage.js';
import {
  gatherKernel, indexAddKernel, indexSelectKernel, permuteKernel, scatterKernel, sliceAssignKernel, sliceKernel, triangleKernel,
} from './structural.js';

export interface GpuBackendOptions {
  mode?: GpuMode;
  /** How many compiled kernels to keep (LRU); each webasm kernel pins a WebAssembly.Memory. */
  kernelCacheLimit?: number;
}

/** Modes whose kernel results stay on the device (GL textures, WebGPU storage buffers). */
const DEVICE_MODES: readonly ConcreteGpuMode[] = ['webgl2', 'webgl', 'headlessgl', 'webgpu'];

/** A 1-element stand-in for empty arguments: gpu.js cannot bind a zero-length array. */
const EMPTY = new Float32Array(1);

/**
 * Each webasm kernel holds its own WebAssembly.Memory, and a browser renderer can hold only so many
 * at once: V8 reserves a large guarded region per memory inside its sandbox, and this Chromium 156
 * refused the 125th (measured with `maximum` 16 or 4096 pages alike). Node has no such cap. So in a
 * page the LRU keeps at most 64, leaving room for the page's own memories; evicted kernels are
 * destroyed and their memories reclaimed by the next GC.
 */
function defaultKernelCacheLimit(mode: ConcreteGpuMode): number {
  const inNode = typeof process !== 'undefined' && !!process.versions?.node;
  return mode === 'webasm' && !inNode ? 64 : 256;
}

export class GpuBackend implements Backend {
  readonly name = 'gpu';
  /** One fused kernel per parameter beats a dozen elementwise launches at any size. */
  readonly preferFused = true;
  readonly mode: ConcreteGpuMode;
  readonly memory: MemoryTracker;
  private readonly gpu: GpuInstance;
  private readonly cache: KernelCache;
  /** GL modes and webgpu keep results on the device; webasm/cpu modes return host arrays. */
  private readonly onDevice: boolean;
  private readonly skipped: string[];

  constructor(opts: GpuBackendOptions = {}) {
    const choice = chooseGpuMode(opts.mode ?? 'auto');
    this.mode = choice.mode;
    this.skipped = choice.skipped;
    this.onDevice = DEVICE_MODES.includes(this.mode);
    this.gpu = new GPU({ mode: this.mode });
    this.memory = new MemoryTracker(`gpu:${this.mode}`);
    this.cache = new KernelCache(this.gpu, this.mode, this.onDevice, opts.kernelCacheLimit ?? defaultKernelCacheLimit(this.mode));
  }

  /** webgpu: results can only be read back asynchronously, so `read()` throws and ops needing host values refuse. */
  get asyncOnly(): boolean {
    return this.mode === 'webgpu';
  }

  describe(): string {
    const info = availableGpuModes().find((m) => m.mode === this.mode);
    const ran = this.cache.classesRun.size ? [...this.cache.classesRun].join(', ') : 'no kernel run yet';
    const passed = this.skipped.length ? `; auto passed over ${this.skipped.join('; ')}` : '';
    return `gpu (mode ${this.mode}): ${ran} — ${info?.why ?? this.mode}${passed}`;
  }

  // ---- storage and transfers -------------------------------------------------------------

  alloc(dtype: DType, size: number): GpuStorage {
    this.checkDtype(dtype, 'alloc');
    this.checkSize(size, 'alloc');
    // GL storages start unmaterialised (zeros); host-array modes allocate the zeros directly.
    return this.memory.create(size, this.onDevice ? null : new Float32Array(size));
  }

  fromTyped(data: TypedArray): GpuStorage {
    if (data instanceof Float64Array) this.checkDtype('float64', 'fromTyped');
    this.checkSize(data.length, 'fromTyped');
    if (data instanceof Int32Array) {
      for (let i = 0; i < data.length; i++) {
        if (Math.abs(data[i]) > MAX_ELEMENTS) {
          throw new DTypeError(
            `gpu backend: int32 value ${data[i]} at index ${i} is beyond ±2^24, which the gpu backend (int32 stored as float32) ` +
              `cannot hold exactly — keep this tensor on the cpu backend (.to('cpu'))`,
          );
        }
      }
    }
    const s = this.memory.create(data.length, null);
    this.upload(s, Float32Array.from(data));
    return s;
  }

  read(s: Storage, dtype: DType, size: number): TypedArray {
    const st = this.own(s, 'read');
    this.checkDtype(dtype, 'read');
    if (this.asyncOnly) throw syncReadError();
    return this.readNow(st, dtype, size);
  }

  /** The synchronous read-back itself (a PendingBuffer's toArray() throws: it is never reached for one). */
  private readNow(st: GpuStorage, dtype: DType, size: number): TypedArray {
    const h = st.handle;
    let values: Float32Array;
    if (h === null) values = new Float32Array(size);
    else if (h instanceof Float32Array) values = h.slice(0, size);
    else values = (h.toArray() as Float32Array).slice(0, size);
    return asDtype(values, dtype, size);
  }

  /**
   * The async read: in webgpu mode it waits for the launches queued before it and maps the buffer;
   * in every other mode it is `read()` (a resolved promise). Launch and compile errors of the
   * kernels this value depends on reject here.
   */
  async readAsync(s: Storage, dtype: DType, size: number): Promise<TypedArray> {
    const st = this.own(s, 'readAsync');
    this.checkDtype(dtype, 'readAsync');
    const h = st.handle;
    if (h instanceof PendingBuffer) return asDtype(await h.read(size), dtype, size);
    return this.readNow(st, dtype, size);
  }

  fill(s: Storage, dtype: DType, size: number, value: number): void {
    const st = this.own(s, 'fill');
    if (size === 0) return;
    // An Int32Array stores trunc(value), and 0 for NaN/±Infinity.
    const v = dtype === 'int32' ? (Number.isFinite(value) ? Math.trunc(value) : 0) : value;
    const full = size === st.size;
    this.exec(st, fillKernel(size, st.size), full ? [v] : [this.arg(st), v]);
  }

  copy(src: Storage, srcDtype: DType, dst: Storage, dstDtype: DType, size: number): void {
    const a = this.own(src, 'copy');
    const d = this.own(dst, 'copy');
    this.checkDtype(dstDtype, 'copy');
    if (size === 0) return;
    const toInt = dstDtype === 'int32' && srcDtype !== 'int32';
    const full = size === d.size;
    this.exec(d, copyKernel(size, d.size, toInt), full ? [this.arg(a)] : [this.arg(a), this.arg(d)]);
  }

  random(s: Storage, dtype: DType, size: number, kind: 'uniform' | 'normal' | 'bernoulli', a: number, b: number, gen: Generator): void {
    const st = this.own(s, 'random');
    // Drawn on the host from the same stream and in the same order as the cpu backend, so a seed
    // gives the same values on both; stored through the dtype's array for the same rounding.
    const host = allocTyped(dtype === 'int32' ? 'int32' : 'float32', size);
    if (kind === 'uniform') for (let i = 0; i < size; i++) host[i] = a + (b - a) * gen.random();
    else if (kind === 'normal') for (let i = 0; i < size; i++) host[i] = a + b * gen.normal();
    else for (let i = 0; i < size; i++) host[i] = gen.random() < a ? 1 : 0;
    if (size === 0) return;
    const values = host instanceof Float32Array ? host : Float32Array.from(host);
    if (size === st.size) {
      this.upload(st, values);
      return;
    }
    const tmp = this.memory.create(size, null);
    this.upload(tmp, values);
    this.copy(tmp, 'float32', st, 'float32', size);
    this.memory.dispose(tmp);
  }

  // ---- elementwise ------------------------------------------------------------------------

  unary(op: UnaryOp, a: Storage, out: Storage, size: number, outDtype: DType, p1 = 0, p2 = 0): void {
    const x = this.own(a, `unary '${op}'`);
    const o = this.own(out, `unary '${op}'`);
    if (size === 0) return;
    this.exec(o, unaryKernel(op, size, outDtype), [this.arg(x), p1, p2]);
  }

  binary(op: BinaryOp, a: Storage, aShape: Shape, b: Storage, bShape: Shape, out: Storage, outShape: Shape, outDtype: DType): void {
    const x = this.own(a, `binary '${op}'`);
    const y = this.own(b, `binary '${op}'`);
    const o = this.own(out, `binary '${op}'`);
    if (numelOf(outShape) === 0) return;
    this.exec(o, binaryKernel(op, aShape, bShape, outShape, outDtype), [this.arg(x), this.arg(y)]);
  }

  binaryScalar(op: BinaryOp, a: Storage, s: number, reversed: boolean, out: Storage, size: number, outDtype: DType): void {
    const x = this.own(a, `binary '${op}'`);
    const o = this.own(out, `binary '${op}'`);
    if (size === 0) return;
    this.exec(o, binaryScalarKernel(op, reversed, size, outDtype), [this.arg(x), s]);
  }

  ternary(
    op: TernaryOp, a: Storage, aShape: Shape, b: Storage, bShape: Shape, c: Storage, cShape: Shape,
    out: Storage, outShape: Shape, outDtype: DType, value: number,
  ): void {
    const what = `ternary '${op}'`;
    const [x, y, z, o] = [this.own(a, what), this.own(b, what), this.own(c, what), this.own(out, what)];
    if (numelOf(outShape) === 0) return;
    this.exec(o, ternaryKernel(op, aShape, bShape, cShape, outShape, outDtype), [this.arg(x), this.arg(y), this.arg(z), value]);
  }

  // ---- reductions and matmul --------------------------------------------------------------

  reduce(op: ReduceOp, a: Storage, outer: number, len: number, inner: number, out: Storage, outDtype: DType): void {
    const x = this.own(a, `reduce '${op}'`);
    const o = this.own(out, `reduce '${op}'`);
    if (outer * inner === 0) return;
    if (len === 0) {
      // What the cpu loops leave for an empty axis: the identity, NaN for extrema, index 0.
      const empty = op === 'sum' ? 0 : op === 'prod' ? 1 : op === 'max' || op === 'min' ? NaN : 0;
      this.fill(o, outDtype, outer * inner, empty);
      return;
    }
    if (len > SPLIT_LEN && (op === 'sum' || op === 'prod' || op === 'max' || op === 'min')) {
      const partial = this.cache.run(...this.runArgs(reduceChunksKernel(op, outer, len, inner), [this.arg(x)]));
      const result = this.cache.run(...this.runArgs(reduceKernel(op, outer, splitPlan(len).chunks, inner), [partial]));
      if (isTexture(partial)) partial.delete();
      this.memory.replace(o, result);
      return;
    }
    this.exec(o, reduceKernel(op, outer, len, inner), [this.arg(x)]);
  }

  matmul(
    a: Storage, b: Storage, out: Storage, batch: number, m: number, k: number, n: number,
    aBatchStride: number, bBatchStride: number, transA: boolean, transB: boolean, dtype: DType,
  ): void {
    const x = this.own(a, 'matmul');
    const y = this.own(b, 'matmul');
    const o = this.own(out, 'matmul');
    this.checkDtype(dtype, 'matmul');
    if (batch * m * n === 0) return;
    if (k === 0) {
      this.fill(o, dtype, batch * m * n, 0);
      return;
    }
    this.exec(o, matmulKernel(batch, m, k, n, aBatchStride, bBatchStride, transA, transB), [this.arg(x), this.arg(y)]);
  }

  // ---- structural -------------------------------------------------------------------------

  permute(a: Storage, shape: Shape, perm: readonly number[], out: Storage, _dtype?: DType): void {
    const x = this.own(a, 'permute');
    const o = this.own(out, 'permute');
    if (numelOf(shape) === 0) return;
    this.exec(o, permuteKernel(shape, perm), [this.arg(x)]);
  }

  slice(a: Storage, outer: number, dimSize: number, inner: number, start: number, length: number, out: Storage, _dtype?: DType): void {
    const x = this.own(a, 'slice');
    const o = this.own(out, 'slice');
    if (outer * length * inner === 0) return;
    this.exec(o, sliceKernel(outer, dimSize, inner, start, length), [this.arg(x)]);
  }

  sliceAssign(out: Storage, outer: number, dimSize: number, inner: number, start: number, length: number, src: Storage, _d: DType, accumulate: boolean): void {
    const o = this.own(out, 'sliceAssign');
    const s = this.own(src, 'sliceAssign');
    if (outer * length * inner === 0) return;
    this.exec(o, sliceAssignKernel(outer, dimSize, inner, start, length, accumulate), [this.arg(o), this.arg(s)]);
  }

  indexSelect(a: Storage, outer: number, dimSize: number, inner: number, index: Storage, nIndex: number, out: Storage, _dtype?: DType): void {
    const x = this.own(a, 'indexSelect');
    const idx = this.own(index, 'indexSelect');
    const o = this.own(out, 'indexSelect');
    if (outer * nIndex * inner === 0) return;
    this.exec(o, indexSelectKernel(outer, dimSize, inner, nIndex), [this.arg(x), this.arg(idx)]);
  }

  indexAdd(out: Storage, outer: number, dimSize: number, inner: number, index: Storage, nIndex: number, src: Storage, _dtype?: DType): void {
    const o = this.own(out, 'indexAdd');
    const idx = this.own(index, 'indexAdd');
    const s = this.own(src, 'indexAdd');
    if (outer * dimSize * inner === 0 || nIndex === 0) return;
    this.exec(o, indexAddKernel(outer, dimSize, inner, nIndex), [this.arg(o), this.arg(idx), this.arg(s)]);
  }

  gather(a: Storage, aShape: Shape, dim: number, index: Storage, indexShape: Shape, out: Storage, _dtype?: DType): void {
    const x = this.own(a, 'gather');
    const idx = this.own(index, 'gather');
    const o = this.own(out, 'gather');
    if (numelOf(indexShape) === 0) return;
    this.exec(o, gatherKernel(aShape, dim, indexShape), [this.arg(x), this.arg(idx)]);
  }

  scatter(out: Storage, outShape: Shape, dim: number, index: Storage, indexShape: Shape, src: Storage, _d: DType, mode: 'set' | 'add'): void {
    const o = this.own(out, 'scatter');
    const idx = this.own(index, 'scatter');
    const s = this.own(src, 'scatter');
    if (numelOf(indexShape) === 0 || numelOf(outShape) === 0) return;
    this.exec(o, scatterKernel(outShape, dim, indexShape, mode), [this.arg(o), this.arg(idx), this.arg(s)]);
  }

  triangle(a: Storage, batch: number, rows: number, cols: number, k: number, upper: boolean, out: Storage, _dtype?: DType): void {
    const x = this.own(a, 'triangle');
    const o = this.own(out, 'triangle');
    if (batch * rows * cols === 0) return;
    this.exec(o, triangleKernel(batch, rows, cols, k, upper), [this.arg(x)]);
  }

  // ---- fused optimizer updates (proposed seam additions) ----------------------------------

  /** SGD with momentum/dampening/Nesterov/weight decay; `buf` is required when momentum ≠ 0. */
  sgdStep(p: Storage, g: Storage, buf: Storage | null, size: number, o: SgdOptions): void {
    const u = sgdUpdate(o);
    const inputs = { p, g, buf };
    this.fused('sgd', u, size, inputs, o.momentum !== 0 ? [p, this.need(buf, 'sgdStep', 'buf')] : [p]);
  }

  /** Adam / AdamW (decoupled) with optional AMSGrad; `vmax` is required when amsgrad. */
  adamStep(p: Storage, g: Storage, m: Storage, v: Storage, vmax: Storage | null, size: number, o: AdamOptions): void {
    const u = adamUpdate(o);
    const targets = o.amsgrad ? [p, m, v, this.need(vmax, 'adamStep', 'vmax')] : [p, m, v];
    this.fused('adam', u, size, { p, g, m, v, vmax }, targets);
  }

  lionStep(p: Storage, g: Storage, m: Storage, size: number, o: LionOptions): void {
    this.fused('lion', lionUpdate(o), size, { p, g, m }, [p, m]);
  }

  /** RMSprop; `buf` is required when momentum > 0 and `gAvg` when centered. */
  rmspropStep(p: Storage, g: Storage, sq: Storage, buf: Storage | null, gAvg: Storage | null, size: number, o: RmspropOptions): void {
    const targets = [p, sq];
    if (o.momentum > 0) targets.push(this.need(buf, 'rmspropStep', 'buf'));
    if (o.centered) targets.push(this.need(gAvg, 'rmspropStep', 'gAvg'));
    this.fused('rmsprop', rmspropUpdate(o), size, { p, g, sq, buf, gavg: gAvg }, targets);
  }

  // ---- lifetime (proposed seam additions) -------------------------------------------------

  /** Frees the storage's device memory now; using it afterwards is an error. */
  dispose(s: Storage): void {
    if (s instanceof GpuStorage && s.owner === this.memory) this.memory.dispose(s);
  }

  /** Runs fn; storages created inside and not reachable from its result are freed on exit. */
  tidy<R>(fn: () => R): R {
    return this.memory.tidy(fn);
  }

  keep(s: Storage): void {
    this.memory.keep(this.own(s, 'keep'));
  }

  liveCount(): number {
    return this.memory.liveCount();
  }

  kernelStats(): { cached: number; compiles: number; hits: number } {
    return { cached: this.cache.size(), compiles: this.cache.compiles, hits: this.cache.hits };
  }

  /** Releases every compiled kernel (and the GL context, if any). Storages become unusable. */
  async destroy(): Promise<void> {
    // webgpu: queued launches still use the kernels.
    await this.cache.queue?.drain();
    this.cache.clear();
    await this.gpu.destroy();
  }

  // ---- internals --------------------------------------------------------------------------

  private fused(kind: string, u: FusedUpdate, n: number, inputs: Record<string, Storage | null>, targets: Storage[]): void {
    const what = `${kind}Step`;
    const owned = targets.map((t) => this.own(t, what));
    if (n === 0) return;
    const args: KernelArg[] = u.arrays.map((name) => this.arg(this.own(this.need(inputs[name] ?? null, what, name), what)));
    for (const name of Object.keys(u.scalars)) args.push(u.scalars[name]);
    const out = this.cache.run(...this.runArgs(fusedKernel(u, n), args));
    // Hand each part to its storage: zero-copy views of one array in host modes, slices in GL.
    owned.forEach((t, k) => {
      const part = out instanceof Float32Array ? out.subarray(k * n, (k + 1) * n) : this.cache.run(...this.runArgs(sliceKernel(1, owned.length * n, 1, k * n, n), [out]));
      this.memory.replace(t, part);
    });
    if (isTexture(out)) out.delete();
  }

  private need(s: Storage | null, what: string, name: string): Storage {
    if (s === null || s === undefined) throw new BackendError(`gpu backend: ${what} needs the '${name}' state buffer for these options`);
    return s;
  }

  private exec(out: GpuStorage, built: Built, args: KernelArg[]): void {
    this.memory.replace(out, this.cache.run(...this.runArgs(built, args)));
  }

  /**
   * Cache key = op signature + every argument's length: gpu.js bakes argument sizes into the
   * compiled module, so a storage larger than the op's extent must get its own kernel.
   */
  private runArgs(built: Built, args: KernelArg[]): [string, Built['spec'], KernelArg[]] {
    let key = built.key + '|';
    for (const x of args) key += typeof x === 'number' ? 's,' : x instanceof Float32Array ? `${x.length},` : `t${x.output.join('x')},`;
    return [key, built.spec, args];
  }

  private arg(s: GpuStorage): Float32Array | DeviceHandle {
    const h = s.handle;
    if (h === null) return s.size === 0 ? EMPTY : new Float32Array(s.size);
    if (h instanceof Float32Array && h.length === 0) return EMPTY;
    return h;
  }

  private upload(s: GpuStorage, values: Float32Array): void {
    if (values.length === 0) return;
    // GL: one identity kernel turns the host array into a resident texture.
    if (this.onDevice) this.exec(s, copyKernel(values.length, values.length, false), [values]);
    else this.memory.replace(s, values);
  }

  private own(s: Storage, op: string): GpuStorage {
    if (s instanceof GpuStorage) {
      if (s.owner !== this.memory) {
        throw new BackendError(
          `gpu backend (${this.memory.backendLabel}): ${op} got a tensor from another gpu backend instance (${s.owner.backendLabel}); ` +
            `move it with .to(backend) first`,
        );
      }
      if (s.disposed) throw new BackendError(`gpu backend: ${op} got a tensor whose storage was disposed (dispose() or a tidy scope freed it)`);
      return s;
    }
    const other = ArrayBuffer.isView(s) ? `the cpu backend (${s.constructor.name})` : `an unknown backend (${Object.prototype.toString.call(s)})`;
    throw new BackendError(
      `gpu backend (${this.memory.backendLabel}): ${op} got a tensor stored on ${other} mixed with gpu tensors; ` +
        `move one side with .to('gpu') or .to('cpu')`,
    );
  }

  /** webgpu: resolves once every launch issued so far has run (errors stay with their tensors). */
  sync(): Promise<void> {
    return this.cache.queue?.drain() ?? Promise.resolve();
  }

  private checkDtype(dtype: DType, op: string): void {
    if (dtype === 'float64') {
      throw new DTypeError(`gpu backend: ${op} — float64 is cpu-only (gpu.js computes in float32); use float32, or keep the tensor on the cpu backend with .to('cpu')`);
    }
  }

  private checkSize(size: number, op: string): void {
    if (size > MAX_ELEMENTS) {
      throw new BackendError(
        `gpu backend: ${op} of ${size} elements exceeds the gpu backend's per-tensor limit of 2^24 (${MAX_ELEMENTS}) — ` +
          `kernel index arithmetic is float32; split the tensor or use the cpu backend`,
      );
    }
  }
}

/** Host float32 values as the dtype's array (int32 is stored as float32 on the device). */
function asDtype(values: Float32Array, dtype: DType, size: number): TypedArray {
  if (dtype === 'float32') return values;
  const out = allocTyped(dtype, size);
  out.set(values);
  return out;
}
