/**
 * Reference matrix products on TypedArrays. The i-k-j loop order streams rows of B and C so the
 * inner loop is contiguous; transposed operands are read through their strides.
 * out[m×n] = op(A)[m×k] @ op(B)[k×n].
 */
import type { TypedArray } from '../dtype.js';

export function matmulGeneric(
  a: TypedArray, ao: number, b: TypedArray, bo: number, out: TypedArray, oo: number,
  m: number, k: number, n: number, transA: boolean, transB: boolean,
): void {
  // Strides of op(A) as an m×k matrix and op(B) as k×n.
  const aRow = transA ? 1 : k;
  const aCol = transA ? m : 1;
  const bRow = transB ? 1 : n;
  const bCol = transB ? k : 1;
  const acc = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    acc.fill(0);
    for (let p = 0; p < k; p++) {
      const av = a[ao + i * aRow + p * aCol];
      const bb = bo + p * bRow;
      for (let j = 0; j < n; j++) acc[j] += av * b[bb + j * bCol];
    }
    const oi = oo + i * n;
    for (let j = 0; j < n; j++) out[oi + j] = acc[j];
  }
}

