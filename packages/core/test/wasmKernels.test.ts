import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { wasmSgemm } from '../src/backend/wasm/sgemm.js';
import { matmulGeneric } from '../src/backend/cpuMatmul.js';

/** The SIMD kernel against the reference loops, on shapes that are not multiples of the 4×8 tile. */
describe('WebAssembly SIMD sgemm', () => {
  it('matches the reference matmul for every transpose combination and edge size', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 37 }), fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 37 }),
        fc.boolean(), fc.boolean(), fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (m, k, n, ta, tb, seed) => {
          let s = seed;
          const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296) - 0.5;
          const off = 3; // operands that start mid-buffer, as batched products do
          const a = Float32Array.from({ length: off + m * k }, rnd);
          const b = Float32Array.from({ length: off + k * n }, rnd);
          const ref = new Float32Array(off + m * n);
          const got = new Float32Array(off + m * n);
          matmulGeneric(a, off, b, off, ref, off, m, k, n, ta, tb);
          wasmSgemm(a, off, b, off, got, off, m, k, n, ta, tb);
          for (let i = 0; i < m * n; i++) {
            expect(Math.abs(got[off + i] - ref[off + i])).toBeLessThanOrEqual(1e-5 * Math.max(1, k));
          }
          expect(got[0]).toBe(0); // nothing written before the output offset
        },
      ),
      { numRuns: 60 },
    );
  });

  it('accumulates across k-slices (k larger than the 256 block)', () => {
    const m = 5, k = 600, n = 9;
    const a = Float32Array.from({ length: m * k }, (_, i) => ((i * 7) % 11) / 11 - 0.5);
    const b = Float32Array.from({ length: k * n }, (_, i) => ((i * 5) % 13) / 13 - 0.5);
    const ref = new Float32Array(m * n);
    const got = new Float32Array(m * n);
    matmulGeneric(a, 0, b, 0, ref, 0, m, k, n, false, false);
    wasmSgemm(a, 0, b, 0, got, 0, m, k, n, false, false);
    for (let i = 0; i < m * n; i++) expect(got[i]).toBeCloseTo(ref[i], 3);
  });
});

describe('WebAssembly SIMD sgemm across two threads', () => {
  it('a product large enough to split its rows equals the reference', async () => {
    const m = 267, k = 300, n = 221; // 17.7M multiply-adds: above the threading threshold
    const a = Float32Array.from({ length: m * k }, (_, i) => Math.sin(i) * 0.5);
    const b = Float32Array.from({ length: k * n }, (_, i) => Math.cos(i * 0.7) * 0.5);
    const ref = new Float32Array(m * n);
    matmulGeneric(a, 0, b, 0, ref, 0, m, k, n, false, false);
    // The helper thread starts on first use; run until it has taken part (or a second passes).
    for (let attempt = 0; attempt < 20; attempt++) {
      const got = new Float32Array(m * n);
      wasmSgemm(a, 0, b, 0, got, 0, m, k, n, false, false);
      for (let i = 0; i < m * n; i++) expect(Math.abs(got[i] - ref[i])).toBeLessThanOrEqual(1e-4);
      await new Promise((r) => setTimeout(r, 50));
    }
  });
});
