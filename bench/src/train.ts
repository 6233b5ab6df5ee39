/**
 * Shared by W2 and W3: time one training step per peer and prove it trained. The loss of each
 * peer's first step and of its last timed step are kept; a peer whose loss did not fall (or went
 * NaN) is flagged, so a step that silently does nothing cannot win.
 */
import { compareCase } from './compare.js';
import type { Context, Row } from './results.js';
import type { MlpSpec, TrainCase, Thunk } from './types.js';

interface Tracked extends TrainCase {
  tracked: Thunk;
  first: number;
  last: number;
  steps: number;
}

function track(c: TrainCase): Tracked {
  const t = c as Tracked;
  t.first = NaN;
  t.last = NaN;
  t.steps = 0;
  const record = (v: number): void => {
    if (t.steps === 0) t.first = v;
    t.last = v;
    t.steps++;
  };
  t.tracked = () => {
    const r = c.step();
    if (r instanceof Promise) return r.then(record);
    record(r);
    return undefined;
  };
  return t;
}

export function runTraining(ctx: Context, workload: string, kase: string, spec: MlpSpec): Promise<Row[]> {
  return compareCase<Tracked>(ctx, {
    workload,
    case: kase,
    metric: 'steps/s',
    make: (peer) => peer.mlp?.(spec).then((c) => (c ? track(c) : null)),
    fn: (c) => c.tracked,
    finish: async (c) => {
      const ok = Number.isFinite(c.last) && c.last < c.first;
      return {
        check: `loss ${c.first.toPrecision(4)} → ${c.last.toPrecision(4)} over ${c.steps} steps${ok ? '' : ' (DID NOT DECREASE)'}`,
        ok,
        note: c.note,
        extra: { firstLoss: c.first, lastLoss: c.last, steps: c.steps },
      };
    },
  });
}
