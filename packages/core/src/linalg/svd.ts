/**
 * linalg.svd — A = U·diag(S)·Vh, as torch.linalg.svd, by one-sided (Hestenes) Jacobi in float64.
 *
 *   W ← A (m ≥ n; a wide A is handled through Aᵀ = V·S·Uᵀ),  V ← I
 *   repeat sweeps until no pair rotates:
 *     for every column pair (i, j):  α = ‖wᵢ‖², β = ‖wⱼ‖², γ = wᵢ·wⱼ
 *       if |γ| > ε·sqrt(α·β):  ζ = (β − α)/(2γ),  t = sign(ζ)/(|ζ| + sqrt(1 + ζ²)),
 *                             c = 1/sqrt(1 + t²),  s = c·t
 *                             [wᵢ wⱼ] ← [wᵢ wⱼ]·[[c, s], [−s, c]],  same rotation on [vᵢ vⱼ]
 *   σⱼ = ‖wⱼ‖,  uⱼ = wⱼ/σⱼ  (columns with σⱼ ≈ 0 are completed to an orthonormal basis)
 *   sort by σ descending; sign convention: the largest-|·| entry of each right singular vector
 *   (row of Vh) is positive and uᵢ follows (uᵢ = A·vᵢ/σᵢ) — deterministic, so a projector
 *   recomputed from the same matrix (GaLore) is the same basis, not a sign-flipped one.
 *
 * Jacobi is chosen over Golub–Kahan for its high relative accuracy and because it is short.
 * Batches (…, m, n) are decomposed one matrix at a time. Runs on the host in float64 and
 * returns tensors of A's dtype on A's backend. **Not differentiable**: the results carry no
 * gradFn (GaLore only needs the basis of a gradient, never a gradient through it).
 */
import type { Tensor } from '../tensor.js';
import { completeOrthonormal, readBatch, transpose, writeBatch, writeVectors } from './hostMatrix.js';

export interface SvdOptions {
  /**
   * false (default here, as the issue specifies; torch.linalg.svd defaults to true): the thin
   * U m×k, Vh k×n, k = min(m, n). true: U is m×m and Vh is n×n.
   */
  fullMatrices?: boolean;
}

export interface SvdResult {
  U: Tensor;
  S: Tensor;
  Vh: Tensor;
}

const MAX_SWEEPS = 80;

/** Thin SVD of a row-major m×n float64 matrix with m ≥ n: U m×n, S n, V n×n (columns = vᵢ). */
function jacobiTall(a: Float64Array, m: number, n: number): { U: Float64Array; S: Float64Array; V: Float64Array } {
  // Decompose A/max|A| so neither tiny nor huge entries under/overflow the squared norms.
  let amax = 0;
  for (let i = 0; i < a.length; i++) amax = Math.max(amax, Math.abs(a[i]));
  // Work on columns stored contiguously (column j of W at wc[j·m ..]): every rotation walks two
  // columns, so column-major keeps those walks unit-stride (row-major was ~10× slower at 256²).
  const div = amax > 0 ? amax : 1;
  const wc = new Float64Array(m * n);
  for (let r = 0; r < m; r++) for (let j = 0; j < n; j++) wc[j * m + r] = a[r * n + j] / div;
  const vc = new Float64Array(n * n); // column j of V at vc[j·n ..]
  for (let i = 0; i < n; i++) vc[i * n + i] = 1;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let rotated = false;
    for (let i = 0; i < n - 1; i++) {
      const ci = i * m;
      for (let j = i + 1; j < n; j++) {
        const cj = j * m;
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let r = 0; r < m; r++) {
          const x = wc[ci + r];
          const y = wc[cj + r];
          alpha += x * x;
          beta += y * y;
          gamma += x * y;
        }
        if (gamma === 0 || Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let r = 0; r < m; r++) {
          const x = wc[ci + r];
          const y = wc[cj + r];
          wc[ci + r] = c * x - s * y;
          wc[cj + r] = s * x + c * y;
        }
        const vi = i * n;
        const vj = j * n;
        for (let r = 0; r < n; r++) {
          const x = vc[vi + r];
          const y = vc[vj + r];
          vc[vi + r] = c * x - s * y;
          vc[vj + r] = s * x + c * y;
        }
      }
    }
    if (!rotated) break;
  }
  const norms = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let r = 0; r < m; r++) s += wc[j * m + r] * wc[j * m + r];
    norms[j] = Math.sqrt(s);
  }
  // Stable sort by σ descending, then gather columns in that order.
  const order = Array.from({ length: n }, (_, j) => j).sort((x, y) => norms[y] - norms[x] || x - y);
  const S = new Float64Array(n);
  const U = new Float64Array(m * n);
  const V = new Float64Array(n * n);
  const sMax = n > 0 ? norms[order[0]] : 0;
  // Below this σ a column of W is rounding noise, not a direction: its u is completed instead.
  const tiny = sMax * Math.max(m, n) * 1e-14;
  let kept = 0;
  order.forEach((src, dst) => {
    S[dst] = norms[src] * amax;
    for (let r = 0; r < n; r++) V[r * n + dst] = vc[src * n + r];
    if (norms[src] > tiny && norms[src] > 0) {
      for (let r = 0; r < m; r++) U[r * n + dst] = wc[src * m + r] / norms[src];
      kept = dst + 1;
    }
  });
  completeOrthonormal(U, m, n, kept);
  return { U, S, V };
}

/** Flips (uᵢ, vᵢ) so the largest-magnitude entry of vᵢ is positive (first such entry on ties). */
function fixSigns(U: Float64Array, m: number, uCols: number, V: Float64Array, n: number, vCols: number, k: number): void {
  for (let i = 0; i < k; i++) {
    let best = 0;
    for (let r = 1; r < n; r++) if (Math.abs(V[r * vCols + i]) > Math.abs(V[best * vCols + i])) best = r;
    if (V[best * vCols + i] < 0) {
      for (let r = 0; r < n; r++) V[r * vCols + i] = -V[r * vCols + i];
      for (let r = 0; r < m; r++) U[r * uCols + i] = -U[r * uCols + i];
    }
  }
}

/** Widens an r×c row-major matrix to r×cols (zeros), then completes its orthonormal columns. */
function widen(a: Float64Array, r: number, c: number, cols: number): Float64Array {
  const out = new Float64Array(r * cols);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[i * cols + j] = a[i * c + j];
  completeOrthonormal(out, r, cols, c);
  return out;
}

export function svd(a: Tensor, opts: SvdOptions = {}): SvdResult {
  const fullMatrices = opts.fullMatrices ?? false;
  const { batch, m, n, mats } = readBatch(a, 'linalg.svd');
  const k = Math.min(m, n);
  const us: Float64Array[] = [];
  const ss: Float64Array[] = [];
  const vhs: Float64Array[] = [];
  for (const mat of mats) {
    // U: m×k, V: n×k (columns are singular vectors).
    let U: Float64Array;
    let V: Float64Array;
    let S: Float64Array;
    if (m >= n) {
      ({ U, S, V } = jacobiTall(mat, m, n));
    } else {
      const r = jacobiTall(transpose(mat, m, n), n, m);
      U = r.V;
      V = r.U;
      S = r.S;
    }
    fixSigns(U, m, k, V, n, k, k);
    if (fullMatrices) {
      us.push(widen(U, m, k, m));
      vhs.push(transpose(widen(V, n, k, n), n, n));
    } else {
      us.push(U);
      vhs.push(transpose(V, n, k));
    }
    ss.push(S);
  }
  const uCols = fullMatrices ? m : k;
  const vRows = fullMatrices ? n : k;
  return {
    U: writeBatch(a, batch, m, uCols, us),
    S: writeVectors(a, batch, k, ss),
    Vh: writeBatch(a, batch, vRows, n, vhs),
  };
}
