import { describe, expect, it } from 'vitest';
import { createProgress, progressEnabled } from '../src/lib/progress.js';

describe('progressEnabled', () => {
  it('draws only on a terminal outside CI', () => {
    expect(progressEnabled({ isTTY: true }, {})).toBe(true);
    expect(progressEnabled({ isTTY: false }, {})).toBe(false);
    expect(progressEnabled({}, {})).toBe(false);
    expect(progressEnabled({ isTTY: true }, { CI: 'true' })).toBe(false);
    expect(progressEnabled({ isTTY: true }, { CI: '1' })).toBe(false);
    // CI=false / CI=0 / CI= are how people switch the flag off, not on.
    expect(progressEnabled({ isTTY: true }, { CI: 'false' })).toBe(true);
    expect(progressEnabled({ isTTY: true }, { CI: '0' })).toBe(true);
    expect(progressEnabled({ isTTY: true }, { CI: '' })).toBe(true);
  });

  it('writes nothing when disabled', () => {
    const writes: unknown[] = [];
    const original = process.stdout.write.bind(process.stdout);
    const originalErr = process.stderr.write.bind(process.stderr);
    process.stdout.write = ((chunk: unknown) => (writes.push(chunk), true)) as typeof process.stdout.write;
    process.stderr.write = ((chunk: unknown) => (writes.push(chunk), true)) as typeof process.stderr.write;
    try {
      const bar = createProgress(10, 'train', false);
      for (let i = 0; i < 10; i++) bar.tick(1, 0.5);
      bar.stop();
    } finally {
      process.stdout.write = original;
      process.stderr.write = originalErr;
    }
    expect(writes).toEqual([]);
  });
});
