import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Generator, ShapeError, tensor } from '@gradstack/core';
import { MinMaxScaler, StandardScaler, oneHot, trainTestSplit } from '../src/index.js';

const matrix = fc
  .tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 5 }))
  .chain(([n, d]) =>
    fc.tuple(fc.constant([n, d]), fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: n * d, maxLength: n * d })),
  );

describe('StandardScaler', () => {
  it('uses the population standard deviation, as scikit-learn', () => {
    const x = tensor([[1, 10], [2, 10], [3, 10], [6, 10]], { dtype: 'float64' });
    const sc = new StandardScaler().fit(x);
    expect(Array.from(sc.mean as Float64Array)).toEqual([3, 10]);
    expect(Array.from(sc.var as Float64Array)).toEqual([3.5, 0]);
    expect((sc.scale as Float64Array)[0]).toBeCloseTo(Math.sqrt(3.5), 12);
    // A constant feature gets scale 1, so it maps to 0 rather than NaN.
    expect((sc.scale as Float64Array)[1]).toBe(1);
    const z = sc.transform(x);
    expect(z.dtype).toBe('float64');
    const col0 = Array.from(z.data()).filter((_, k) => k % 2 === 0);
    expect(col0.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 12);
    expect(col0.reduce((a, b) => a + b * b, 0) / 4).toBeCloseTo(1, 12);
    expect(Array.from(z.data()).filter((_, k) => k % 2 === 1)).toEqual([0, 0, 0, 0]);
  });

  it('round-trips: inverseTransform(transform(x)) = x (property)', () => {
    fc.assert(
      fc.property(matrix, ([[n, d], values]) => {
        const x = tensor(Float64Array.from(values), { shape: [n, d] });
        const sc = new StandardScaler();
        const back = sc.inverseTransform(sc.fitTransform(x)).data();
        values.forEach((v, k) => expect(Math.abs(back[k] - v)).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(v))));
      }),
      { numRuns: 100 },
    );
  });

  it('honours withMean/withStd and rejects misuse', () => {
    const x = tensor([[2], [4]]);
    expect(Array.from(new StandardScaler({ withMean: false }).fitTransform(x).data())).toEqual([2, 4]);
    expect(Array.from(new StandardScaler({ withStd: false }).fitTransform(x).data())).toEqual([-1, 1]);
    expect(() => new StandardScaler().transform(x)).toThrow(/not fitted yet/);
    expect(() => new StandardScaler().fit(tensor([1, 2, 3]))).toThrow(ShapeError);
    expect(() => new StandardScaler().fit(x).transform(tensor([[1, 2]]))).toThrow(/has 2 features, but the scaler was fitted on 1/);
  });
});

describe('MinMaxScaler', () => {
  it('maps each feature onto featureRange', () => {
    const x = tensor([[1, -5], [3, 5], [2, 0]]);
    const z = new MinMaxScaler({ featureRange: [-1, 1] }).fitTransform(x);
    expect(z.toArray()).toEqual([[-1, -1], [1, 1], [0, 0]]);
    const clipped = new MinMaxScaler({ clip: true }).fit(x).transform(tensor([[5, -10]]));
    expect(clipped.toArray()).toEqual([[1, 0]]);
    expect(() => new MinMaxScaler({ featureRange: [1, 0] })).toThrow(/featureRange/);
  });

  it('round-trips (property)', () => {
    fc.assert(
      fc.property(matrix, ([[n, d], values]) => {
        const x = tensor(Float64Array.from(values), { shape: [n, d] });
        const sc = new MinMaxScaler();
        const z = sc.fitTransform(x).data();
        for (const v of z) expect(v >= -1e-12 && v <= 1 + 1e-12).toBe(true);
        const back = sc.inverseTransform(sc.transform(x)).data();
        values.forEach((v, k) => expect(Math.abs(back[k] - v)).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(v))));
      }),
      { numRuns: 100 },
    );
  });
});

describe('oneHot', () => {
  it('encodes integer labels', () => {
    expect(oneHot([2, 0, 1]).toArray()).toEqual([[0, 0, 1], [1, 0, 0], [0, 1, 0]]);
    const t = oneHot(tensor([1, 3], { dtype: 'int32' }), { numClasses: 5, dtype: 'int32' });
    expect(t.shape).toEqual([2, 5]);
    expect(t.dtype).toBe('int32');
    expect(() => oneHot([0, 5], { numClasses: 5 })).toThrow(/label 5 is out of range/);
    expect(() => oneHot([0.5])).toThrow(/non-negative integers/);
  });
});

describe('trainTestSplit', () => {
  const n = 100;
  const x = tensor(Float32Array.from({ length: n * 2 }, (_, k) => k), { shape: [n, 2] });
  const y = Array.from({ length: n }, (_, i) => i);

  it('splits every array with the same rows, sizes as scikit-learn', () => {
    const [xTr, xTe, yTr, yTe] = trainTestSplit(x, y, { testSize: 0.25, randomState: 42 });
    expect(xTr.shape).toEqual([75, 2]);
    expect(xTe.shape).toEqual([25, 2]);
    expect(yTr.length + yTe.length).toBe(n);
    expect([...yTr, ...yTe].sort((a, b) => a - b)).toEqual(y);
    const xd = xTe.data();
    yTe.forEach((row, r) => expect(xd[2 * r]).toBe(2 * row));
    const [, , yTr2] = trainTestSplit(x, y, { testSize: 0.25, randomState: 42 });
    expect(yTr2).toEqual(yTr);
    const [, , yTr3] = trainTestSplit(x, y, { testSize: 0.25, randomState: 43 });
    expect(yTr3).not.toEqual(yTr);
    // test = ceil(0.33 · 10) = 4, train the rest; integer sizes are counts.
    expect(trainTestSplit(y.slice(0, 10), { testSize: 0.33, seed: 1 }).map((a) => a.length)).toEqual([6, 4]);
    expect(trainTestSplit(y.slice(0, 10), { testSize: 3, trainSize: 5, seed: 1 }).map((a) => a.length)).toEqual([5, 3]);
    expect(trainTestSplit(Int32Array.from(y), { shuffle: false })[1]).toEqual(Int32Array.from(y.slice(75)));
  });

  it('stratifies: both splits keep the class proportions', () => {
    const labels = Array.from({ length: 200 }, (_, i) => (i % 10 < 7 ? 0 : i % 10 < 9 ? 1 : 2));
    const [tr, te] = trainTestSplit(labels, { testSize: 0.2, stratify: labels, generator: new Generator(9) });
    const count = (a: number[], c: number) => a.filter((v) => v === c).length;
    expect([0, 1, 2].map((c) => count(te, c))).toEqual([28, 8, 4]);
    expect([0, 1, 2].map((c) => count(tr, c))).toEqual([112, 32, 16]);
  });

  it('rejects bad sizes and mismatched lengths', () => {
    expect(() => trainTestSplit(y, { testSize: 1.5 })).toThrow(/testSize=1.5/);
    expect(() => trainTestSplit(y, { testSize: 0.6, trainSize: 0.6 })).toThrow(/more than the 100 available/);
    expect(() => trainTestSplit(x, y.slice(1))).toThrow(/inconsistent numbers of samples/);
    expect(() => trainTestSplit(y, { stratify: [0, 1] })).toThrow(/stratify has 2 labels/);
    expect(() => trainTestSplit([1, 2, 3, 4], { stratify: [0, 0, 0, 1] })).toThrow(/least populated class/);
  });
});
