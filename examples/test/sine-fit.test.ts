import { describe, expect, it } from 'vitest';
import { sineFit, trainSine } from '../src/examples/sine-fit.js';
import { fastContext, fileNames } from './helpers.js';

describe('sine-fit (fast mode: 60 full-batch steps)', () => {
  it('orders the optimizers as tutorial 000 does: Adam < SGD+momentum < plain SGD', async () => {
    const { metrics, tables, figures } = await sineFit.run(fastContext('sine-fit'));
    const sgd = metrics['SGD (no momentum)/final'];
    const mom = metrics['SGD + momentum/final'];
    const adam = metrics['Adam/final'];
    expect(adam).toBeLessThan(mom);
    expect(mom).toBeLessThan(sgd);
    // Adam at lr 1e-2 is already well below the noise-free-fit scale of plain SGD after 60 steps.
    expect(sgd / adam).toBeGreaterThan(2);
    // Step 20: all three have moved off the ~0.5 variance of sin, Adam furthest (tutorial 0.177 vs 0.480).
    expect(metrics['Adam/step20']).toBeLessThan(metrics['SGD (no momentum)/step20']);
    expect(tables[0].rows).toHaveLength(3);
    expect(fileNames(figures)).toEqual(['convergence.svg', 'convergence-log.svg']);
  });

  it('starts all three from identical weights, so their first recorded loss is the same', () => {
    const runs = trainSine(2);
    expect(runs[1].losses[0]).toBe(runs[0].losses[0]);
    expect(runs[2].losses[0]).toBe(runs[0].losses[0]);
    // …and they diverge from the second step on, each optimizer having moved differently.
    expect(runs[2].losses[1]).not.toBe(runs[0].losses[1]);
  });

  it('is seeded: the same command prints the same numbers', () => {
    expect(trainSine(15)).toEqual(trainSine(15));
  });
});
