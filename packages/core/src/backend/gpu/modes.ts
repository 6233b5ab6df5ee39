/**
 * Which gpu.js mode gradstack runs, decided by gradstack: gpu.js's own automatic choice prefers any
 * GL context, software rasterisers included, over WebAssembly, so it is never used. Each mode is
 * probed for the concrete reason it cannot run here, and those reasons end up in errors and in
 * `describe()`.
 */
import { BackendError } from '../../errors.js';
import { HeadlessGLKernel, WebAssemblyKernel, WebGL2Kernel, WebGLKernel, WebGPUContext, requireFromGpuJs } from './gpujs.js';

export const GPU_MODES = ['auto', 'webgpu', 'webgl2', 'webgl', 'headlessgl', 'webasm', 'cpu'] as const;
export type GpuMode = (typeof GPU_MODES)[number];
export type ConcreteGpuMode = Exclude<GpuMode, 'auto'>;

export interface GpuModeInfo {
  mode: ConcreteGpuMode;
  available: boolean;
  /** Why the mode can or cannot run here (adapter/renderer name when it can). */
  why: string;
}

const isNode = typeof process !== 'undefined' && !!process.versions?.node;
const hasDom = typeof (globalThis as { document?: unknown }).document !== 'undefined';

/** The WebGPU adapter gpu.js's kernels run on, once requested; null until prepareGpuModes() ran. */
let webgpuAdapter: { name: string; software: boolean } | { error: string } | null = null;

/** Software WebGPU adapters (SwiftShader, lavapipe, WARP): WebAssembly beats them, so 'auto' skips them. */
const SOFTWARE_ADAPTER = /swiftshader|llvmpipe|lavapipe|softpipe|software|warp|basic render/i;

/**
 * The asynchronous part of mode discovery: requesting a WebGPU adapter (and device) is a Promise,
 * and gpu.js's kernels use the one it acquires here. Await it before `setBackend('gpu')` with mode
 * 'webgpu' (or 'auto', to let 'auto' consider WebGPU); until then webgpu reports unavailable,
 * saying so. Resolves with the modes as availableGpuModes() now reports them.
 */
export async function prepareGpuModes(): Promise<GpuModeInfo[]> {
  const nav = (globalThis as { navigator?: { gpu?: unknown } }).navigator;
  if (nav?.gpu && (webgpuAdapter === null || 'error' in webgpuAdapter)) {
    try {
      if (!WebGPUContext) throw new Error("this gpu.js build exports no WebGPUContext");
      const { adapter } = await WebGPUContext.acquire();
      const info = adapter.info ?? {};
      const name = [info.vendor, info.architecture, info.device, info.description].filter((v) => v).join(' / ') || 'an adapter without info';
      const fallback = info.isFallbackAdapter === true || adapter.isFallbackAdapter === true;
      webgpuAdapter = { name: `${name}${fallback ? ' (fallback adapter)' : ''}`, software: fallback || SOFTWARE_ADAPTER.test(name) };
    } catch (e) {
      webgpuAdapter = { error: ((e as Error)?.message ?? String(e)).split('\n')[0] };
    }
    cached = null;
  }
  return availableGpuModes();
}

function probeWebGpu(): GpuModeInfo {
  const nav = (globalThis as { navigator?: { gpu?: unknown } }).navigator;
  if (nav?.gpu) {
    if (webgpuAdapter === null) {
      return {
        mode: 'webgpu',
        available: false,
        why: 'webgpu: navigator.gpu exists, but no adapter has been requested yet (that is asynchronous) — await prepareGpuModes() first',
      };
    }
    if ('error' in webgpuAdapter) return { mode: 'webgpu', available: false, why: `webgpu: no usable adapter — ${webgpuAdapter.error}` };
    return {
      mode: 'webgpu',
      available: true,
      why: `webgpu: adapter ${webgpuAdapter.name}${webgpuAdapter.software ? ' (software adapter)' : ''}; values are read back with dataAsync()/itemAsync()/toArrayAsync()`,
    };
  }
  if (!isNode) return { mode: 'webgpu', available: false, why: 'webgpu: navigator.gpu is missing in this browser' };
  // In Node the API comes from Dawn (the `webgpu` package gpu.js depends on); loading it says
  // whether this machine's C++ runtime can host it at all.
  const req = requireFromGpuJs();
  try {
    if (!req) throw new Error('native modules need Node ≥ 20.16 (process.getBuiltinModule)');
    const pkgDir = req.resolve('webgpu/package.json').replace(/package\.json$/, '');
    req(`${pkgDir}dist/${process.platform}-${process.arch}.dawn.node`);
  } catch (e) {
    const msg = (e as Error).message;
    const glibcxx = /GLIBCXX_[0-9.]+/.exec(msg);
    const why = glibcxx
      ? `Dawn (npm webgpu) cannot load: this system's libstdc++ lacks ${glibcxx[0]} (needs the GCC 13+ runtime)`
      : `Dawn (npm webgpu) cannot load: ${msg.split('\n')[0]}`;
    return { mode: 'webgpu', available: false, why: `webgpu: ${why}` };
  }
  // gpu.js drives the global navigator.gpu and never installs Dawn's there itself.
  return {
    mode: 'webgpu',
    available: false,
    why: "webgpu: Dawn loads, but Node has no navigator.gpu — install Dawn's (npm webgpu: globalThis.navigator = { gpu: create([]) }) and await prepareGpuModes()",
  };
}

/** The WebGL renderer string, and whether it is a software rasteriser that WebAssembly beats. */
export function webglRenderer(version: 1 | 2): { name: string; software: boolean } | null {
  if (!hasDom) return null;
  const doc = (globalThis as unknown as { document: { createElement(tag: string): { getContext(kind: string): unknown } } }).document;
  const gl = doc.createElement('canvas').getContext(version === 2 ? 'webgl2' : 'webgl') as {
    getExtension(name: string): { UNMASKED_RENDERER_WEBGL: number } | null;
    getParameter(p: number): unknown;
    RENDERER: number;
  } | null;
  if (!gl) return null;
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  const name = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  return { name, software: /swiftshader|llvmpipe|softpipe|software|basic render/i.test(name) };
}

function probeWebGl(mode: 'webgl2' | 'webgl'): GpuModeInfo {
  if (!hasDom) return { mode, available: false, why: `${mode}: needs a browser (there is no DOM canvas in Node; use headlessgl there)` };
  const ok = mode === 'webgl2' ? WebGL2Kernel.isSupported : WebGLKernel.isSupported;
  const r = webglRenderer(mode === 'webgl2' ? 2 : 1);
  if (!ok || !r) return { mode, available: false, why: `${mode}: this browser gives no ${mode} context with float textures` };
  return { mode, available: true, why: `${mode}: renderer ${r.name}${r.software ? ' (software rasteriser)' : ''}` };
}

function probeHeadlessGl(): GpuModeInfo {
  if (!isNode) return { mode: 'headlessgl', available: false, why: 'headlessgl: Node only' };
  try {
    const req = requireFromGpuJs();
    if (!req) throw new Error('native modules need Node ≥ 20.16 (process.getBuiltinModule)');
    req('gl');
  } catch {
    return {
      mode: 'headlessgl',
      available: false,
      why: "headlessgl: the optional native `gl` package is not built (pnpm skips its build script by default; see packages/core/BACKENDS.md to opt in)",
    };
  }
  if (process.platform === 'linux' && !process.env.DISPLAY) {
    return { mode: 'headlessgl', available: false, why: 'headlessgl: no DISPLAY (headless-gl needs an X server; run under xvfb-run)' };
  }
  if (!HeadlessGLKernel.isSupported) return { mode: 'headlessgl', available: false, why: 'headlessgl: `gl` loads but creates no context' };
  return { mode: 'headlessgl', available: true, why: `headlessgl: DISPLAY=${process.env.DISPLAY ?? ''}` };
}

function probeWebAsm(): GpuModeInfo {
  if (!WebAssemblyKernel.isSupported) return { mode: 'webasm', available: false, why: 'webasm: WebAssembly is unavailable' };
  const simd = WebAssemblyKernel.isSIMDSupported ? 'SIMD' : 'no SIMD';
  // gpu.js threads its wasm kernels only under mode 'async' (Promise results), which the
  // synchronous seam cannot use, so runs here are single-threaded.
  return { mode: 'webasm', available: true, why: `webasm: WebAssembly, ${simd}, single-threaded (sync runs)` };
}

let cached: GpuModeInfo[] | null = null;

/** Every concrete mode with whether it runs here and why (probed once per process). */
export function availableGpuModes(): GpuModeInfo[] {
  if (!cached) {
    cached = [
      probeWebGpu(),
      probeWebGl('webgl2'),
      probeWebGl('webgl'),
      probeHeadlessGl(),
      probeWebAsm(),
      { mode: 'cpu', available: true, why: "cpu: gpu.js's JavaScript kernels" },
    ];
  }
  return cached.map((m) => ({ ...m }));
}

export interface ModeChoice {
  mode: ConcreteGpuMode;
  /** For 'auto': the modes tried before the chosen one, each with why it was passed over. */
  skipped: string[];
}

/**
 * Resolves a requested mode. 'auto' walks the preference order (in Node: WebGPU with a
 * hardware adapter, then WebAssembly; in a browser WebGL2 on a hardware renderer sits between them).
 * Software adapters and renderers are passed over by 'auto' but can be asked for by name.
 */
export function chooseGpuMode(requested: GpuMode): ModeChoice {
  if (!(GPU_MODES as readonly string[]).includes(requested)) {
    throw new BackendError(`setBackend('gpu'): unknown mode '${String(requested)}' — expected one of ${GPU_MODES.join(', ')}`);
  }
  const modes = availableGpuModes();
  const info = (m: ConcreteGpuMode) => modes.find((x) => x.mode === m) as GpuModeInfo;
  if (requested !== 'auto') {
    const i = info(requested);
    if (!i.available) {
      const here = modes.filter((x) => x.available).map((x) => x.mode);
      throw new BackendError(
        `setBackend('gpu', { mode: '${requested}' }): not available here — ${i.why}. ` +
          `Modes available here: ${here.join(', ')} (or mode 'auto')`,
      );
    }
    return { mode: requested, skipped: [] };
  }
  const order: ConcreteGpuMode[] = isNode ? ['webgpu', 'webasm', 'cpu'] : ['webgpu', 'webgl2', 'webasm', 'cpu'];
  const skipped: string[] = [];
  for (const m of order) {
    const i = info(m);
    if (m === 'webgpu' && i.available && webgpuAdapter !== null && 'software' in webgpuAdapter && webgpuAdapter.software) {
      skipped.push(`webgpu: adapter ${webgpuAdapter.name} is a software adapter`);
      continue;
    }
    if (m === 'webgl2' && i.available) {
      const r = webglRenderer(2);
      if (r?.software) {
        skipped.push(`webgl2: renderer ${r.name} is a software rasteriser`);
        continue;
      }
    }
    if (i.available) return { mode: m, skipped };
    skipped.push(i.why);
  }
  // cpu is always available, so the loop returns; this line only satisfies the type checker.
  return { mode: 'cpu', skipped };
}
