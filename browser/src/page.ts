/**
 * The parity page: exposes `window.gradstackParity`, which the Playwright test calls per gpu.js
 * mode. A mode that cannot run here comes back as unavailable with gradstack's own reason (the
 * BackendError from setBackend), never as a pass.
 */
import * as g from './gradstack.js';
import { runSample, runSampleAsync, type CaseResult } from './sample.js';

export interface ModeRun {
  mode: string;
  available: boolean;
  /** describe() after the run (kernel class, renderer/adapter), or why the mode cannot run. */
  detail: string;
  results: CaseResult[];
  ms: number;
}

export interface PageEnv {
  userAgent: string;
  crossOriginIsolated: boolean;
  modes: g.GpuModeInfo[];
  /** What navigator.gpu offers, independent of whether gradstack can drive it. */
  webgpuAdapter: string;
}

async function webgpuAdapter(): Promise<string> {
  type Adapter = { info?: Record<string, string>; isFallbackAdapter?: boolean };
  const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<Adapter | null> } }).gpu;
  if (!gpu) return 'navigator.gpu is missing';
  const adapter = await gpu.requestAdapter();
  if (!adapter) return 'navigator.gpu.requestAdapter() returned null';
  const info = adapter.info ?? {};
  const parts = ['vendor', 'architecture', 'device', 'description'].map((k) => info[k]).filter((v) => v);
  return `${parts.join(' / ') || 'adapter without info'}${adapter.isFallbackAdapter ? ' (fallback adapter)' : ''}`;
}

/**
 * Runs the sample on one gpu.js mode. WebGPU reads back only asynchronously, so there the sample is
 * read through dataAsync(); `read: 'async'` does the same on any mode.
 */
async function run(mode: string, read: 'sync' | 'async' = mode === 'webgpu' ? 'async' : 'sync'): Promise<ModeRun> {
  // Requesting the WebGPU adapter is asynchronous; mode discovery needs it before setBackend.
  await g.prepareGpuModes();
  const t0 = performance.now();
  let backend: g.Backend;
  try {
    backend = g.setBackend('gpu', { mode });
  } catch (e) {
    return { mode, available: false, detail: (e as Error).message, results: [], ms: 0 };
  }
  try {
    const results = read === 'async' ? await runSampleAsync(g) : runSample(g);
    return { mode, available: true, detail: backend.describe(), results, ms: performance.now() - t0 };
  } finally {
    g.setBackend('cpu');
  }
}

/** What 'auto' picks here (after the adapter request), and what it passed over. */
async function auto(): Promise<string> {
  await g.prepareGpuModes();
  try {
    return g.setBackend('gpu', { mode: 'auto' }).describe();
  } finally {
    g.setBackend('cpu');
  }
}

export interface WebGpuChecks {
  /** The error synchronous data() throws on webgpu. */
  syncDataError: string;
  syncItemError: string;
  /** toString() of a webgpu tensor (must not throw). */
  printed: string;
  /** gather with a negative index, wrapped on the device: expect [30, 10]. */
  negativeGather: number[];
  /** maskedSelect (output size depends on values): the error it throws. */
  maskedSelectError: string;
  /** prod's backward with zeros (device composition): expect [0, 6, 0, 0] then [0, 0, 0]. */
  prodGradOneZero: number[];
  prodGradTwoZeros: number[];
  itemAsync: number;
  toArrayAsync: unknown;
}

function message(f: () => unknown): string {
  try {
    f();
    return 'no error';
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`;
  }
}

/** The webgpu-only rules: no sync read, and ops needing host values either work without one or say so. */
async function webgpuChecks(): Promise<WebGpuChecks> {
  await g.prepareGpuModes();
  g.setBackend('gpu', { mode: 'webgpu' });
  try {
    const t = g.tensor(Float32Array.from([10, 20, 30]));
    const idx = g.tensor(Int32Array.from([-1, 0]));
    const one = g.tensor(Float32Array.from([1, 0, 2, 3]), { requiresGrad: true });
    one.prod().backward();
    const two = g.tensor(Float32Array.from([0, 5, 0]), { requiresGrad: true });
    two.prod().backward();
    return {
      syncDataError: message(() => t.data()),
      syncItemError: message(() => t.sum().item()),
      printed: String(t),
      negativeGather: Array.from(await t.gather(0, idx).dataAsync()),
      maskedSelectError: message(() => t.maskedSelect(t.gt(15))),
      prodGradOneZero: Array.from(await (one.grad as g.Tensor).dataAsync()),
      prodGradTwoZeros: Array.from(await (two.grad as g.Tensor).dataAsync()),
      itemAsync: await t.sum().itemAsync(),
      toArrayAsync: await t.reshape([3, 1]).toArrayAsync(),
    };
  } finally {
    g.setBackend('cpu');
  }
}

declare global {
  interface Window {
    gradstackParity: {
      env(): Promise<PageEnv>;
      run(mode: string, read?: 'sync' | 'async'): Promise<ModeRun>;
      runCpu(): CaseResult[];
      auto(): Promise<string>;
      webgpuChecks(): Promise<WebGpuChecks>;
    };
  }
}

window.gradstackParity = {
  async env() {
    return {
      userAgent: navigator.userAgent,
      crossOriginIsolated: globalThis.crossOriginIsolated === true,
      // After the (asynchronous) adapter request, so webgpu reports what it found.
      modes: await g.prepareGpuModes(),
      webgpuAdapter: await webgpuAdapter(),
    };
  },
  run,
  auto,
  webgpuChecks,
  runCpu() {
    g.setBackend('cpu');
    return runSample(g);
  },
};

const status = document.getElementById('status');
if (status) status.textContent = 'ready: window.gradstackParity.run(mode)';
