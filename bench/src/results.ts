/** The shape of one measured figure, shared by the workloads, the report and the JSON file. */
import type { MeasureOptions, Stats } from './harness.js';
import type { Peer } from './types.js';

export type Metric = 'GFLOPS' | 'steps/s' | 'ms';

export interface Row {
  workload: string;
  /** The case within the workload, e.g. "N=256", "Adam", "a*b+c". */
  case: string;
  impl: string;
  metric: Metric;
  /** The headline figure from the median sample; null when the peer cannot run the case. */
  value: number | null;
  stats?: Stats;
  /** Why a figure is absent or what the peer ran instead. */
  note?: string;
  /** Correctness evidence (error vs the JS loop, loss first → last, …). */
  check?: string;
  /** false when the check failed: the figure is then not comparable and is flagged in the table. */
  ok?: boolean;
  extra?: Record<string, number | string>;
}

export const higherIsBetter = (m: Metric): boolean => m !== 'ms';

export interface Context {
  quick: boolean;
  peers: Peer[];
  timing: MeasureOptions;
  log(msg: string): void;
}

/** Converts a per-call time to the workload's metric. */
export function fromMs(metric: Metric, ms: number, flops = 0): number {
  if (metric === 'ms') return ms;
  if (metric === 'steps/s') return 1000 / ms;
  return flops / (ms * 1e6);
}

export function errorRow(workload: string, kase: string, impl: string, metric: Metric, err: unknown): Row {
  const msg = err instanceof Error ? err.message : String(err);
  return { workload, case: kase, impl, metric, value: null, note: `error: ${msg.split('\n')[0].slice(0, 120)}`, ok: false };
}
