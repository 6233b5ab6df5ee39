/**
 * gpu.js kernels compiled once per (op, shape signature) and cached. Every kernel writes a flat 1-D
 * output and does its own index arithmetic, so results come back as one Float32Array (or one
 * texture) rather than gpu.js's nested row arrays. The cache is an LRU: each webasm kernel pins a
 * WebAssembly.Memory, so evicted kernels are destroyed.
 */
import { BackendError } from '../../errors.js';
import type { GpuInstance, KernelArg, KernelShortcut } from './gpujs.js';
import { KERNEL_CLASSES, isTexture, kernelClassName } from './gpujs.js';
import type { DeviceHandle } from './storage.js';
import { PendingBuffer, WebGpuQueue, type WebGpuBufferResult } from './webgpu.js';

export interface KernelSpec {
  /** Kernel source: `function (args...) { ... return v; }` over `this.thread.x` in [0, outSize). */
  source: string;
  outSize: number;
  /** Helper functions (source text) the kernel calls. */
  functions?: string[];
  /** For error messages: the op and the shapes it was compiled for. */
  what: string;
}

/** The gpu.js kernel class each mode must run on; anything else means gpu.js fell back silently. */
const EXPECTED_CLASS: Record<string, string> = {
  webasm: 'WebAssemblyKernel',
  cpu: 'CPUKernel',
  webgl2: 'WebGL2Kernel',
  webgl: 'WebGLKernel',
  headlessgl: 'HeadlessGLKernel',
  webgpu: 'WebGPUKernel',
};

export class KernelCache {
  private readonly kernels = new Map<string, KernelShortcut>();
  compiles = 0;
  hits = 0;
  /** The kernel classes that actually ran, as gpu.js reports them. */
  readonly classesRun = new Set<string>();

  /** webgpu: the program-order launch queue (see webgpu.ts); null in the synchronous modes. */
  readonly queue: WebGpuQueue | null;
  /** webgpu: each signature's output size, known before its kernel is compiled in the queue. */
  private readonly outSizes = new Map<string, number>();

  /**
   * @param deviceOutput GL modes and webgpu: outputs stay on the device as fresh (immutable)
   *   textures / storage buffers
   */
  constructor(private readonly gpu: GpuInstance, private readonly mode: string, private readonly deviceOutput: boolean, readonly limit = 256) {
    this.queue = mode === 'webgpu' ? new WebGpuQueue() : null;
  }

  run(key: string, build: () => KernelSpec, args: KernelArg[]): DeviceHandle {
    if (this.queue) return this.runQueued(this.queue, key, build, args);
    const out = this.launch(key, build, args);
    if (out.kernelError) throw out.kernelError;
    return this.collect(out.result, key);
  }

  /**
   * webgpu: returns the result's PendingBuffer at once; the launch (compile on first use, then
   * run) waits in the queue for the launches before it and for its pending inputs. Host arrays are
   * captured as they are now: the backend hands kernels only fresh arrays it never mutates.
   */
  private runQueued(queue: WebGpuQueue, key: string, build: () => KernelSpec, args: KernelArg[]): PendingBuffer {
    let outSize = this.outSizes.get(key);
    if (outSize === undefined) {
      outSize = build().outSize;
      // Signatures are bounded in practice; the cap only stops unbounded growth on endless new shapes.
      if (this.outSizes.size >= 4096) this.outSizes.clear();
      this.outSizes.set(key, outSize);
    }
    const inputs = args.map((a) => (a instanceof PendingBuffer ? a.promise : a));
    const p = queue.enqueue(async () => {
      const resolved = (await Promise.all(inputs)) as KernelArg[];
      const out = this.launch(key, build, resolved);
      if (out.kernelError) throw out.kernelError;
      let result: unknown;
      try {
        result = await (out.result as Promise<unknown>);
      } catch (e) {
        // A first run's rejection is the compute-pipeline build failing: drop the broken kernel.
        if (out.spec) this.evict(key);
        throw this.compileError(out.spec ?? { what: key }, e, out.spec ? 'compiling' : 'running');
      }
      const r = result as WebGpuBufferResult | null;
      if (!r || r.type !== 'WebGPUBuffer' || typeof r.delete !== 'function') {
        throw new BackendError(`gpu backend (webgpu): kernel ${key} resolved ${Object.prototype.toString.call(result)}, expected a WebGPUBufferResult`);
      }
      return r;
    });
    return new PendingBuffer([outSize], p, queue);
  }

  /**
   * Compiles on first use (checking gpu.js ran the mode's own kernel class) and runs the kernel.
   * The result is the kernel's raw return: an array or texture, or in webgpu a Promise of one.
   */
  private launch(key: string, build: () => KernelSpec, args: KernelArg[]): { result: unknown; spec?: KernelSpec; kernelError?: BackendError } {
    let k = this.kernels.get(key);
    if (k) {
      this.hits++;
      // Map order is the LRU order.
      this.kernels.delete(key);
      this.kernels.set(key, k);
      try {
        return { result: k(...args) };
      } catch (e) {
        // The synchronous modes have always let a cached kernel's run error propagate as is.
        if (!this.queue) throw e;
        return { result: null, kernelError: this.compileError({ what: key }, e, 'running') };
      }
    }
    const spec = build();
    try {
      k = this.gpu.createKernel(spec.source, {
        output: [spec.outSize],
        pipeline: this.deviceOutput,
        immutable: this.deviceOutput,
        precision: 'single',
        tactic: 'precision',
        functions: spec.functions ?? [],
      });
    } catch (e) {
      return { result: null, spec, kernelError: this.compileError(spec, e) };
    }
    let out: unknown;
    try {
      out = k(...args);
    } catch (e) {
      k.destroy();
      return { result: null, spec, kernelError: this.compileError(spec, e) };
    }
    const cls = kernelClassName(k.kernel.constructor);
    if (k.kernel.constructor !== KERNEL_CLASSES[EXPECTED_CLASS[this.mode]]) {
      k.destroy();
      return {
        result: null,
        spec,
        kernelError: new BackendError(
          `gpu backend (${this.mode}): kernel ${spec.what} fell back to gpu.js's ${cls}` +
            `${k.kernel.fallbackReason ? ` (${k.kernel.fallbackReason})` : ''}; gradstack does not run silent fallbacks`,
        ),
      };
    }
    this.classesRun.add(cls);
    this.compiles++;
    this.kernels.set(key, k);
    while (this.kernels.size > this.limit) {
      const oldest = this.kernels.keys().next().value as string;
      this.kernels.get(oldest)?.destroy();
      this.kernels.delete(oldest);
    }
    return { result: out, spec };
  }

  size(): number {
    return this.kernels.size;
  }

  private evict(key: string): void {
    this.kernels.get(key)?.destroy();
    this.kernels.delete(key);
  }

  clear(): void {
    for (const k of this.kernels.values()) k.destroy();
    this.kernels.clear();
  }

  private collect(out: unknown, key: string): DeviceHandle {
    if (out instanceof Float32Array || isTexture(out)) return out;
    throw new BackendError(`gpu backend (${this.mode}): kernel ${key} returned ${Object.prototype.toString.call(out)}, expected a Float32Array or texture`);
  }

  private compileError(spec: Pick<KernelSpec, 'what'>, e: unknown, doing = 'compiling'): BackendError {
    if (e instanceof BackendError) return e;
    const msg = (e as Error)?.message?.split('\n')[0] ?? String(e);
    return new BackendError(`gpu backend (${this.mode}): ${doing} kernel ${spec.what} failed: ${msg}`);
  }
}
