/** W5: elementwise a*b+c over 1M floats, and the 3-op chain relu(a*b+c): ms per evaluation. */
import { compareCase } from './compare.js';
import { Rng } from './data.js';
import type { Context, Row } from './results.js';
import type { ElementwiseCase, ElementwiseKind } from './types.js';

const N = 1_000_000;
const LABEL: Record<ElementwiseKind, string> = { fma: 'a*b+c (1M)', chain3: 'relu(a*b+c) (1M, 3 ops)' };

export async function runW5(ctx: Context): Promise<Row[]> {
  const rng = new Rng(5);
  const a = rng.normals(N);
  const b = rng.normals(N);
  const c = rng.normals(N);
  const rows: Row[] = [];
  for (const kind of ['fma', 'chain3'] as ElementwiseKind[]) {
    const ref = new Float32Array(N);
    for (let i = 0; i < N; i++) {
      const v = Math.fround(Math.fround(a[i] * b[i]) + c[i]);
      ref[i] = kind === 'fma' ? v : Math.max(v, 0);
    }
    rows.push(
      ...(await compareCase<ElementwiseCase>(ctx, {
        workload: 'W5',
        case: LABEL[kind],
        metric: 'ms',
        make: (peer) => peer.elementwise?.(kind, a, b, c),
        fn: (e) => e.run,
        finish: async (e) => {
          const got = await e.result();
          let err = got.length === N ? 0 : Infinity;
          // Absolute error: a fused multiply-add rounds once, so ~1 ulp differences are expected.
          for (let i = 0; i < Math.min(N, got.length); i++) err = Math.max(err, Math.abs(got[i] - ref[i]));
          return { check: `max abs err ${err.toExponential(1)}`, ok: err < 1e-4 };
        },
      })),
    );
  }
  return rows;
}
