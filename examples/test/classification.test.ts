import { describe, expect, it } from 'vitest';
import { CLASSIFIERS, classification, loadClassification } from '../src/examples/classification.js';
import { fastContext, fileNames } from './helpers.js';

describe('classification data', () => {
  it('splits 3 000 samples 2 400 / 600, stratified, standardised on train', () => {
    const d = loadClassification();
    expect(d.xTrain.shape).toEqual([2400, 20]);
    expect(d.xTest.shape).toEqual([600, 20]);
    const frac = (t: typeof d.yTrain) => (t.data() as Float32Array).reduce((a, b) => a + b, 0) / t.shape[0];
    // Stratification keeps the class balance in both parts.
    expect(Math.abs(frac(d.yTrain) - frac(d.yTest))).toBeLessThan(0.005);
    const mean0 = (d.xTrain.mean(0).data() as Float32Array)[0];
    expect(Math.abs(mean0)).toBeLessThan(1e-5);
  });
});

describe('classification (fast mode: 1 000 samples, 30 epochs)', () => {
  it('every optimizer passes 85 % validation accuracy (10 informative features, 1 % label noise)', async () => {
    const { metrics, tables, figures } = await classification.run(fastContext('classification'));
    for (const name of CLASSIFIERS) {
      expect(metrics[`${name}/best`]).toBeGreaterThan(0.85);
      expect(metrics[`${name}/best`]).toBeGreaterThanOrEqual(metrics[`${name}/final`]);
      expect(metrics[`${name}/bestEpoch`]).toBeGreaterThanOrEqual(1);
      expect(metrics[`${name}/bestEpoch`]).toBeLessThanOrEqual(30);
    }
    expect(tables[0].rows).toHaveLength(3);
    expect(fileNames(figures)).toEqual(['validation-accuracy.svg']);
  });
});
