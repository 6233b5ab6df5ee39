/**
 * Batched matmul: one output cell per (batch, row, col), a dot product over k. Cells run along
 * columns, so with untransposed B the four SIMD lanes of gpu.js's wasm kernels load four adjacent
 * B elements per step; the loop is unrolled by four to give the compiler independent accumulators.
 * Transposed operands are read through their strides, like cpuMatmul.ts.
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
      const k4 = k - (k % 4);
      const term = (p: string) => `a[ao + (${p}) * ${aCol}] * b[bo + (${p}) * ${bRow}]`;
      let loop = '';
      if (k4 > 0) {
        loop +=
          `for (let p = 0; p < ${k4}; p += 4) {\n` +
          `s0 = s0 + ${term('p')};\ns1 = s1 + ${term('p + 1')};\n` +
          `s2 = s2 + ${term('p + 2')};\ns3 = s3 + ${term('p + 3')};\n}\n`;
      }
      for (let p = k4; p < k; p++) loop += `s0 = s0 + ${term(String(p))};\n`;
      return {
        source:
          `function (a, b) {\n${decl}const ao = ${aBase};\nconst bo = ${bBase};\n` +
          `let s0 = 0.0;\nlet s1 = 0.0;\nlet s2 = 0.0;\nlet s3 = 0.0;\n${loop}return (s0 + s1) + (s2 + s3);\n}`,
        outSize: batch * m * n,
        what: `matmul [${batch}] x [${m},${k}]${transA ? 'ᵀ' : ''} @ [${k},${n}]${transB ? 'ᵀ' : ''}`,
      };
    },
  };
}
