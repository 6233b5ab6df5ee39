/**
 * W1: square float32 matmul, GFLOPS = 2N³ / time. Every peer multiplies the same seeded matrices;
 * its product is compared with the JS loop's (max |c − ref| / max |ref|: float32 accumulation
 * order differs between libraries so ~1e-6 is expected; anything large means a wrong kernel).
 */
import { compareCase } from './compare.js';
import { Rng } from './data.js';
import { matmulLoop } from './peers/jsLoop.js';
import type { Context, Row } from './results.js';
import type { MatmulCase } from './types.js';

/** js-pytorch's nested-array matmul takes seconds beyond this size; larger N is skipped. */
const JS_PYTORCH_MAX_N = { quick: 256, full: 512 };

export function maxRelErr(got: Float32Array, ref: Float32Array): number {
  if (got.length !== ref.length) return Infinity;
  let maxRef = 0;
  let maxDiff = 0;
  for (let i = 0; i < ref.length; i++) {
    maxRef = Math.max(maxRef, Math.abs(ref[i]));
    maxDiff = Math.max(maxDiff, Math.abs(got[i] - ref[i]));
  }
  return maxDiff / (maxRef || 1);
}

export async function runW1(ctx: Context): Promise<Row[]> {
  const sizes = ctx.quick ? [64, 256, 512] : [64, 256, 512, 1024];
  const rows: Row[] = [];
  for (const n of sizes) {
    const rng = new Rng(100 + n);
    const a = rng.normals(n * n);
    const b = rng.normals(n * n);
    const ref = new Float32Array(n * n);
    matmulLoop(a, b, ref, n);
    rows.push(
      ...(await compareCase<MatmulCase>(ctx, {
        workload: 'W1',
        case: `N=${n}`,
        metric: 'GFLOPS',
        flops: 2 * n ** 3,
        make: (peer) => {
          if (!peer.matmul) return undefined;
          if (peer.name === 'js-pytorch' && n > JS_PYTORCH_MAX_N[ctx.quick ? 'quick' : 'full']) return Promise.resolve('skipped (too slow at this N)');
          return peer.matmul(a, b, n);
        },
        fn: (c) => c.run,
        finish: async (c) => {
          const err = maxRelErr(await c.result(), ref);
          return { check: `max rel err ${err.toExponential(1)}`, ok: err < 1e-3 };
        },
      })),
    );
  }
  return rows;
}
