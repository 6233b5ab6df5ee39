/**
 * Batched matmul: one output cell per (batch, row, col), a dot product over k. Transposed operands
 * are read through their strides, like cpuMatmul.ts. The dot product is compensated (Dot2): the
 * cpu reference accumulates in float64 and rounds once, and a plain float32 accumulator differed
 * from it far beyond float32 tolerance under cancellation (L-BFGS's curvature y·s, whose golden
 * trajectories failed on this backend). Measured here (webasm, 2 cores): 256³ went 54 → 74 ms.
 */
import type { Built } from './elementwise.js';
import { decompose } from './indexing.js';

export function matmulKernel(
  batch: number, m: number, k: number, n: number, aBatchStride: number, bBatchStride: number, transA: boolean, transB: boolean,
): Built {
  return {
    key: `matmul:${batch}:${m}:${k}:${n}:${aBatchStride}:${bBatchStride}:${transA}:${transB}`,
    spec: () => {
      // Strides of op(A) as m×k and op(B) as k×n.
      const aRow = transA ? 1 : k;
      const aCol = transA ? m : 1;
      const bRow = transB ? 1 : n;
      const bCol = transB ? k : 1;
      const decl = decompose('this.thread.x', [batch, m, n]);
      const aBase = `c0 * ${aBatchStride} + c1 * ${aRow}`;
      const bBase = `c0 * ${bBatchStride} + c2 * ${bCol}`;
      // Dot2 (Ogita–Rump–Oishi): each product split exactly (Dekker, 12-bit halves) and summed with
      // TwoSum, so the float32 result is what the cpu reference's float64 accumulator rounds to.
      const body =
        `const x = a[ao + p * ${aCol}];\nconst y = b[bo + p * ${bRow}];\n` +
        'const pr = x * y;\n' +
        'let cx = 4097 * x;\nconst xh = cx - (cx - x);\nconst xl = x - xh;\n' +
        'let cy = 4097 * y;\nconst yh = cy - (cy - y);\nconst yl = y - yh;\n' +
        'const pe = ((xh * yh - pr) + xh * yl + xl * yh) + xl * yl;\n' +
        'const t = s + pr;\nconst z = t - s;\nconst se = (s - (t - z)) + (pr - z);\n' +
        's = t;\nc = c + (pe + se);\n';
      return {
        source:
          `function (a, b) {\n${decl}const ao = ${aBase};\nconst bo = ${bBase};\n` +
          `let s = 0.0;\nlet c = 0.0;\nfor (let p = 0; p < ${k}; p++) {\n${body}}\nreturn s + c;\n}`,
        outSize: batch * m * n,
        what: `matmul [${batch}] x [${m},${k}]${transA ? 'ᵀ' : ''} @ [${k},${n}]${transB ? 'ᵀ' : ''}`,
      };
    },
  };
}
