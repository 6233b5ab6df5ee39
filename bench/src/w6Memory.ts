/**
 * W6: memory. gradstack trains W2 for 1,000 steps, then on to 10,000; RSS and V8 heap after a
 * forced GC are compared — steady-state training must not grow (a retained graph, a leaked grad
 * or an ever-growing cache shows up here). Then each optimizer's stateBytes() after one step over
 * 1M parameters, next to the JS loop's minimal state for the same rule.
 */
import { w2Spec } from './data.js';
import { forceGc } from './harness.js';
import { gradstackPeer } from './peers/gradstack.js';
import { jsLoopPeer } from './peers/jsLoop.js';
import type { Context, Row } from './results.js';
import { OPTIM_KINDS, OPTIM_LABEL, optimSpec } from './w4Optim.js';

const MiB = 2 ** 20;
/** Tolerances for "no growth": heap after GC is stable to well under this; RSS is noisier. */
export const HEAP_TOLERANCE_MIB = 1;
export const RSS_TOLERANCE_MIB = 8;

function snapshot(): { rss: number; heap: number } {
  forceGc();
  forceGc();
  const m = process.memoryUsage();
  return { rss: m.rss / MiB, heap: m.heapUsed / MiB };
}

export async function runW6(ctx: Context): Promise<Row[]> {
  const rows: Row[] = [];
  const [early, late] = ctx.quick ? [1000, 4000] : [1000, 10000];
  const c = await gradstackPeer.mlp!(w2Spec());
  if (c) {
    let steps = 0;
    let first = NaN;
    let last = NaN;
    const run = (until: number): void => {
      for (; steps < until; steps++) {
        last = c.step() as number;
        if (steps === 0) first = last;
      }
    };
    run(early);
    const a = snapshot();
    run(late);
    const b = snapshot();
    const dRss = b.rss - a.rss;
    const dHeap = b.heap - a.heap;
    const ok = dHeap < HEAP_TOLERANCE_MIB && dRss < RSS_TOLERANCE_MIB;
    rows.push({
      workload: 'W6',
      case: `W2 training, step ${late} minus step ${early}`,
      impl: 'gradstack',
      metric: 'ms',
      value: null,
      check: `ΔRSS ${dRss.toFixed(2)} MiB, Δheap ${dHeap.toFixed(2)} MiB (loss ${first.toPrecision(4)} → ${last.toPrecision(4)})`,
      ok,
      extra: { rssEarlyMiB: a.rss, rssLateMiB: b.rss, heapEarlyMiB: a.heap, heapLateMiB: b.heap, dRssMiB: dRss, dHeapMiB: dHeap, early, late },
    });
    ctx.log(`W6 growth: ΔRSS ${dRss.toFixed(2)} MiB, Δheap ${dHeap.toFixed(2)} MiB over steps ${early}→${late}`);
  }
  for (const kind of OPTIM_KINDS) {
    const spec = optimSpec(kind);
    for (const peer of [gradstackPeer, jsLoopPeer]) {
      const o = await peer.optimizer!(spec);
      if (!o) {
        rows.push({ workload: 'W6', case: `stateBytes ${OPTIM_LABEL[kind]}`, impl: peer.name, metric: 'ms', value: null, note: 'n/a' });
        continue;
      }
      await o.run();
      const bytes = o.stateBytes?.() ?? NaN;
      o.dispose();
      rows.push({ workload: 'W6', case: `stateBytes ${OPTIM_LABEL[kind]}`, impl: peer.name, metric: 'ms', value: null, extra: { stateBytes: bytes } });
    }
    forceGc();
  }
  return rows;
}
