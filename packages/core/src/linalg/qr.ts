/**
 * linalg.qr — A = Q·R, as torch.linalg.qr, by Householder reflections in float64 (LAPACK geqrf/orgqr).
 *
 *   R ← A;  for j = 0 … k−1 (k = min(m, n)):
 *     x = R[j:, j],  α = x₀,  σ = ‖x₁:‖²
 *     x₁: = 0: no reflection (τ = 0, R[j, j] stays α — LAPACK's choice, so diag(R) may be negative)
 *     else:  β = −sign(α)·sqrt(α² + σ),  v = x/(α − β) with v₀ = 1,  τ = (β − α)/β
 *            R[j:, j:] ← (I − τ·v·vᵀ)·R[j:, j:]
 *   Q = H₀·H₁·…·H_{k−1} applied to the first columns of I
 *
 * mode 'reduced' (default): Q m×k, R k×n; 'complete': Q m×m, R m×n. Batches (…, m, n) are
 * factored one matrix at a time. Runs on the host in float64 and returns tensors of A's dtype on
 * A's backend. **Not differentiable**: the results carry no gradFn.
 */
import { ArgumentError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { readBatch, writeBatch } from './hostMatrix.js';

export interface QrOptions {
  mode?: 'reduced' | 'complete';
}

export interface QrResult {
  Q: Tensor;
  R: Tensor;
}

function householderQr(a: Float64Array, m: number, n: number, qCols: number): { Q: Float64Array; R: Float64Array } {
  const r = a.slice();
  const k = Math.min(m, n);
  const vs: Float64Array[] = [];
  const taus: number[] = [];
  for (let j = 0; j < k; j++) {
    const len = m - j;
    const v = new Float64Array(len);
    for (let i = 0; i < len; i++) v[i] = r[(j + i) * n + j];
    // Work on x/max|x| so tiny (even subnormal) columns neither underflow nor overflow 1/(α − β).
    let scale = 0;
    for (let i = 1; i < len; i++) scale = Math.max(scale, Math.abs(v[i]));
    if (scale === 0) {
      vs.push(v.fill(0));
      taus.push(0);
      continue;
    }
    scale = Math.max(scale, Math.abs(v[0]));
    for (let i = 0; i < len; i++) v[i] /= scale;
    const alpha = v[0];
    let sigma = 0;
    for (let i = 1; i < len; i++) sigma += v[i] * v[i];
    const beta = -(alpha >= 0 ? 1 : -1) * Math.sqrt(alpha * alpha + sigma);
    const inv = 1 / (alpha - beta);
    v[0] = 1;
    for (let i = 1; i < len; i++) v[i] *= inv;
    const tau = (beta - alpha) / beta;
    // Apply H = I − τ·v·vᵀ to the trailing columns; column j becomes (β, 0, …, 0).
    for (let c = j + 1; c < n; c++) {
      let d = 0;
      for (let i = 0; i < len; i++) d += v[i] * r[(j + i) * n + c];
      d *= tau;
      for (let i = 0; i < len; i++) r[(j + i) * n + c] -= d * v[i];
    }
    r[j * n + j] = beta * scale;
    for (let i = 1; i < len; i++) r[(j + i) * n + j] = 0;
    vs.push(v);
    taus.push(tau);
  }
  // Q = H₀(H₁(…(H_{k−1}·I[:, :qCols]))): apply the reflectors in reverse to the identity's columns.
  const q = new Float64Array(m * qCols);
  for (let i = 0; i < Math.min(m, qCols); i++) q[i * qCols + i] = 1;
  for (let j = k - 1; j >= 0; j--) {
    const tau = taus[j];
    if (tau === 0) continue;
    const v = vs[j];
    const len = m - j;
    for (let c = 0; c < qCols; c++) {
      let d = 0;
      for (let i = 0; i < len; i++) d += v[i] * q[(j + i) * qCols + c];
      d *= tau;
      for (let i = 0; i < len; i++) q[(j + i) * qCols + c] -= d * v[i];
    }
  }
  return { Q: q, R: r };
}

export function qr(a: Tensor, opts: QrOptions = {}): QrResult {
  const mode = opts.mode ?? 'reduced';
  if (mode !== 'reduced' && mode !== 'complete') {
    throw new ArgumentError(`linalg.qr: mode must be 'reduced' or 'complete', got '${String(mode)}'`);
  }
  const { batch, m, n, mats } = readBatch(a, 'linalg.qr');
  const k = Math.min(m, n);
  const qCols = mode === 'complete' ? m : k;
  const rRows = qCols;
  const qs: Float64Array[] = [];
  const rs: Float64Array[] = [];
  for (const mat of mats) {
    const { Q, R } = householderQr(mat, m, n, qCols);
    qs.push(Q);
    rs.push(R.subarray(0, rRows * n));
  }
  return { Q: writeBatch(a, batch, m, qCols, qs), R: writeBatch(a, batch, rRows, n, rs) };
}
