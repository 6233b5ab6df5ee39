import { describe, expect, it } from 'vitest';
import { manualSeed, randn } from '@gradstack/core';
import { Adam, Adam8bit } from '@gradstack/optim';
import { measure, optimizerMemory } from '../src/examples/optimizer-memory.js';
import { fastContext, fileNames } from './helpers.js';

describe('optimizer-memory (fast mode: 1024×1024 + 1024)', () => {
  it("matches the tutorials' buffer counts and Adafactor's factored second moment", async () => {
    const logs: string[] = [];
    const { metrics, tables, figures } = await optimizerMemory.run(fastContext('optimizer-memory', logs));
    expect(metrics.d).toBe(1024);
    expect(logs.join('\n')).toMatch(/1024×1024/);
    expect(metrics['SGD/bytes']).toBe(0); // 004: "0 extra"
    for (const name of ['SGD + momentum', 'Adagrad', 'RMSprop', 'Lion']) expect(metrics[`${name}/ratio`]).toBe(1); // 1 buffer
    for (const name of ['Adam', 'AdamW', 'LAMB', 'SophiaG']) expect(metrics[`${name}/ratio`]).toBe(2); // 2 buffers
    // Adafactor on the d×d weight stores a row and a column factor: 2d numbers ("8192" for 4096).
    expect(metrics['adafactorWeight/elements/float32']).toBe(2 * 1024);
    // 8-bit Adam: ~4× smaller than Adam (1 byte per moment element plus a float32 absmax per block).
    const shrink = metrics['Adam/bytes'] / metrics['Adam8bit/bytes'];
    expect(shrink).toBeGreaterThan(3.8);
    expect(shrink).toBeLessThan(4);
    // GaLore on an n×n weight at rank r = n/8: projector n·r + two r×n moments = 3r/n = 0.375× the weight.
    expect(metrics['galore/ratio']).toBeCloseTo(0.375, 12);
    expect(tables[0].rows).toHaveLength(21);
    expect(fileNames(figures)).toEqual(['state-bytes.svg']);
  });

  it('Adam8bit stores 1 byte per moment element for tensors of at least 4096 elements', () => {
    manualSeed(0);
    const w = randn([64, 64]).requiresGrad_();
    w.grad = randn([64, 64]);
    const adam = measure({ make: (p) => new Adam(p) }, [w]);
    const q = measure({ make: (p) => new Adam8bit(p) }, [w]);
    expect(adam.bytes).toBe(2 * 4096 * 4);
    expect(q.elements.uint8).toBe(2 * 4096);
    expect(q.bytes).toBe(2 * 4096 + 2 * (4096 / 256) * 4);
  });
});
