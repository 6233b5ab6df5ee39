/**
 * One case, every peer: build each peer's case (outside timing), measure them interleaved, then
 * run each peer's correctness check and free it. Rows come back in peer order; a peer that lacks
 * the feature gets an "n/a" row, one that throws gets an error row — neither stops the run.
 */
import { forceGc, measureInterleaved, type Stats } from './harness.js';
import { errorRow, fromMs, type Context, type Metric, type Row } from './results.js';
import type { Peer, Thunk } from './types.js';

export interface CaseSpec<C extends { dispose(): void }> {
  workload: string;
  case: string;
  metric: Metric;
  /** FLOPs per call, for GFLOPS. */
  flops?: number;
  /** null: the peer has no such feature; a string: skipped, with the reason. */
  make(peer: Peer): Promise<C | null | string> | undefined;
  fn(c: C): Thunk;
  /** Correctness check and extra fields, after timing. */
  finish(c: C, stats: Stats): Promise<Partial<Row>>;
}

export async function compareCase<C extends { dispose(): void }>(ctx: Context, spec: CaseSpec<C>): Promise<Row[]> {
  const base = { workload: spec.workload, case: spec.case, metric: spec.metric };
  const rows = new Map<string, Row>();
  const built: { peer: Peer; c: C }[] = [];
  forceGc();
  for (const peer of ctx.peers) {
    try {
      const made = spec.make(peer);
      if (made === undefined) continue; // the peer does not take part in this workload at all
      const c = await made;
      if (c === null) rows.set(peer.name, { ...base, impl: peer.name, value: null, note: 'n/a' });
      else if (typeof c === 'string') rows.set(peer.name, { ...base, impl: peer.name, value: null, note: c });
      else built.push({ peer, c });
    } catch (e) {
      rows.set(peer.name, errorRow(spec.workload, spec.case, peer.name, spec.metric, e));
    }
  }
  const { stats, errors } = await measureInterleaved(
    built.map(({ peer, c }) => ({ name: peer.name, fn: spec.fn(c), activate: peer.activate?.bind(peer) })),
    ctx.timing,
  );
  for (const { peer, c } of built) {
    const st = stats.get(peer.name);
    try {
      if (!st) throw errors.get(peer.name) ?? new Error('no samples');
      await peer.activate?.();
      const extra = await spec.finish(c, st);
      const value = fromMs(spec.metric, st.medianMs, spec.flops ?? 0);
      rows.set(peer.name, { ...base, impl: peer.name, value, stats: st, ...extra });
      ctx.log(`${spec.workload} ${spec.case} ${peer.name}: ${value.toPrecision(4)} ${spec.metric}${extra.check ? ` — ${extra.check}` : ''}`);
    } catch (e) {
      rows.set(peer.name, errorRow(spec.workload, spec.case, peer.name, spec.metric, e));
      ctx.log(`${spec.workload} ${spec.case} ${peer.name}: ERROR ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      try {
        c.dispose();
      } catch {
        /* a failed dispose must not hide the figures */
      }
    }
  }
  return ctx.peers.map((p) => rows.get(p.name)).filter((r): r is Row => r !== undefined);
}
