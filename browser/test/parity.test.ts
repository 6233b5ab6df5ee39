/**
 * The parity sample in a real browser: headless Chromium (Debian's `chromium`, or CHROMIUM_PATH)
 * loads browser/index.html from a local COOP/COEP server and runs the sample on the gpu backend in
 * webgl2 (SwiftShader on a machine without a GPU), webgpu and webasm modes; every result is
 * compared with the cpu backend's, computed here in Node. WebGPU reads back only asynchronously,
 * so its run reads through `dataAsync()`; its adapter here is SwiftShader's (software), which
 * 'auto' must pass over while an explicit `mode: 'webgpu'` runs on it.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as G from '../src/gradstack.js';
import type { ModeRun, PageEnv, WebGpuChecks } from '../src/page.js';
import { runSample, type CaseResult } from '../src/sample.js';
import { serve, type Served } from '../server.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Flags that work as root in a container without a GPU: no sandbox, no network services, a fresh
 * profile; ANGLE on SwiftShader gives WebGL2 (and --disable-gpu would take it away), and
 * --enable-unsafe-webgpu exposes navigator.gpu (SwiftShader's Vulkan adapter).
 */
const ARGS = [
  '--headless', '--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--enable-unsafe-webgpu',
];

/**
 * Per mode: |page − node cpu| ≤ tol·(1 + max|cpu|) per result array. Measured here: webasm 8.6e-8,
 * webgl2 on SwiftShader 1.3e-7. webgl2 gets the looser bound because hardware GPUs evaluate
 * transcendental functions below IEEE float32 accuracy, which SwiftShader does not show.
 */
const TOL: Record<string, number> = { webasm: 1e-5, webgl2: 1e-4, webgpu: 1e-4 };

let server: Served;
let context: BrowserContext;
let page: Page;
let profile: string;
let reference: CaseResult[];

function worstError(got: CaseResult[], want: CaseResult[]): { worst: number; where: string } {
  let worst = 0;
  let where = '';
  expect(got.map((r) => r.name)).toEqual(want.map((r) => r.name));
  want.forEach((w, ci) => {
    w.values.forEach((arr, ai) => {
      const g = got[ci].values[ai];
      expect(g.length, `${w.name} [${ai}] length`).toBe(arr.length);
      const scale = 1 + arr.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      arr.forEach((v, i) => {
        const e = Math.abs(g[i] - v) / scale;
        if (!(e <= worst)) {
          worst = Number.isNaN(e) ? Infinity : e;
          where = `${w.name}, array ${ai} (0 = output, then input gradients), index ${i}: page ${g[i]} vs cpu ${v}`;
        }
      });
    });
  });
  return { worst, where };
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH`);
  }
  G.setBackend('cpu');
  reference = runSample(G);
  server = await serve();
  profile = mkdtempSync(join(tmpdir(), 'gradstack-chromium-'));
  context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS });
  page = await context.newPage();
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  await page.goto(server.url);
  await page.waitForFunction(() => 'gradstackParity' in window, null, { timeout: 60_000 });
});

afterAll(async () => {
  await context?.close();
  await server?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

describe('gradstack in headless Chromium', () => {
  it('loads the bundle cross-origin isolated, and the page cpu backend equals Node cpu exactly', async () => {
    const env: PageEnv = await page.evaluate(() => window.gradstackParity.env());
    console.log(`[browser] ${env.userAgent}`);
    console.log(`[browser] WebGPU adapter: ${env.webgpuAdapter}`);
    for (const m of env.modes) console.log(`[browser] mode ${m.mode}: ${m.available ? 'available' : 'unavailable'} — ${m.why}`);
    expect(env.crossOriginIsolated).toBe(true);
    const cpu: CaseResult[] = await page.evaluate(() => window.gradstackParity.runCpu());
    expect(worstError(cpu, reference).worst).toBe(0);
  });

  it("the async read gives the same values as the sync read (webasm, read through dataAsync)", async () => {
    const r: ModeRun = await page.evaluate(() => window.gradstackParity.run('webasm', 'async'));
    expect(r.available, r.detail).toBe(true);
    expect(worstError(r.results, reference).worst).toBeLessThanOrEqual(TOL.webasm);
  });

  for (const mode of ['webgl2', 'webasm'] as const) {
    it(`gpu backend, mode ${mode}: the parity sample matches Node cpu`, async () => {
      const r: ModeRun = await page.evaluate((m) => window.gradstackParity.run(m), mode);
      console.log(`[browser] ${mode}: ${r.available ? r.detail : `UNAVAILABLE — ${r.detail}`}`);
      expect(r.available, r.detail).toBe(true);
      const { worst, where } = worstError(r.results, reference);
      console.log(`[browser] ${mode}: ${r.results.length} cases in ${r.ms.toFixed(0)} ms, worst scaled error ${worst.toExponential(2)} (${where})`);
      expect(worst, where).toBeLessThanOrEqual(TOL[mode]);
    });
  }

  it('gpu backend, mode webgpu: the parity sample, read through dataAsync, matches Node cpu', async () => {
    const r: ModeRun = await page.evaluate(() => window.gradstackParity.run('webgpu'));
    console.log(`[browser] webgpu: ${r.available ? r.detail : `UNAVAILABLE — ${r.detail}`}`);
    expect(r.available, r.detail).toBe(true);
    expect(r.detail).toMatch(/WebGPUKernel — webgpu: adapter /);
    const { worst, where } = worstError(r.results, reference);
    console.log(`[browser] webgpu: ${r.results.length} cases in ${r.ms.toFixed(0)} ms, worst scaled error ${worst.toExponential(2)} (${where})`);
    expect(worst, where).toBeLessThanOrEqual(TOL.webgpu);
  });

  it("gpu backend, mode webgpu: no sync read-back, and host-reading ops work without one or say why", async () => {
    const c: WebGpuChecks = await page.evaluate(() => window.gradstackParity.webgpuChecks());
    expect(c.syncDataError).toMatch(/^BackendError: .*webgpu.*dataAsync\(\)/);
    expect(c.syncItemError).toMatch(/itemAsync\(\)/);
    expect(c.printed).toMatch(/dataAsync/);
    expect(c.negativeGather).toEqual([30, 10]);
    expect(c.maskedSelectError).toMatch(/^BackendError: maskedSelect: .*output size depends on the mask values.*asynchronously/);
    expect(c.prodGradOneZero).toEqual([0, 6, 0, 0]);
    expect(c.prodGradTwoZeros).toEqual([0, 0, 0]);
    expect(c.itemAsync).toBe(60);
    expect(c.toArrayAsync).toEqual([[10], [20], [30]]);
  });

  it("'auto' passes over the software WebGPU adapter (SwiftShader) and the software WebGL2 renderer", async () => {
    const d: string = await page.evaluate(() => window.gradstackParity.auto());
    console.log(`[browser] auto: ${d}`);
    expect(d).toMatch(/^gpu \(mode webasm\)/);
    expect(d).toMatch(/auto passed over webgpu: adapter .* is a software adapter/);
  });
});
