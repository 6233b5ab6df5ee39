/**
 * W4: one optimizer step over a 1000×1000 (1M) float32 parameter with a fixed gradient, ms/step.
 * The JS loop column is the fused single-pass floor. Each step must move the parameter (checked
 * on its first 8 values), so an optimizer that skips the update cannot post a time.
 */
import { Rng } from './data.js';
import { OPTIM_LR } from './hparams.js';
import { compareCase } from './compare.js';
import type { Context, Row } from './results.js';
import type { OptimCase, OptimKind, OptimSpec } from './types.js';

/** Peers whose 1M-parameter step takes 0.2–6 s; --quick leaves them out of W4. */
const QUICK_SKIP = new Set(['tfjs-cpu', 'js-pytorch']);

export const OPTIM_KINDS: OptimKind[] = ['sgd', 'adam', 'adamw', 'lion', 'adafactor', 'adam8bit'];
export const OPTIM_LABEL: Record<OptimKind, string> = {
  sgd: 'SGD+momentum',
  adam: 'Adam',
  adamw: 'AdamW',
  lion: 'Lion',
  adafactor: 'Adafactor (1000×1000)',
  adam8bit: 'Adam8bit',
};

export function optimSpec(kind: OptimKind): OptimSpec {
  const rng = new Rng(7);
  const rows = 1000;
  const cols = 1000;
  return { kind, rows, cols, param: rng.normals(rows * cols), grad: rng.normals(rows * cols, 0.1), lr: OPTIM_LR[kind] };
}

export async function runW4(ctx: Context): Promise<Row[]> {
  const rows: Row[] = [];
  for (const kind of OPTIM_KINDS) {
    const spec = optimSpec(kind);
    rows.push(
      ...(await compareCase<OptimCase>(ctx, {
        workload: 'W4',
        case: OPTIM_LABEL[kind],
        metric: 'ms',
        make: (peer) => {
          if (!peer.optimizer) return undefined;
          // Seconds per step and far from every target: only worth the time in a full run.
          if (ctx.quick && QUICK_SKIP.has(peer.name)) return Promise.resolve('skipped in --quick');
          return peer.optimizer(spec);
        },
        fn: (c) => c.run,
        finish: async (c) => {
          const after = await c.sample();
          let moved = 0;
          for (let i = 0; i < after.length; i++) moved = Math.max(moved, Math.abs(after[i] - spec.param[i]));
          const ok = moved > 0 && Number.isFinite(moved);
          const bytes = c.stateBytes?.();
          return {
            check: ok ? `param moved (max |Δ| ${moved.toExponential(1)})` : 'PARAMETER DID NOT MOVE',
            ok,
            note: c.note,
            extra: bytes === undefined ? undefined : { stateBytes: bytes },
          };
        },
      })),
    );
  }
  return rows;
}
