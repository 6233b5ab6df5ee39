/**
 * Host-side float64 matrix plumbing shared by the linalg decompositions: read a tensor's trailing
 * two dims as a batch of row-major Float64Array matrices, and write results back as tensors of the
 * input's dtype on the input's backend. The decompositions run on the host because they are
 * sequential (sweeps, reflections) and small next to the matmuls that use their results.
 */
import { fromTyped } from '../creation.js';
import { allocTyped } from '../dtype.js';
import { ShapeError, DTypeError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { hostData } from '../hostRead.js';

export interface HostBatch {
  /** Leading (batch) dims of the input. */
  batch: number[];
  m: number;
  n: number;
  /** One row-major m×n float64 matrix per batch entry. */
  mats: Float64Array[];
}

export function readBatch(a: Tensor, op: string): HostBatch {
  if (a.ndim < 2) throw new ShapeError(`${op}: expected a matrix or a batch of matrices (ndim >= 2), got shape [${a.shape.join(',')}]`);
  if (a.dtype === 'int32') throw new DTypeError(`${op}: expected a floating-point tensor, got int32 — convert it with .float() or .double()`);
  const m = a.shape[a.ndim - 2];
  const n = a.shape[a.ndim - 1];
  const batch = a.shape.slice(0, -2);
  const data = hostData(a, op, 'the decomposition runs on the host in float64');
  const size = m * n;
  const count = size === 0 ? batch.reduce((x, y) => x * y, 1) : data.length / size;
  const mats: Float64Array[] = [];
  for (let b = 0; b < count; b++) mats.push(Float64Array.from(data.subarray(b * size, (b + 1) * size)));
  return { batch, m, n, mats };
}

/** Stacks equally shaped host results into a tensor of `like`'s dtype and backend. */
export function writeBatch(like: Tensor, batch: number[], rows: number, cols: number, mats: readonly Float64Array[]): Tensor {
  const size = rows * cols;
  const out = allocTyped(like.dtype, mats.length * size);
  mats.forEach((mat, b) => out.set(mat, b * size));
  return fromTyped(out, [...batch, rows, cols], like.backend);
}

/** Same for vectors (singular values). */
export function writeVectors(like: Tensor, batch: number[], len: number, vecs: readonly Float64Array[]): Tensor {
  const out = allocTyped(like.dtype, vecs.length * len);
  vecs.forEach((v, b) => out.set(v, b * len));
  return fromTyped(out, [...batch, len], like.backend);
}

/** Row-major transpose of an r×c matrix. */
export function transpose(a: Float64Array, r: number, c: number): Float64Array {
  const out = new Float64Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = a[i * c + j];
  return out;
}

/**
 * Extends k orthonormal columns of the row-major m×cols matrix `q` (columns 0..k-1 filled) to
 * columns k..cols-1, each time taking the standard basis vector with the largest residual after
 * two rounds of Gram–Schmidt — some e_i always keeps a residual² ≥ 1/m, so this never divides by ~0.
 */
export function completeOrthonormal(q: Float64Array, m: number, cols: number, k: number): void {
  const col = new Float64Array(m);
  for (let j = k; j < cols; j++) {
    let best: Float64Array | null = null;
    let bestNorm = -1;
    for (let e = 0; e < m; e++) {
      col.fill(0);
      col[e] = 1;
      for (let pass = 0; pass < 2; pass++) {
        for (let c = 0; c < j; c++) {
          let d = 0;
          for (let i = 0; i < m; i++) d += q[i * cols + c] * col[i];
          for (let i = 0; i < m; i++) col[i] -= d * q[i * cols + c];
        }
      }
      let nrm = 0;
      for (let i = 0; i < m; i++) nrm += col[i] * col[i];
      if (nrm > bestNorm) {
        bestNorm = nrm;
        best = col.slice();
      }
    }
    const s = 1 / Math.sqrt(bestNorm);
    for (let i = 0; i < m; i++) q[i * cols + j] = best![i] * s;
  }
}
