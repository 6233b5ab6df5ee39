import { tensor, type Tensor } from '@gradstack/core';
import { describe, expect, it } from 'vitest';
import { AveragedModel, getEmaAvgFn, getEmaMultiAvgFn, getSwaMultiAvgFn, updateBn } from '../../src/swa/index.js';

const f64 = (xs: number[]) => tensor(xs, { dtype: 'float64' });
const vals = (t: Tensor) => Array.from(t.data());

describe('AveragedModel over a parameter list', () => {
  it('SWA: the first update copies, later ones give the running mean', () => {
    const p = [f64([1, 2]), f64([3])];
    const swa = new AveragedModel(p);
    const snapshots = [
      [[1, 2], [3]],
      [[3, 6], [5]],
      [[8, -1], [1]],
    ];
    for (const [a, b] of snapshots) {
      p[0].copy_(f64(a));
      p[1].copy_(f64(b));
      swa.updateParameters(p);
    }
    expect(swa.nAveraged).toBe(3);
    expect(vals(swa.parameters()[0])).toEqual([(1 + 3 + 8) / 3, (2 + 6 - 1) / 3].map((x) => expect.closeTo(x, 12)));
    expect(vals(swa.parameters()[1])[0]).toBeCloseTo(3, 12);
    // The average is a copy: changing the model does not change it.
    p[0].copy_(f64([100, 100]));
    expect(vals(swa.parameters()[0])[0]).toBeCloseTo(4, 12);
  });

  it('EMA through multiAvgFn and avgFn agree with the formula', () => {
    const decay = 0.9;
    const p = [f64([0])];
    const multi = new AveragedModel(p, { multiAvgFn: getEmaMultiAvgFn(decay) });
    const single = new AveragedModel(p, { avgFn: getEmaAvgFn(decay) });
    let expected = 0;
    for (const [k, v] of [0, 10, 20, 5].entries()) {
      p[0].copy_(f64([v]));
      multi.updateParameters(p);
      single.updateParameters(p);
      expected = k === 0 ? v : decay * expected + (1 - decay) * v;
      expect(vals(multi.parameters()[0])[0]).toBeCloseTo(expected, 12);
      expect(vals(single.parameters()[0])[0]).toBeCloseTo(expected, 12);
    }
  });

  it('SWA multiAvgFn equals the default average', () => {
    const p = [f64([1, -1])];
    const a = new AveragedModel(p);
    const b = new AveragedModel(p, { multiAvgFn: getSwaMultiAvgFn() });
    for (const v of [1, 4, 7, -2]) {
      p[0].copy_(f64([v, 2 * v]));
      a.updateParameters(p);
      b.updateParameters(p);
    }
    vals(a.parameters()[0]).forEach((x, i) => expect(x).toBeCloseTo(vals(b.parameters()[0])[i], 12));
  });

  it('buffers are copied, or averaged with useBuffers; copyTo writes the average back', () => {
    const w = f64([2]);
    const buf = f64([10]);
    const model = { parameters: () => [w], buffers: () => [buf] };
    const copied = new AveragedModel(model);
    const averaged = new AveragedModel(model, { useBuffers: true });
    for (const v of [10, 20]) {
      buf.copy_(f64([v]));
      copied.updateParameters(model);
      averaged.updateParameters(model);
    }
    expect(vals(copied.buffers()[0])[0]).toBe(20);
    expect(vals(averaged.buffers()[0])[0]).toBeCloseTo(15, 12);
    const target = [f64([0])];
    copied.copyTo(target);
    expect(vals(target[0])[0]).toBe(2);
  });

  it('rejects invalid options', () => {
    expect(() => getEmaMultiAvgFn(1.5)).toThrow(/decay/);
    expect(() => new AveragedModel([f64([1])], { avgFn: getEmaAvgFn(), multiAvgFn: getSwaMultiAvgFn() })).toThrow(RangeError);
  });
});

describe('updateBn', () => {
  it('resets the stats, runs every batch in train mode with momentum null, then restores', () => {
    const seen: number[] = [];
    const bn = { momentum: 0.1 as number | null, momentaDuringPass: [] as (number | null)[], resetRunningStats: () => seen.push(-1) };
    const model = {
      training: false,
      modules: () => [model, bn],
      train(mode = true) {
        model.training = mode;
      },
      forward(input: Tensor) {
        bn.momentaDuringPass.push(bn.momentum);
        seen.push(vals(input)[0]);
        expect(model.training).toBe(true);
      },
    };
    updateBn([f64([1]), [f64([2]), f64([0])]], model);
    expect(seen).toEqual([-1, 1, 2]);
    expect(bn.momentaDuringPass).toEqual([null, null]);
    expect(bn.momentum).toBe(0.1);
    expect(model.training).toBe(false);
  });
});
