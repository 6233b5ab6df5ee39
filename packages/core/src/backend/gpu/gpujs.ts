/**
 * The narrow slice of gpu.js this backend uses, typed once here so the rest of the folder never
 * touches `any`. gpu.js is CommonJS; in Node its named exports load through the CJS interop, and
 * a browser bundler resolves `gpu.js` to its browser build (package.json "browser" field), whose
 * UMD export carries the same names. Nothing here imports a `node:` module statically, so this
 * file also loads in a page.
 */
import * as gpujsModule from 'gpu.js';

/** A value a kernel reads: a host array (webasm/cpu modes, and uploads) or a device texture (GL modes). */
export type KernelArg = Float32Array | GpuTexture | number;

/** gpu.js's Texture (GL modes, pipeline output); `delete()` frees the device memory at refcount 0. */
export interface GpuTexture {
  readonly type: string;
  readonly output: number[];
  toArray(): Float32Array | Float32Array[] | Float32Array[][];
  delete(): void;
  clone(): GpuTexture;
}

/** The kernel object behind a run shortcut; its class is what actually executes. */
export interface GpuKernelInstance {
  readonly constructor: { readonly name: string; readonly mode?: string };
  fallbackReason?: string;
  _lastRunPath?: string | null;
}

/** What `gpu.createKernel` returns: callable, with the live kernel behind it. */
export interface KernelShortcut {
  (...args: KernelArg[]): Float32Array | GpuTexture | Float32Array[] | Promise<unknown>;
  readonly kernel: GpuKernelInstance;
  destroy(removeCanvasReference?: boolean): void;
}

export interface KernelSettings {
  output: number[];
  pipeline?: boolean;
  immutable?: boolean;
  precision?: 'single';
  argumentTypes?: Record<string, string>;
  functions?: string[];
  loopMaxIterations?: number;
  tactic?: 'precision' | 'balanced' | 'speed';
  strictIntegers?: boolean;
  dynamicOutput?: boolean;
  dynamicArguments?: boolean;
}

export interface GpuInstance {
  readonly mode: string;
  readonly Kernel: { readonly name: string; readonly isSupported: boolean } | null;
  readonly context: unknown;
  createKernel(source: string, settings: KernelSettings): KernelShortcut;
  destroy(): Promise<void>;
}

export interface GpuConstructor {
  new (settings: { mode: string }): GpuInstance;
  readonly isWebGPUSupported: boolean;
  readonly isWebGL2Supported: boolean;
  readonly isWebGLSupported: boolean;
  readonly isHeadlessGLSupported: boolean;
  readonly isWebAssemblySupported: boolean;
}

interface KernelClassStatics {
  readonly isSupported: boolean;
  readonly isSIMDSupported?: boolean;
  readonly isThreadsSupported?: boolean;
}

const m = gpujsModule as unknown as {
  GPU: GpuConstructor;
  WebAssemblyKernel: KernelClassStatics;
  HeadlessGLKernel: KernelClassStatics;
  WebGL2Kernel: KernelClassStatics;
  WebGLKernel: KernelClassStatics;
  WebGPUKernel: KernelClassStatics;
  CPUKernel: KernelClassStatics;
};

export const GPU: GpuConstructor = m.GPU;
export const WebAssemblyKernel: KernelClassStatics = m.WebAssemblyKernel;
export const HeadlessGLKernel: KernelClassStatics = m.HeadlessGLKernel;
export const WebGL2Kernel: KernelClassStatics = m.WebGL2Kernel;
export const WebGLKernel: KernelClassStatics = m.WebGLKernel;
export const WebGPUKernel: KernelClassStatics = m.WebGPUKernel;
export const CPUKernel: KernelClassStatics = m.CPUKernel;

/** What gpu.js's shared WebGPU context resolves to: the adapter its kernels run on. */
export interface WebGpuAdapterLike {
  readonly info?: { vendor?: string; architecture?: string; device?: string; description?: string; isFallbackAdapter?: boolean };
  readonly isFallbackAdapter?: boolean;
}

/**
 * gpu.js's module-level WebGPU device singleton (every WebGPU kernel runs on it). `acquire()`
 * requests the adapter and device once and caches them.
 */
export const WebGPUContext: { acquire(): Promise<{ adapter: WebGpuAdapterLike; device: unknown }> } | undefined =
  (gpujsModule as unknown as { WebGPUContext?: { acquire(): Promise<{ adapter: WebGpuAdapterLike; device: unknown }> } }).WebGPUContext;

/**
 * The kernel classes by their gpu.js names. Kernels are identified by class identity, never by
 * `constructor.name`: a bundler renames classes whose names collide (the browser bundle turns
 * WebGL2Kernel into WebGL2Kernel2), and minifiers drop names altogether.
 */
export const KERNEL_CLASSES: Readonly<Record<string, unknown>> = {
  WebAssemblyKernel: m.WebAssemblyKernel,
  CPUKernel: m.CPUKernel,
  WebGL2Kernel: m.WebGL2Kernel,
  WebGLKernel: m.WebGLKernel,
  HeadlessGLKernel: m.HeadlessGLKernel,
  WebGPUKernel: m.WebGPUKernel,
};

/** gpu.js's name for a kernel's class (the bundle-proof name, see KERNEL_CLASSES). */
export function kernelClassName(ctor: unknown): string {
  for (const [name, cls] of Object.entries(KERNEL_CLASSES)) if (cls !== undefined && cls === ctor) return name;
  return (ctor as { name?: string })?.name ?? 'an unknown kernel class';
}

/**
 * Resolves packages the way gpu.js itself does (gl and webgpu are gpu.js's dependencies, not ours).
 * Null outside Node. `node:module` is reached through process.getBuiltinModule (Node ≥ 20.16), not
 * an import, so browser bundles never see it; on older Node the native modes report unavailable.
 */
export function requireFromGpuJs(): NodeJS.Require | null {
  const proc = (globalThis as { process?: NodeJS.Process }).process;
  if (!proc?.versions?.node || typeof proc.getBuiltinModule !== 'function') return null;
  const { createRequire } = proc.getBuiltinModule('node:module');
  const here = createRequire(import.meta.url);
  return createRequire(here.resolve('gpu.js'));
}

export function isTexture(v: unknown): v is GpuTexture {
  return typeof v === 'object' && v !== null && !ArrayBuffer.isView(v) && typeof (v as GpuTexture).delete === 'function';
}
