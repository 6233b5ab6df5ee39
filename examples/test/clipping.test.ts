import { describe, expect, it } from 'vitest';
import { clipDirectionCheck, clipping } from '../src/examples/clipping.js';
import { fastContext, fileNames } from './helpers.js';

describe('clipGradNorm_ by global norm', () => {
  it('keeps the direction and sets the norm to the threshold when above it', () => {
    for (const c of [0.1, 1]) {
      const r = clipDirectionCheck(c);
      expect(r.pre).toBeGreaterThan(c);
      expect(r.cosine).toBeCloseTo(1, 6);
      expect(r.post).toBeLessThanOrEqual(c * (1 + 1e-6));
      expect(r.post).toBeCloseTo(c, 5);
    }
  });

  it('leaves gradients below the threshold untouched', () => {
    const r = clipDirectionCheck(1e9);
    expect(r.post).toBeCloseTo(r.pre, 3);
    expect(r.cosine).toBeCloseTo(1, 9);
  });
});

describe('clipping (fast mode: 800 rows, 8 epochs)', () => {
  it('caps every step at the threshold, tames the corrupted-batch spikes, and at 0.1 slows clean training', async () => {
    const { metrics, tables, figures } = await clipping.run(fastContext('clipping'));
    for (const c of ['10', '1', '0.1']) expect(metrics[`${c}/maxPostOverThreshold`]).toBeLessThanOrEqual(1 + 1e-6);
    expect(metrics['off/fractionClipped']).toBe(0);
    // Tighter thresholds clip more often; 0.1 clips (nearly) every step.
    expect(metrics['10/fractionClipped']).toBeLessThan(metrics['1/fractionClipped']);
    expect(metrics['1/fractionClipped']).toBeLessThan(metrics['0.1/fractionClipped']);
    expect(metrics['0.1/fractionClipped']).toBeGreaterThan(0.9);
    // Spikes are real: without clipping some step's norm is an order of magnitude above the median.
    expect(metrics['off/maxPre']).toBeGreaterThan(10);
    // "Too lenient (10) allows spikes": clipping at 1 ends with a far better model on the clean test set.
    expect(metrics['1/mae']).toBeLessThan(metrics['off/mae']);
    expect(metrics['1/mae']).toBeLessThan(metrics['10/mae']);
    // "Too aggressive (0.1) slows training": on clean data, its first epoch lags behind clip-at-1's.
    expect(metrics['clean/0.1/epoch1']).toBeGreaterThan(metrics['clean/1/epoch1']);
    expect(tables.map((t) => t.rows.length)).toEqual([4, 3]);
    expect(fileNames(figures)).toEqual(['grad-norms.svg', 'grad-norms-after.svg', 'loss.svg']);
  });
});
