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
};

export class KernelCache {
  private readonly kernels = new Map<string, KernelShortcut>();
  compiles = 0;
  hits = 0;
  /** The kernel classes that actually ran, as gpu.js reports them. */
  readonly classesRun = new Set<string>();

  /**
   * @param deviceOutput GL modes: outputs stay on the device as fresh (immutable) textures
   */
  constructor(private readonly gpu: GpuInstance, private readonly mode: string, private readonly deviceOutput: boolean, readonly limit = 256) {}

  run(key: string, build: () => KernelSpec, args: KernelArg[]): DeviceHandle {
    let k = this.kernels.get(key);
    if (k) {
      this.hits++;
      // Map order is the LRU order.
      this.kernels.delete(key);
      this.kernels.set(key, k);
      return this.collect(k(...args), key);
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
      throw this.compileError(spec, e);
    }
    let out: unknown;
    try {
      out = k(...args);
    } catch (e) {
      k.destroy();
      throw this.compileError(spec, e);
    }
    const cls = kernelClassName(k.kernel.constructor);
    if (k.kernel.constructor !== KERNEL_CLASSES[EXPECTED_CLASS[this.mode]]) {
      k.destroy();
      throw new BackendError(
        `gpu backend (${this.mode}): kernel ${spec.what} fell back to gpu.js's ${cls}` +
          `${k.kernel.fallbackReason ? ` (${k.kernel.fallbackReason})` : ''}; gradstack does not run silent fallbacks`,
      );
    }
    this.classesRun.add(cls);
    this.compiles++;
    this.kernels.set(key, k);
    while (this.kernels.size > this.limit) {
      const oldest = this.kernels.keys().next().value as string;
      this.kernels.get(oldest)?.destroy();
      this.kernels.delete(oldest);
    }
    return this.collect(out, key);
  }

  size(): number {
    return this.kernels.size;
  }

  clear(): void {
    for (const k of this.kernels.values()) k.destroy();
    this.kernels.clear();
  }

  private collect(out: unknown, key: string): DeviceHandle {
    if (out instanceof Float32Array || isTexture(out)) return out;
    throw new BackendError(`gpu backend (${this.mode}): kernel ${key} returned ${Object.prototype.toString.call(out)}, expected a Float32Array or texture`);
  }

  private compileError(spec: KernelSpec, e: unknown): BackendError {
    const msg = (e as Error)?.message?.split('\n')[0] ?? String(e);
    return new BackendError(`gpu backend (${this.mode}): compiling kernel ${spec.what} failed: ${msg}`);
  }
}
