import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tensor } from '@gradstack/core';
import { Adam } from '@gradstack/optim';
import { AdamScratch } from '../src/lib/adam-scratch.js';
import {
  adamFromScratch,
  adamTrace,
  biasCorrectionRows,
  l2VersusDecoupled,
  libraryComparison,
  scratchTrajectory,
  stepSizes,
} from '../src/examples/adam-from-scratch.js';

/** W after each step from the tutorial's own Python (numpy AdamScratch, np.random.seed(0)), run once to record. */
const NUMPY_TRAJECTORY = [
  [0.9990000000113375, -0.5009999999500196, 0.7990000000204345, -1.200999999991075],
  [0.9979989207389001, -0.5005651001957606, 0.798000884581883, -1.2016183613548317],
  [0.9972513733583893, -0.5004834072783367, 0.7971657058829477, -1.2023669189769124],
  [0.9964991406649372, -0.5004789832004947, 0.7963357646992052, -1.2030473655272174],
  [0.995678102706968, -0.5003785117088442, 0.7955343627697699, -1.2034305956143954],
];

describe('AdamScratch', () => {
  it("reproduces the tutorial's numpy run to the last bits", () => {
    const ours = scratchTrajectory();
    ours.forEach((w, step) => w.forEach((v, j) => expect(Math.abs(v - NUMPY_TRAJECTORY[step][j])).toBeLessThan(1e-15)));
  });

  it('moves every weight by lr on the first step (m̂/√v̂ = sign(g))', () => {
    const p = new Float64Array([1, -2, 3]);
    new AdamScratch([p], { lr: 0.01 }).step([[5, -0.001, 2]]);
    expect(p[0]).toBeCloseTo(0.99, 9);
    expect(p[1]).toBeCloseTo(-1.99, 6); // |g| = 1e-3 is small enough for ε to show, at the 1e-7 level
    expect(p[2]).toBeCloseTo(2.99, 9);
  });

  it('validates gradient count and length', () => {
    const adam = new AdamScratch([new Float64Array(2)]);
    expect(() => adam.step([])).toThrow(/got 0 gradients for 1 parameters/);
    expect(() => adam.step([[1]])).toThrow(/gradient 0 has 1 values, parameter has 2/);
  });
});

describe('scratch Adam vs @gradstack/optim Adam', () => {
  it("passes the tutorial's test (max diff < 1e-6 every step); in float64 the two agree to rounding", () => {
    for (const r of libraryComparison('float64')) expect(r.maxDiff).toBeLessThan(1e-12);
    // float32 (PyTorch's default dtype, which the tutorial compared against): float32 precision, under 1e-6.
    for (const r of libraryComparison('float32')) expect(r.maxDiff).toBeLessThan(1e-6);
  });

  it('agree on any gradient sequence, lr and betas (float64)', () => {
    const vec = fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 3, maxLength: 3 });
    fc.assert(
      fc.property(
        vec, fc.array(vec, { minLength: 1, maxLength: 10 }), fc.double({ min: 1e-5, max: 0.1, noNaN: true }),
        fc.double({ min: 0, max: 0.99, noNaN: true }), fc.double({ min: 0.9, max: 0.9999, noNaN: true }),
        (w0, grads, lr, b1, b2) => {
          const w = Float64Array.from(w0);
          const scratch = new AdamScratch([w], { lr, betas: [b1, b2] });
          const p = tensor(w0, { dtype: 'float64' }).requiresGrad_();
          const lib = new Adam([p], { lr, betas: [b1, b2] });
          for (const g of grads) {
            scratch.step([g]);
            p.grad = tensor(g, { dtype: 'float64' });
            lib.step();
          }
          const out = p.data() as Float64Array;
          w.forEach((v, j) => expect(Math.abs(out[j] - v)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(v))));
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("tutorial 004's L2 vs decoupled decay arithmetic", () => {
  it('θ = 5, λ = 0.1, η = 0.001, v = 4: Adam + L2 decays 0.005 %, AdamW 0.01 % ("2× larger")', () => {
    const { l2, decoupled } = l2VersusDecoupled();
    expect((l2 / 5) * 100).toBeCloseTo(0.005, 12);
    expect((decoupled / 5) * 100).toBeCloseTo(0.01, 12);
    expect(decoupled / l2).toBeCloseTo(2, 12);
  });
});

describe('bias correction', () => {
  it("matches tutorial 003's table: m = 0.1, 0.19, 0.271, … while m̂ = g from step 1", () => {
    const rows = biasCorrectionRows();
    [0.1, 0.19, 0.271, 0.3439, 0.40951].forEach((m, i) => expect(rows[i].m).toBeCloseTo(m, 12));
    for (const r of rows) expect(r.ratio).toBeCloseTo(1, 12);
  });

  it("matches tutorial 004's trace: the step drops from 0.001 to 0.000469 when g flips sign", () => {
    const [s1, s2] = adamTrace();
    expect(s1.m).toBeCloseTo(0.4, 12);
    expect(s1.v).toBeCloseTo(0.016, 12);
    expect(s1.update).toBeCloseTo(0.001, 9);
    expect(s2.m).toBeCloseTo(0.26, 12);
    expect(s2.update).toBeCloseTo(0.000469, 6);
  });

  it('without correction the early steps are oversized (peak 6.6× lr near t = 12), with it they are lr', () => {
    const naive = stepSizes(200, false);
    const corrected = stepSizes(200, true);
    expect(naive[0]).toBeCloseTo(0.1 / (Math.sqrt(0.001) + 1e-8), 12); // (1 − β1) / (√(1 − β2) + ε)
    const peak = Math.max(...naive);
    expect(peak).toBeGreaterThan(6.5);
    expect(naive.indexOf(peak) + 1).toBe(12);
    for (const s of corrected) expect(s).toBeCloseTo(1, 6);
  });
});

describe('adam-from-scratch example (fast mode)', () => {
  it('returns the five tables, the headline numbers and the figure', async () => {
    const logs: string[] = [];
    const result = await adamFromScratch.run({
      fast: true,
      outDir: join(tmpdir(), 'gradstack-adam-test'),
      log: (m) => logs.push(m),
      progress: () => ({ tick() {}, stop() {} }),
    });
    expect(result.tables.map((t) => t.rows.length)).toEqual([5, 5, 5, 3, 2]);
    for (let k = 1; k <= 5; k++) expect(result.metrics[`compare/float64/maxDiff@${k}`]).toBeLessThan(1e-12);
    expect(logs.join('\n')).toMatch(/Step 5: max diff scratch vs library = .* ✓/);
    expect(result.metrics['scratch/W3@5']).toBe(scratchTrajectory()[4][3]);
    expect(result.metrics['trace/update@2']).toBeCloseTo(0.000469, 6);
    expect(result.metrics['naive/peakStep']).toBeGreaterThan(6.5);
    expect(result.figures).toHaveLength(1);
    expect(logs.join('\n')).toMatch(/largest step is 6\.57× lr/);
  });
});
