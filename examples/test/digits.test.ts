import { describe, expect, it } from 'vitest';
import { DIGIT_CONFIGS, digits } from '../src/examples/digits.js';
import { fastContext, fileNames } from './helpers.js';

describe('digits (fast mode: 2 000 MNIST training images, 1 epoch, 2 000 test images)', () => {
  it("reproduces tutorial 002's ordering: adaptive optimizers learn far faster than SGD(0.01)", async () => {
    const logs: string[] = [];
    const { metrics, tables, figures } = await digits.run(fastContext('digits', logs));
    const acc = (name: string) => metrics[`${name}/accuracy`];
    const sgd = acc('SGD (lr=0.01)');
    const adam = acc('Adam (lr=1e-3)');
    // 32 batches: plain SGD at lr 0.01 has barely left chance level; Adam is already most of the way.
    expect(adam).toBeGreaterThan(sgd + 20);
    expect(adam).toBeGreaterThan(60);
    expect(sgd).toBeGreaterThan(10); // above chance: it is learning, only slowly
    // Decoupled decay of 1e-3·0.01 per step is invisible over 32 steps: AdamW tracks Adam.
    expect(Math.abs(acc('AdamW (lr=1e-3, wd=0.01)') - adam)).toBeLessThan(1);
    // Every run's epoch loss is below ln(10) = 2.303, the loss of a uniform guess.
    for (const c of DIGIT_CONFIGS) expect(metrics[`${c.name}/trainLoss`]).toBeLessThan(Math.log(10));
    // The table prints the tutorial's numbers beside ours.
    expect(tables[0].rows.map((r) => r[4])).toEqual([93.6, 97.4, 97.6, 97.8]);
    expect(logs.join('\n')).toMatch(/not in the seeds/);
    expect(fileNames(figures)).toEqual(['accuracy-per-epoch.svg', 'final-error.svg']);
  });
});
