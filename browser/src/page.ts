/**
 * The parity page: exposes `window.gradstackParity`, which the Playwright test calls per gpu.js
 * mode. A mode that cannot run here comes back as unavailable with gradstack's own reason (the
 * BackendError from setBackend), never as a pass.
 */
import * as g from './gradstack.js';
import { runSample, type CaseResult } from './sample.js';

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

function run(mode: string): ModeRun {
  const t0 = performance.now();
  let backend: g.Backend;
  try {
    backend = g.setBackend('gpu', { mode });
  } catch (e) {
    return { mode, available: false, detail: (e as Error).message, results: [], ms: 0 };
  }
  try {
    const results = runSample(g);
    return { mode, available: true, detail: backend.describe(), results, ms: performance.now() - t0 };
  } finally {
    g.setBackend('cpu');
  }
}

declare global {
  interface Window {
    gradstackParity: { env(): Promise<PageEnv>; run(mode: string): ModeRun; runCpu(): CaseResult[] };
  }
}

window.gradstackParity = {
  async env() {
    return {
      userAgent: navigator.userAgent,
      crossOriginIsolated: globalThis.crossOriginIsolated === true,
      modes: g.availableGpuModes(),
      webgpuAdapter: await webgpuAdapter(),
    };
  },
  run,
  runCpu() {
    g.setBackend('cpu');
    return runSample(g);
  },
};

const status = document.getElementById('status');
if (status) status.textContent = 'ready: window.gradstackParity.run(mode)';
