/**
 * Shared test helpers for the gpu backend: the mode under test (GRADSTACK_BACKEND=gpu:<mode>,
 * webasm by default, which CI runs), seeded data, and a float32-aware comparison against the cpu
 * backend.
 */
import { expect } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import { cpuBackend } from '../../src/backend/cpu.js';
import { createGpuBackend, type GpuBackend, type GpuMode } from '../../src/backend/gpu/index.js';
import type { TypedArray } from '../../src/dtype.js';

export function modeUnderTest(): GpuMode {
  const env = process.env.GRADSTACK_BACKEND ?? '';
  return env.startsWith('gpu:') ? (env.slice(4) as GpuMode) : 'webasm';
}

let shared: GpuBackend | null = null;
/** One backend per test file: kernels compiled by one test are reused by the next. */
export function gpu(): GpuBackend {
  shared ??= createGpuBackend({ mode: modeUnderTest() });
  return shared;
}

/** The reference, seen through the seam's signatures (the class narrows some of them). */
export const cpu: Backend = cpuBackend;

/** mulberry32: a tiny seeded stream, so fast-check shrinks a seed instead of long float arrays. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface DataOptions {
  lo?: number;
  hi?: number;
  /** Probability of a special value (NaN, ±Infinity, ±0) per element. */
  special?: number;
  /** Round to integers (exact ties and equalities show up). */
  integers?: boolean;
}

const SPECIALS = [NaN, Infinity, -Infinity, 0, -0];

export function randomData(n: number, seed: number, o: DataOptions = {}): Float32Array {
  const r = rng(seed);
  const lo = o.lo ?? -5;
  const hi = o.hi ?? 5;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    if (o.special && r() < o.special) out[i] = SPECIALS[Math.floor(r() * SPECIALS.length)];
    else out[i] = o.integers ? Math.round(lo + (hi - lo) * r()) : lo + (hi - lo) * r();
  }
  return out;
}

export function randomIndex(n: number, bound: number, seed: number): Int32Array {
  const r = rng(seed);
  return Int32Array.from({ length: n }, () => Math.floor(r() * bound));
}

/**
 * |gpu − cpu| ≤ atol + rtol·|cpu| elementwise; NaN matches NaN and infinities must match exactly.
 * Reports the first offending index with both values.
 */
export function expectClose(got: TypedArray, want: TypedArray, rtol: number, atol = 0, label = ''): void {
  expect(got.length, `${label}: length`).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const g = got[i];
    const w = want[i];
    if (Number.isNaN(w) || !Number.isFinite(w)) {
      if (!Object.is(g, w) && !(Number.isNaN(g) && Number.isNaN(w))) {
        expect.fail(`${label}: [${i}] gpu ${g} vs cpu ${w}`);
      }
      continue;
    }
    if (!(Math.abs(g - w) <= atol + rtol * Math.abs(w))) {
      expect.fail(`${label}: [${i}] gpu ${g} vs cpu ${w} (|diff| ${Math.abs(g - w)} > ${atol} + ${rtol}·|cpu|)`);
    }
  }
}

/** The same input on both backends. */
export function both(data: Float32Array | Int32Array): { c: Float32Array | Int32Array; g: unknown } {
  return { c: data.slice(), g: gpu().fromTyped(data.slice()) };
}

/** fast-check runs per property; raise GRADSTACK_FC_RUNS for a soak run. */
export const NUM_RUNS = Number(process.env.GRADSTACK_FC_RUNS ?? 25);
