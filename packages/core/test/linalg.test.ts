/**
 * linalg.svd / linalg.qr: the defining laws on random shapes (tall, wide, square, rank-deficient,
 * batched) — reconstruction, orthonormality, ordering and sign of S, triangularity of R, the
 * sign convention of the singular vectors — plus closed-form cases.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linalg, tensor, type Tensor } from '../src/index.js';
import { setBackend } from '../src/index.js';

// linalg is checked in float64, which only the cpu backend holds: this file pins the cpu backend
// even under GRADSTACK_BACKEND=gpu:<mode>.
setBackend('cpu');

const NUM_RUNS = 60;

/** Row-major float64 matrix product of r×k and k×c. */
function mul(a: ArrayLike<number>, b: ArrayLike<number>, r: number, k: number, c: number): Float64Array {
  const out = new Float64Array(r * c);
  for (let i = 0; i < r; i++) for (let p = 0; p < k; p++) for (let j = 0; j < c; j++) out[i * c + j] += a[i * k + p] * b[p * c + j];
  return out;
}

function transposed(a: ArrayLike<number>, r: number, c: number): Float64Array {
  const out = new Float64Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = a[i * c + j];
  return out;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

/** ‖XᵀX − I‖∞ for X r×c (orthonormal columns). */
function orthoError(x: ArrayLike<number>, r: number, c: number): number {
  const g = mul(transposed(x, r, c), x, c, r, c);
  for (let i = 0; i < c; i++) g[i * c + i] -= 1;
  return maxAbsDiff(g, new Float64Array(c * c));
}

/** A random m×n matrix of the given rank (product of m×rank and rank×n factors), in float64. */
const matrixArb = fc
  .record({ m: fc.integer({ min: 1, max: 9 }), n: fc.integer({ min: 1, max: 9 }), deficit: fc.integer({ min: 0, max: 3 }) })
  .chain(({ m, n, deficit }) => {
    const rank = Math.max(0, Math.min(m, n) - deficit);
    const vals = (len: number) => fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: len, maxLength: len });
    return fc.record({ m: fc.constant(m), n: fc.constant(n), rank: fc.constant(rank), left: vals(m * rank), right: vals(rank * n) });
  })
  .map(({ m, n, rank, left, right }) => ({ m, n, rank, a: rank === 0 ? new Float64Array(m * n) : mul(left, right, m, rank, n) }));

const f64 = (a: Float64Array, shape: number[]): Tensor => tensor(a, { shape, dtype: 'float64' });

describe('linalg.svd', () => {
  it('thin: U·diag(S)·Vh = A, orthonormal U and V, S sorted descending and ≥ 0, sign convention', () => {
    fc.assert(
      fc.property(matrixArb, ({ m, n, rank, a }) => {
        const { U, S, Vh } = linalg.svd(f64(a, [m, n]));
        const k = Math.min(m, n);
        expect(U.shape).toEqual([m, k]);
        expect(S.shape).toEqual([k]);
        expect(Vh.shape).toEqual([k, n]);
        const u = U.data();
        const s = S.data();
        const vh = Vh.data();
        const us = new Float64Array(m * k);
        for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) us[i * k + j] = u[i * k + j] * s[j];
        const scale = Math.max(1, ...Array.from(a, Math.abs));
        expect(maxAbsDiff(mul(us, vh, m, k, n), a)).toBeLessThan(1e-10 * scale * 10);
        expect(orthoError(u, m, k)).toBeLessThan(1e-10);
        expect(orthoError(transposed(vh, k, n), n, k)).toBeLessThan(1e-10);
        for (let i = 0; i < k; i++) {
          expect(s[i]).toBeGreaterThanOrEqual(0);
          if (i > 0) expect(s[i]).toBeLessThanOrEqual(s[i - 1]);
        }
        // Rank-deficient inputs: exactly min(m, n) − rank singular values vanish (to rounding).
        for (let i = rank; i < k; i++) expect(s[i]).toBeLessThan(1e-9 * scale * scale);
        for (let i = 0; i < k; i++) {
          const row = Array.from(vh.subarray(i * n, (i + 1) * n));
          const big = row.reduce((b, x, j) => (Math.abs(x) > Math.abs(row[b]) ? j : b), 0);
          expect(row[big]).toBeGreaterThan(0);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('fullMatrices: U is m×m and Vh n×n, both orthogonal, and still reconstruct A', () => {
    fc.assert(
      fc.property(matrixArb, ({ m, n, a }) => {
        const { U, S, Vh } = linalg.svd(f64(a, [m, n]), { fullMatrices: true });
        const k = Math.min(m, n);
        expect(U.shape).toEqual([m, m]);
        expect(Vh.shape).toEqual([n, n]);
        expect(orthoError(U.data(), m, m)).toBeLessThan(1e-10);
        expect(orthoError(Vh.data(), n, n)).toBeLessThan(1e-10);
        const sigma = new Float64Array(m * n);
        const s = S.data();
        for (let i = 0; i < k; i++) sigma[i * n + i] = s[i];
        const back = mul(mul(U.data(), sigma, m, m, n), Vh.data(), m, n, n);
        expect(maxAbsDiff(back, a)).toBeLessThan(1e-9 * Math.max(1, ...Array.from(a, Math.abs)));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('closed form: diag(3, −5) → S = [5, 3]; a rank-1 outer product has one non-zero σ = ‖x‖·‖y‖', () => {
    const { S, U, Vh } = linalg.svd(tensor([[3, 0], [0, -5]], { dtype: 'float64' }));
    expect(Array.from(S.data())).toEqual([5, 3]);
    // Largest entry of each row of Vh positive: v₁ = e₂, so u₁ = A·e₂/5 = −e₂.
    expect(Array.from(Vh.data())).toEqual([0, 1, 1, 0]);
    expect(Array.from(U.data())).toEqual([0, 1, -1, 0]);
    const x = [1, 2, 2];
    const y = [3, 4];
    const outer = x.flatMap((xi) => y.map((yj) => xi * yj));
    const r = linalg.svd(tensor(outer, { shape: [3, 2], dtype: 'float64' }));
    expect(r.S.data()[0]).toBeCloseTo(3 * 5, 12);
    expect(r.S.data()[1]).toBeLessThan(1e-12);
  });

  it('keeps the dtype (float32 in, float32 out) and decomposes batches matrix by matrix', () => {
    const a = tensor([[[1, 2], [3, 4], [5, 6]], [[0, 1], [1, 0], [1, 1]]]);
    const { U, S, Vh } = linalg.svd(a);
    expect([U.dtype, S.dtype, Vh.dtype]).toEqual(['float32', 'float32', 'float32']);
    expect(U.shape).toEqual([2, 3, 2]);
    expect(S.shape).toEqual([2, 2]);
    const second = linalg.svd(tensor([[0, 1], [1, 0], [1, 1]]));
    expect(Array.from(S.data().subarray(2))).toEqual(Array.from(second.S.data()));
    expect(U.requiresGrad).toBe(false);
  });

  it('rejects vectors and int tensors with a message naming the op', () => {
    expect(() => linalg.svd(tensor([1, 2, 3]))).toThrow(/linalg\.svd.*ndim >= 2/);
    expect(() => linalg.svd(tensor([[1, 2]], { dtype: 'int32' }))).toThrow(/linalg\.svd.*int32/);
  });
});

describe('linalg.qr', () => {
  it('reduced and complete: Q·R = A, orthonormal Q, upper-triangular R', () => {
    fc.assert(
      fc.property(matrixArb, fc.constantFrom<'reduced' | 'complete'>('reduced', 'complete'), ({ m, n, a }, mode) => {
        const { Q, R } = linalg.qr(f64(a, [m, n]), { mode });
        const k = Math.min(m, n);
        const qc = mode === 'complete' ? m : k;
        expect(Q.shape).toEqual([m, qc]);
        expect(R.shape).toEqual([qc, n]);
        const r = R.data();
        for (let i = 0; i < qc; i++) for (let j = 0; j < Math.min(i, n); j++) expect(r[i * n + j]).toBe(0);
        expect(orthoError(Q.data(), m, qc)).toBeLessThan(1e-10);
        expect(maxAbsDiff(mul(Q.data(), r, m, qc, n), a)).toBeLessThan(1e-10 * Math.max(1, ...Array.from(a, Math.abs)));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('closed form: the first column of Q spans A’s first column and |R₀₀| = its norm', () => {
    const { Q, R } = linalg.qr(tensor([[3, 1], [4, 2]], { dtype: 'float64' }));
    expect(Math.abs(R.data()[0])).toBeCloseTo(5, 12);
    expect(Math.abs(Q.data()[0])).toBeCloseTo(0.6, 12);
    expect(Math.abs(Q.data()[2])).toBeCloseTo(0.8, 12);
    expect(() => linalg.qr(tensor([[1]]), { mode: 'r' as 'reduced' })).toThrow(/mode/);
  });
});
