/**
 * Thin SVD by one-sided (Hestenes) Jacobi rotations in float64 — slow but accurate to ~1e-15,
 * enough to serve as the oracle for GaLore's projector on small matrices.
 *
 * Sign convention (a singular pair (u_i, v_i) is only defined up to a common sign flip): the entry of
 * largest magnitude of each right singular vector v_i (row i of Vh) is made positive, and u_i follows.
 * Ties in magnitude go to the lowest index.
 */

export interface ThinSvd {
  /** m×k, row-major. */
  U: number[];
  /** k singular values, descending. */
  S: number[];
  /** k×n, row-major. */
  Vh: number[];
  m: number;
  n: number;
  k: number;
}

/** SVD of a tall-or-square matrix (m ≥ n) whose columns are rotated until mutually orthogonal. */
function jacobiTall(a: readonly number[], m: number, n: number): { U: number[]; S: number[]; V: number[] } {
  const W = [...a]; // m×n, columns converge to u_j·s_j
  const V = new Array<number>(n * n).fill(0); // n×n, accumulates the rotations
  for (let i = 0; i < n; i++) V[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let i = 0; i < m; i++) {
          const wp = W[i * n + p];
          const wq = W[i * n + q];
          alpha += wp * wp;
          beta += wq * wq;
          gamma += wp * wq;
        }
        if (Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta) || gamma === 0) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let i = 0; i < m; i++) {
          const wp = W[i * n + p];
          const wq = W[i * n + q];
          W[i * n + p] = c * wp - s * wq;
          W[i * n + q] = s * wp + c * wq;
        }
        for (let i = 0; i < n; i++) {
          const vp = V[i * n + p];
          const vq = V[i * n + q];
          V[i * n + p] = c * vp - s * vq;
          V[i * n + q] = s * vp + c * vq;
        }
      }
    }
    if (!rotated) break;
  }
  const S = new Array<number>(n);
  const U = new Array<number>(m * n).fill(0);
  for (let j = 0; j < n; j++) {
    let norm = 0;
    for (let i = 0; i < m; i++) norm += W[i * n + j] ** 2;
    S[j] = Math.sqrt(norm);
    for (let i = 0; i < m; i++) U[i * n + j] = S[j] > 0 ? W[i * n + j] / S[j] : 0;
  }
  return { U, S, V };
}

export function jacobiSvd(a: readonly number[], m: number, n: number): ThinSvd {
  const tall = m >= n;
  // For a wide matrix take the SVD of Aᵀ and swap the roles of U and V.
  const rows = tall ? m : n;
  const cols = tall ? n : m;
  const src = tall ? [...a] : Array.from({ length: n * m }, (_, idx) => a[(idx % m) * n + Math.floor(idx / m)]);
  const { U: Ut, S: St, V: Vt } = jacobiTall(src, rows, cols);
  const k = cols;
  const order = [...St.keys()].sort((x, y) => St[y] - St[x]);
  // Tall: A = Ut·diag(S)·Vtᵀ. Wide: Aᵀ = Ut·S·Vtᵀ so A = Vt·S·Utᵀ.
  const left = tall ? Ut : Vt; // columns are u_j; row count m
  const right = tall ? Vt : Ut; // columns are v_j; row count n
  const U = new Array<number>(m * k);
  const S = new Array<number>(k);
  const Vh = new Array<number>(k * n);
  order.forEach((j, r) => {
    S[r] = St[j];
    let best = 0;
    for (let i = 1; i < n; i++) if (Math.abs(right[i * k + j]) > Math.abs(right[best * k + j])) best = i;
    const flip = right[best * k + j] < 0 ? -1 : 1;
    for (let i = 0; i < n; i++) Vh[r * n + i] = flip * right[i * k + j];
    for (let i = 0; i < m; i++) U[i * k + r] = flip * left[i * k + j];
  });
  return { U, S, Vh, m, n, k };
}
