// Compares every scheduler with the golden lr sequences written by generateGolden.ts from the
// independent reference (reference.ts). Same arithmetic order, so equality is exact.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as S from '../../src/lrScheduler/index.js';
import { sgd, type FakeOptimizer } from './helpers.js';
import type { Lrs, RefCase } from './reference.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'golden');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

/** Runs the real scheduler through the case; rows are lrs (plus momenta for the cyclic ones). */
function run(c: RefCase, opt: FakeOptimizer): Lrs {
  const row = () => opt.paramGroups.map((g) => g.lr);
  const withMomentum = () => [...row(), ...opt.paramGroups.map((g) => g.momentum as number)];
  const plainSteps = (s: { step(): void }, snap = row) => {
    const out = [snap()];
    for (let k = 0; k < c.steps; k++) {
      opt.step();
      s.step();
      out.push(snap());
    }
    return out;
  };
  const opts = c.opts as never;
  switch (c.kind) {
    case 'CyclicLR':
      return plainSteps(new S.CyclicLR(opt, opts), withMomentum);
    case 'OneCycleLR':
      return plainSteps(new S.OneCycleLR(opt, opts), withMomentum);
    case 'CosineAnnealingWarmRestarts': {
      const s = new S.CosineAnnealingWarmRestarts(opt, opts);
      if (c.epochs === undefined) return plainSteps(s);
      const out = [row()];
      for (const epoch of c.epochs) {
        s.step(epoch);
        out.push(row());
      }
      return out;
    }
    case 'ReduceLROnPlateau': {
      const s = new S.ReduceLROnPlateau(opt, opts);
      const out = [row()];
      for (const m of c.metrics ?? []) {
        s.step(m);
        out.push(row());
      }
      return out;
    }
    case 'WarmupCosineSequential': {
      const { warmupSteps, startFactor, tMax, etaMin } = c.opts as Record<string, number>;
      const warm = new S.LinearLR(opt, { startFactor, endFactor: 1, totalIters: warmupSteps });
      const cos = new S.CosineAnnealingLR(opt, { tMax, etaMin });
      return plainSteps(new S.SequentialLR(opt, { schedulers: [warm, cos], milestones: [warmupSteps] }));
    }
    default: {
      const Ctor = (S as unknown as Record<string, new (o: FakeOptimizer, x: never) => { step(): void }>)[c.kind];
      return plainSteps(new Ctor(opt, opts));
    }
  }
}

describe('golden lr sequences from the reference algorithms', () => {
  it('has fixtures', () => expect(files.length).toBeGreaterThan(30));
  for (const file of files) {
    const { case: c, lrs } = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { case: RefCase; lrs: Lrs };
    it(c.name, () => {
      const got = run(c, sgd(c.lrs));
      expect(got.length).toBe(lrs.length);
      got.forEach((row, k) => {
        row.forEach((v, i) => {
          if (v !== lrs[k][i]) expect.fail(`${c.name}: step ${k} column ${i}: expected ${lrs[k][i]}, got ${v}`);
        });
      });
    });
  }
});
