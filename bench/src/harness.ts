/**
 * Timing and environment capture. Every figure is the per-call time of a closure: warm-up calls
 * first (JIT tiers, jax-js tracing, wasm instantiation happen there), then `samples` timed
 * samples, each running the closure `iters` times where `iters` is calibrated so one sample lasts
 * at least `minSampleMs` — short calls are batched so timer resolution and loop overhead do not
 * dominate, long calls run once per sample. The median is the headline figure; min and max are
 * kept so noisy runs are visible in the JSON.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { Thunk } from './types.js';

export interface Stats {
  /** Per-call milliseconds. */
  medianMs: number;
  minMs: number;
  maxMs: number;
  /** Per-call milliseconds of each sample, in the order taken. */
  samplesMs: number[];
  itersPerSample: number;
  warmupCalls: number;
}

export interface MeasureOptions {
  /** Warm-up runs at least this many calls… */
  warmup: number;
  /** …and keeps going until this much time has passed (capped at 4× `warmup` calls). */
  warmupMs: number;
  samples: number;
  minSampleMs: number;
  /** Upper bound on calls per sample, so a very fast closure does not run for ever. */
  maxIters?: number;
}

/** Runs `fn`, awaiting only when it returned a promise (a sync closure pays no microtask). */
async function call(fn: Thunk): Promise<void> {
  const r = fn();
  if (r instanceof Promise) await r;
}

/** Calls that take longer than this get a short warm-up and fewer samples: their figure is already stable. */
const SLOW_CALL_MS = 1000;

function summarize(samplesMs: number[], iters: number, warmupCalls: number): Stats {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const medianMs = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { medianMs, minMs: sorted[0], maxMs: sorted[sorted.length - 1], samplesMs, itersPerSample: iters, warmupCalls };
}

/** Warm-up, then the calls per sample from the mean of the warm-up's second half (already warm). */
async function warmAndCalibrate(fn: Thunk, opts: MeasureOptions): Promise<{ iters: number; calls: number; callMs: number }> {
  const minWarm = Math.max(2, opts.warmup);
  const times: number[] = [];
  const w0 = performance.now();
  for (;;) {
    const t0 = performance.now();
    await call(fn);
    times.push(performance.now() - t0);
    // Calls of a second or more are warm after two: more warm-up would only burn minutes.
    if (times.length >= 2 && times[times.length - 1] > SLOW_CALL_MS) break;
    if (times.length >= minWarm && (performance.now() - w0 >= opts.warmupMs || times.length >= 10_000)) break;
  }
  const tail = times.slice(times.length >> 1);
  const callMs = tail.reduce((a, b) => a + b, 0) / tail.length;
  const iters = Math.max(1, Math.min(opts.maxIters ?? 1e6, Math.ceil(opts.minSampleMs / Math.max(callMs, 1e-3))));
  return { iters, calls: times.length, callMs };
}

async function timedSample(fn: Thunk, iters: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < iters; i++) await call(fn);
  return (performance.now() - t0) / iters;
}

/** A closure with its owner's name and an optional hook that makes the owner's backend current. */
export interface Contender {
  name: string;
  fn: Thunk;
  /** Returns true when it switched something (e.g. tfjs's global backend) that needs a re-warm call. */
  activate?: () => Promise<boolean>;
}

/**
 * Measures several implementations of the same case with their samples interleaved round-robin
 * (the start position rotates each round). On a shared machine load comes and goes; interleaving
 * spreads it over every contender instead of billing it to whoever ran during the spike, which is
 * what keeps the ratios fair. A contender that throws is reported in `errors` and dropped.
 */
export async function measureInterleaved(contenders: Contender[], opts: MeasureOptions): Promise<{ stats: Map<string, Stats>; errors: Map<string, unknown> }> {
  const errors = new Map<string, unknown>();
  const plans: { c: Contender; iters: number; calls: number; samples: number; out: number[] }[] = [];
  for (const c of contenders) {
    try {
      await c.activate?.();
      const { iters, calls, callMs } = await warmAndCalibrate(c.fn, opts);
      plans.push({ c, iters, calls, samples: callMs > SLOW_CALL_MS ? Math.min(3, opts.samples) : opts.samples, out: [] });
    } catch (e) {
      errors.set(c.name, e);
    }
  }
  const rounds = Math.max(0, ...plans.map((p) => p.samples));
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < plans.length; k++) {
      const p = plans[(k + r) % plans.length];
      if (p.out.length >= p.samples || errors.has(p.c.name)) continue;
      try {
        if (await p.c.activate?.()) await call(p.c.fn);
        p.out.push(await timedSample(p.c.fn, p.iters));
      } catch (e) {
        errors.set(p.c.name, e);
      }
    }
  }
  const stats = new Map<string, Stats>();
  for (const p of plans) if (!errors.has(p.c.name) && p.out.length) stats.set(p.c.name, summarize(p.out, p.iters, p.calls));
  return { stats, errors };
}

let gcFn: (() => void) | null | undefined;

/**
 * A full GC before memory readings and between workloads, so one peer's garbage is not billed
 * to the next. Node hides `gc` unless started with --expose-gc; the flag can be turned on at
 * run time and the function fetched from a fresh context, which keeps `pnpm bench` flag-free.
 */
export function forceGc(): void {
  if (gcFn === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      gcFn = vm.runInNewContext('gc') as () => void;
    } catch {
      gcFn = null;
    }
  }
  gcFn?.();
}

export interface Environment {
  date: string;
  node: string;
  v8: string;
  platform: string;
  arch: string;
  cpuModel: string;
  logicalCpus: number;
  totalMemGiB: number;
  /** 1-minute load average at the start: other processes on the machine skew every figure. */
  loadAvg1m: number;
  gradstackBackend: string;
  peers: Record<string, string>;
  notes: string[];
}

export function environment(gradstackBackend: string, peers: Record<string, string>, notes: string[]): Environment {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    node: process.version,
    v8: process.versions.v8,
    platform: `${os.type()} ${os.release()}`,
    arch: process.arch,
    cpuModel: cpus[0]?.model ?? 'unknown',
    logicalCpus: cpus.length,
    totalMemGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    loadAvg1m: Math.round(os.loadavg()[0] * 100) / 100,
    gradstackBackend,
    peers,
    notes,
  };
}
