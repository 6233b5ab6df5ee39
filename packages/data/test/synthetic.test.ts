import { describe, expect, it } from 'vitest';
import { Generator, manualSeed } from '@gradstack/core';
import { deliveryTimes, makeBlobs, makeClassification, makeMoons, makeRegression, noisySine } from '../src/index.js';
import { generateHypercube } from '../src/datasets/make-classification.js';

const col = (data: ArrayLike<number>, width: number, j: number) => Array.from({ length: data.length / width }, (_, i) => data[i * width + j]);
const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
const std = (a: number[]) => Math.sqrt(mean(a.map((v) => (v - mean(a)) ** 2)));

describe('noisySine', () => {
  it('is the tutorial recipe: x = linspace(0, 1, 200), y = sin(2πx) + 0.1·N(0, 1)', () => {
    const { x, y } = noisySine({ seed: 42 });
    expect(x.shape).toEqual([200, 1]);
    expect(y.shape).toEqual([200, 1]);
    const xs = x.data();
    expect(xs[0]).toBe(0);
    expect(xs[199]).toBe(1);
    expect(xs[1]).toBeCloseTo(1 / 199, 7);
    const residual = Array.from(y.data(), (v, i) => v - Math.sin(2 * 3.14159 * xs[i]));
    expect(Math.abs(mean(residual))).toBeLessThan(0.025);
    expect(std(residual)).toBeGreaterThan(0.08);
    expect(std(residual)).toBeLessThan(0.12);
  });

  it('is reproducible from a seed, a generator or manualSeed', () => {
    const a = Array.from(noisySine({ seed: 1 }).y.data());
    expect(Array.from(noisySine({ generator: new Generator(1) }).y.data())).toEqual(a);
    expect(Array.from(noisySine({ seed: 2 }).y.data())).not.toEqual(a);
    manualSeed(1);
    const b = Array.from(noisySine().y.data());
    manualSeed(1);
    expect(Array.from(noisySine().y.data())).toEqual(b);
    expect(Array.from(noisySine({ n: 10, noise: 0 }).y.data())).toEqual(Array.from(noisySine({ n: 10, noise: 0, seed: 99 }).y.data()));
  });
});

describe('deliveryTimes', () => {
  it('has 2000 rows of [distance, traffic, prep, value] within the clipping bounds', () => {
    const { x, y, featureNames } = deliveryTimes({ seed: 42 });
    expect(featureNames).toEqual(['distance', 'traffic', 'prep', 'value']);
    expect(x.shape).toEqual([2000, 4]);
    expect(y.shape).toEqual([2000, 1]);
    const xd = x.data();
    const bounds: [number, number][] = [[0.5, 15], [1, 10], [5, 35], [50, 1200]];
    bounds.forEach(([lo, hi], j) => {
      const c = col(xd, 4, j);
      expect(Math.min(...c)).toBeGreaterThanOrEqual(lo);
      expect(Math.max(...c)).toBeLessThanOrEqual(hi);
    });
    expect(new Set(col(xd, 4, 1))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    expect(mean(col(xd, 4, 0))).toBeGreaterThan(3.6);
    expect(mean(col(xd, 4, 0))).toBeLessThan(4.6);
    const yd = Array.from(y.data());
    expect(Math.min(...yd)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...yd)).toBeLessThanOrEqual(120);
    // y − formula is the N(0, 4) noise wherever the clip did not bite.
    const residual = yd
      .map((v, i) => v - (8.6 + 7.3 * xd[4 * i] + 0.8 * xd[4 * i + 2] + 1.5 * xd[4 * i + 1]))
      .filter((_, i) => yd[i] > 10 && yd[i] < 120);
    expect(std(residual)).toBeGreaterThan(3.7);
    expect(std(residual)).toBeLessThan(4.3);
  });
});

describe('makeClassification', () => {
  it('returns [n, d] floats and balanced int32 labels', () => {
    const { x, y } = makeClassification({ nSamples: 3000, nFeatures: 20, nInformative: 10, nRedundant: 5, randomState: 42 });
    expect(x.shape).toEqual([3000, 20]);
    expect(y.dtype).toBe('int32');
    const ones = Array.from(y.data()).filter((v) => v === 1).length;
    expect(Math.abs(ones - 1500)).toBeLessThan(60);
  });

  it('builds redundant features as linear combinations and repeated ones as copies', () => {
    const nInformative = 3;
    const { x } = makeClassification({ nSamples: 40, nFeatures: 7, nInformative, nRedundant: 2, nRepeated: 1, shuffle: false, dtype: 'float64', seed: 3 });
    const d = x.data();
    // Column 5 (repeated) equals one of columns 0..4.
    const repeated = col(d, 7, 5);
    expect([0, 1, 2, 3, 4].some((j) => col(d, 7, j).every((v, i) => v === repeated[i]))).toBe(true);
    // Redundant column 3 is exactly reproduced by least squares on the 3 informative columns.
    const a = Array.from({ length: 40 }, (_, i) => [d[7 * i], d[7 * i + 1], d[7 * i + 2]]);
    const b = col(d, 7, 3);
    const ata = [0, 1, 2].map((p) => [0, 1, 2].map((q) => a.reduce((s, r) => s + r[p] * r[q], 0)));
    const atb = [0, 1, 2].map((p) => a.reduce((s, r, i) => s + r[p] * b[i], 0));
    const w = solve3(ata, atb);
    a.forEach((r, i) => expect(r[0] * w[0] + r[1] * w[1] + r[2] * w[2]).toBeCloseTo(b[i], 6));
  });

  it('places clusters around ±classSep vertices: a large classSep separates the classes by the informative features', () => {
    const { x, y } = makeClassification({ nSamples: 400, nFeatures: 2, nInformative: 2, nRedundant: 0, nClustersPerClass: 1, classSep: 8, flipY: 0, shuffle: false, seed: 5 });
    const xd = x.data();
    const labels = Array.from(y.data());
    const c0 = labels.flatMap((l, i) => (l === 0 ? [[xd[2 * i], xd[2 * i + 1]]] : []));
    const c1 = labels.flatMap((l, i) => (l === 1 ? [[xd[2 * i], xd[2 * i + 1]]] : []));
    const m0 = [mean(c0.map((p) => p[0])), mean(c0.map((p) => p[1]))];
    const m1 = [mean(c1.map((p) => p[0])), mean(c1.map((p) => p[1]))];
    for (const m of [m0, m1]) for (const v of m) expect(Math.abs(Math.abs(v) - 8)).toBeLessThan(1.5);
    expect(Math.hypot(m0[0] - m1[0], m0[1] - m1[1])).toBeGreaterThan(14);
  });

  it('flips about flipY of the labels and validates its options', () => {
    const base = { nSamples: 2000, nFeatures: 4, nInformative: 2, nRedundant: 0, nClustersPerClass: 1, shuffle: false, seed: 8 };
    const clean = Array.from(makeClassification({ ...base, flipY: 0 }).y.data());
    const noisy = Array.from(makeClassification({ ...base, flipY: 0.4 }).y.data());
    // A flipped label is redrawn uniformly, so about half of the 40% flips change it.
    const changed = noisy.filter((v, i) => v !== clean[i]).length / 2000;
    expect(changed).toBeGreaterThan(0.16);
    expect(changed).toBeLessThan(0.24);
    expect(() => makeClassification({ nFeatures: 3, nInformative: 2, nRedundant: 2 })).toThrow(/must not exceed nFeatures/);
    expect(() => makeClassification({ nInformative: 1, nClasses: 3 })).toThrow(/2\*\*nInformative/);
    expect(() => makeClassification({ flipY: 2 })).toThrow(/flipY/);
  });

  it('draws distinct hypercube vertices', () => {
    const v = generateHypercube(8, 3, new Generator(1));
    const keys = new Set(Array.from({ length: 8 }, (_, k) => Array.from(v.subarray(3 * k, 3 * k + 3)).join('')));
    expect(keys.size).toBe(8);
    expect(generateHypercube(5, 33, new Generator(2)).every((b) => b === 0 || b === 1)).toBe(true);
  });
});

describe('makeRegression', () => {
  it('y = X·coef + bias exactly without noise, with nInformative non-zero coefficients', () => {
    const { x, y, coef } = makeRegression({ nSamples: 30, nFeatures: 6, nInformative: 3, bias: 2, dtype: 'float64', seed: 4 });
    expect(x.shape).toEqual([30, 6]);
    expect(y.shape).toEqual([30]);
    const c = Array.from(coef.data());
    expect(c.filter((v) => v !== 0).length).toBe(3);
    const xd = x.data();
    Array.from(y.data()).forEach((v, i) => expect(v).toBeCloseTo(2 + c.reduce((s, w, j) => s + w * xd[6 * i + j], 0), 9));
    const multi = makeRegression({ nSamples: 5, nFeatures: 3, nTargets: 2, noise: 1, seed: 4 });
    expect(multi.y.shape).toEqual([5, 2]);
    expect(multi.coef.shape).toEqual([3, 2]);
  });
});

describe('makeMoons and makeBlobs', () => {
  it('makeMoons puts noiseless points on the two half circles', () => {
    const { x, y } = makeMoons({ nSamples: 101, seed: 1 });
    expect(x.shape).toEqual([101, 2]);
    const xd = x.data();
    const labels = Array.from(y.data());
    expect(labels.filter((l) => l === 1).length).toBe(51);
    labels.forEach((l, i) => {
      const [px, py] = [xd[2 * i], xd[2 * i + 1]];
      const r = l === 0 ? Math.hypot(px, py) : Math.hypot(px - 1, py - 0.5);
      expect(r).toBeCloseTo(1, 5);
      expect(l === 0 ? py >= -1e-6 : py <= 0.5 + 1e-6).toBe(true);
    });
    const noisy = makeMoons({ nSamples: 101, noise: 0.1, seed: 1 }).x.data();
    expect(Array.from(noisy)).not.toEqual(Array.from(xd));
  });

  it('makeBlobs splits samples over the centers and scatters them around each', () => {
    const { x, y, centers } = makeBlobs({ nSamples: 3001, centers: 3, nFeatures: 2, clusterStd: 0.5, seed: 2 });
    expect(x.shape).toEqual([3001, 2]);
    expect(centers.shape).toEqual([3, 2]);
    const labels = Array.from(y.data());
    expect([0, 1, 2].map((c) => labels.filter((l) => l === c).length)).toEqual([1001, 1000, 1000]);
    const xd = x.data();
    const cd = centers.data();
    for (let c = 0; c < 3; c++) {
      for (let j = 0; j < 2; j++) {
        const pts = labels.flatMap((l, i) => (l === c ? [xd[2 * i + j]] : []));
        expect(cd[2 * c + j]).toBeGreaterThanOrEqual(-10);
        expect(cd[2 * c + j]).toBeLessThanOrEqual(10);
        expect(mean(pts)).toBeCloseTo(cd[2 * c + j], 1);
        expect(std(pts)).toBeCloseTo(0.5, 1);
      }
    }
    const fixed = makeBlobs({ nSamples: [2, 3], centers: [[0, 0, 0], [5, 5, 5]], shuffle: false, seed: 1 });
    expect(fixed.x.shape).toEqual([5, 3]);
    expect(Array.from(fixed.y.data())).toEqual([0, 0, 1, 1, 1]);
    expect(() => makeBlobs({ nSamples: [2, 3], centers: [[0, 0]] })).toThrow(/2 counts but there are 1 centers/);
  });
});

/** Gaussian elimination for a 3×3 system. */
function solve3(a: number[][], b: number[]): number[] {
  const m = a.map((row, i) => [...row, b[i]]);
  for (let p = 0; p < 3; p++) {
    const piv = m.slice(p).reduce((best, row, k) => (Math.abs(row[p]) > Math.abs(m[best][p]) ? p + k : best), p);
    [m[p], m[piv]] = [m[piv], m[p]];
    for (let r = 0; r < 3; r++) {
      if (r === p) continue;
      const f = m[r][p] / m[p][p];
      for (let c = p; c < 4; c++) m[r][c] -= f * m[p][c];
    }
  }
  return m.map((row, i) => row[3] / row[i]);
}
