/**
 * Optimizer laws (spec §20), property-tested with fast-check over random shapes, gradients and
 * hyperparameters, and an invariant matrix over every optimizer in the registries (optax-style):
 * maximize ≡ negated gradient, no gradient → no change, stateDict resume is bit-identical,
 * param groups ≡ separate optimizers, convergence on a convex quadratic.
 * Exact laws run in float64 so that "bit for bit" means the same operations, not luck in rounding.
 */
import fc from 'fast-check';
import { Tensor } from '@gradstack/core';
import { describe, expect, it } from 'vitest';
import { Adagrad, Adam, AdamW, RMSprop, SGD, type Optimizer } from '../src/index.js';
import { allEntries, type OptimizerEntry } from './registry.js';

/** Registers the test only where the law applies. */
const itWhen = (applies: boolean | undefined): typeof it | ((name: string, fn: () => void) => void) => (applies ? it : () => undefined);
import { convexQuadratic, copies, randomGrads, randomTensor, runSteps, seeded, values } from './helpers.js';

const entries = await allEntries();
const perParameter = entries.filter((e) => !e.needsClosure);

const shapeArb = fc.oneof(fc.tuple(fc.integer({ min: 1, max: 5 })), fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })));
const problemArb = fc.record({ seed: fc.integer(), shapes: fc.array(shapeArb, { minLength: 1, maxLength: 3 }), steps: fc.integer({ min: 1, max: 6 }) });
const lrArb = fc.double({ min: 1e-4, max: 0.5, noNaN: true });

function setup(p: { seed: number; shapes: number[][] }) {
  const rand = seeded(p.seed);
  return { rand, params: p.shapes.map((s) => randomTensor(s, rand)) };
}

describe('SGD laws', () => {
  it('momentum 0: p ← p − lr·g', () => {
    fc.assert(fc.property(problemArb, lrArb, (prob, lr) => {
      const { rand, params } = setup(prob);
      const grads = randomGrads(params, prob.steps, rand);
      const expected = values(params);
      for (const step of grads) step.forEach((g, i) => (expected[i] = expected[i].map((x, j) => x - lr * (g as Tensor).data()[j])));
      runSteps(new SGD(params, { lr }), params, grads);
      expect(values(params)).toEqual(expected);
    }), { numRuns: 30 });
  });

  it('weightDecay λ ≡ SGD on g + λp', () => {
    fc.assert(fc.property(problemArb, lrArb, fc.double({ min: 0, max: 0.9, noNaN: true }), fc.double({ min: 1e-3, max: 1, noNaN: true }), (prob, lr, momentum, wd) => {
      const { rand, params } = setup(prob);
      const plain = copies(params);
      const grads = randomGrads(params, prob.steps, rand);
      const decayed = new SGD(params, { lr, momentum, weightDecay: wd });
      const manual = new SGD(plain, { lr, momentum });
      for (const step of grads) {
        step.forEach((g, i) => {
          params[i].grad = (g as Tensor).clone();
          plain[i].grad = (g as Tensor).add(plain[i], wd);
        });
        decayed.step();
        manual.step();
      }
      expect(values(params)).toEqual(values(plain));
    }), { numRuns: 30 });
  });

  it('one step: SGD L2 decay λ equals decoupled decay p·(1 − lr·λ); for Adam the two differ', () => {
    fc.assert(fc.property(problemArb, lrArb, fc.double({ min: 1e-2, max: 1, noNaN: true }), (prob, lr, wd) => {
      const { rand, params } = setup(prob);
      const grads = randomGrads(params, 1, rand);
      const decoupled = copies(params).map((p) => p.mul(1 - lr * wd));
      runSteps(new SGD(params, { lr, weightDecay: wd }), params, grads);
      runSteps(new SGD(decoupled, { lr }), decoupled, grads);
      values(params).forEach((v, i) => v.forEach((x, j) => expect(x).toBeCloseTo(values(decoupled)[i][j], 12)));

      const l2 = copies(params);
      const dec = copies(params);
      const grads2 = randomGrads(l2, 3, rand);
      runSteps(new Adam(l2, { lr, weightDecay: wd }), l2, grads2);
      runSteps(new Adam(dec, { lr, weightDecay: wd, decoupledWeightDecay: true }), dec, grads2);
      const maxDiff = Math.max(...values(l2).flatMap((v, i) => v.map((x, j) => Math.abs(x - values(dec)[i][j]))));
      expect(maxDiff).toBeGreaterThan(0);
    }), { numRuns: 20 });
  });
});

describe('Adam / AdamW laws', () => {
  const adamOptionsArb = fc.record({
    lr: lrArb,
    betas: fc.tuple(fc.double({ min: 0, max: 0.99, noNaN: true }), fc.double({ min: 0.5, max: 0.9999, noNaN: true })),
    amsgrad: fc.boolean(),
    maximize: fc.boolean(),
  });

  it('AdamW with weightDecay 0 is Adam, bit for bit', () => {
    fc.assert(fc.property(problemArb, adamOptionsArb, (prob, options) => {
      const { rand, params } = setup(prob);
      const other = copies(params);
      const grads = randomGrads(params, prob.steps, rand, { dropRate: 0.2 });
      runSteps(new AdamW(params, { ...options, weightDecay: 0 }), params, grads);
      runSteps(new Adam(other, { ...options, weightDecay: 0 }), other, grads);
      expect(values(params)).toEqual(values(other));
    }), { numRuns: 30 });
  });

  it('AdamW shrinks p by exactly (1 − lr·λ) before the adaptive step; Adam(decoupledWeightDecay) is AdamW', () => {
    fc.assert(fc.property(problemArb, adamOptionsArb, fc.double({ min: 1e-3, max: 1, noNaN: true }), (prob, options, wd) => {
      const { rand, params } = setup(prob);
      const manual = copies(params);
      const flagged = copies(params);
      const grads = randomGrads(params, prob.steps, rand);
      const adamw = new AdamW(params, { ...options, weightDecay: wd });
      const adam = new Adam(manual, { ...options, weightDecay: 0 });
      for (const step of grads) {
        step.forEach((g, i) => {
          params[i].grad = (g as Tensor).clone();
          manual[i].grad = (g as Tensor).clone();
          manual[i].mul_(1 - options.lr * wd);
        });
        adamw.step();
        adam.step();
      }
      expect(values(params)).toEqual(values(manual));
      runSteps(new Adam(flagged, { ...options, weightDecay: wd, decoupledWeightDecay: true }), flagged, grads);
      expect(values(flagged)).toEqual(values(params));
    }), { numRuns: 30 });
  });

  it("Adam's first step moves every coordinate by lr·g/(|g| + eps) ≈ lr·sign(g)", () => {
    fc.assert(fc.property(problemArb, adamOptionsArb, (prob, options) => {
      const { rand, params } = setup(prob);
      const before = values(params);
      const grads = randomGrads(params, 1, rand);
      runSteps(new Adam(params, { ...options, maximize: false, amsgrad: false }), params, grads);
      values(params).forEach((v, i) => v.forEach((x, j) => {
        const g = (grads[0][i] as Tensor).data()[j];
        // |g| ≥ 1e-2 here, so eps = 1e-8 changes the step by at most lr·1e-6 relative
        expect(Math.abs(before[i][j] - x - options.lr * Math.sign(g))).toBeLessThanOrEqual(options.lr * 1e-6 + 1e-15);
      }));
    }), { numRuns: 30 });
  });
});

describe('scale invariance: Adam, AdamW, RMSprop, Adagrad ignore g → c·g (c > 0) up to eps', () => {
  const adaptive: [string, (params: Tensor[], lr: number) => Optimizer][] = [
    ['Adam', (params, lr) => new Adam(params, { lr, eps: 1e-12 })],
    ['AdamW', (params, lr) => new AdamW(params, { lr, eps: 1e-12 })],
    ['RMSprop', (params, lr) => new RMSprop(params, { lr, eps: 1e-12 })],
    ['Adagrad', (params, lr) => new Adagrad(params, { lr, eps: 1e-12 })],
  ];
  it.each(adaptive)('%s', (_name, make) => {
    fc.assert(fc.property(problemArb, lrArb, fc.double({ min: 1e-2, max: 100, noNaN: true }), (prob, lr, c) => {
      const { rand, params } = setup(prob);
      const scaled = copies(params);
      const grads = randomGrads(params, prob.steps, rand);
      runSteps(make(params, lr), params, grads);
      runSteps(make(scaled, lr), scaled, grads.map((step) => step.map((g) => (g as Tensor).mul(c))));
      // eps = 1e-12 against denominators ≥ ~1e-6 (|c·g| ≥ 1e-4): a relative effect of at most ~1e-6 per step
      values(params).forEach((v, i) => v.forEach((x, j) => expect(Math.abs(x - values(scaled)[i][j])).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(x)))));
    }), { numRuns: 20 });
  });
});

describe.each(entries.map((e) => [e.name, e] as const))('%s: invariants', (_name, entry: OptimizerEntry) => {
  const gridArb = fc.constantFrom(...entry.optionGrid);
  const quadraticFor = (seed: number) => convexQuadratic([[2, 2], [3]], seeded(seed));

  /** Runs `steps` steps on an optimizer: recorded gradients, or the quadratic's closure for LBFGS. */
  const train = (opt: Optimizer, params: Tensor[], steps: number, seed: number, rand: () => number) => {
    if (entry.needsClosure) {
      const closure = quadraticFor(seed).closure(params);
      for (let s = 0; s < steps; s++) opt.step(closure);
    } else {
      runSteps(opt, params, randomGrads(params, steps, rand, { dropRate: 0.15 }));
    }
  };

  it('stateDict round trip: save after k steps, load into a fresh optimizer over copies, continue → bit-identical', () => {
    fc.assert(fc.property(fc.integer(), gridArb, fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), (seed, options, k, n) => {
      const params = entry.needsClosure ? quadraticFor(seed).start() : setup({ seed, shapes: [[3, 2], [4]] }).params.map((p) => p.float());
      const opt = entry.make(params, options);
      train(opt, params, k, seed, seeded(seed + 1));
      const saved = structuredClone(opt.stateDict());
      const resumedParams = copies(params);
      const resumed = entry.make(resumedParams, options);
      resumed.loadStateDict(saved);
      // identical continuation: the same gradient stream for both
      train(opt, params, n, seed, seeded(seed + 2));
      train(resumed, resumedParams, n, seed, seeded(seed + 2));
      expect(values(resumedParams)).toEqual(values(params));
    }), { numRuns: 20 });
  });

  // Laws that do not apply to an optimizer (closure-driven LBFGS, no maximize option) are not registered.
  itWhen(!entry.needsClosure)('zeroGrad then step changes nothing (no gradient → no update, state untouched)', () => {
    fc.assert(fc.property(problemArb, gridArb, (prob, options) => {
      const { rand, params } = setup(prob);
      const opt = entry.make(params, options);
      runSteps(opt, params, randomGrads(params, prob.steps, rand));
      const before = values(params);
      const state = JSON.stringify(opt.stateDict(), (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float32Array) : v));
      opt.zeroGrad();
      opt.step();
      expect(values(params)).toEqual(before);
      expect(JSON.stringify(opt.stateDict(), (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float32Array) : v))).toBe(state);
    }), { numRuns: 20 });
  });

  itWhen(entry.supportsMaximize)('maximize: true with g ≡ minimizing with −g', () => {
    fc.assert(fc.property(problemArb, gridArb, (prob, options) => {
      const { rand, params } = setup(prob);
      const negated = copies(params);
      const grads = randomGrads(params, prob.steps, rand);
      runSteps(entry.make(params, { ...options, maximize: true }), params, grads);
      runSteps(entry.make(negated, { ...options, maximize: false }), negated, grads.map((s) => s.map((g) => (g as Tensor).neg())));
      expect(values(params)).toEqual(values(negated));
    }), { numRuns: 20 });
  });

  itWhen(!entry.needsClosure)('two param groups with different lr behave like two separate optimizers', () => {
    fc.assert(fc.property(problemArb, gridArb, lrArb, lrArb, (prob, options, lrA, lrB) => {
      const { rand, params } = setup({ ...prob, shapes: [[2, 3], [4], [3]] });
      const separate = copies(params);
      const grads = randomGrads(params, prob.steps, rand, { dropRate: 0.2 });
      const grouped = entry.make([{ params: [params[0], params[1]], lr: lrA }, { params: [params[2]], lr: lrB }], options);
      const optA = entry.make([separate[0], separate[1]], { ...options, lr: lrA });
      const optB = entry.make([separate[2]], { ...options, lr: lrB });
      for (const step of grads) {
        step.forEach((g, i) => {
          params[i].grad = g && g.clone();
          separate[i].grad = g && g.clone();
        });
        grouped.step();
        optA.step();
        optB.step();
      }
      expect(values(params)).toEqual(values(separate));
    }), { numRuns: 20 });
  });

  it(entry.needsClosure ? 'solves a random strictly convex quadratic to 1e-6' : 'cuts the loss of a random strictly convex quadratic 10× at a reasonable lr', () => {
    fc.assert(fc.property(fc.integer(), (seed) => {
      const problem = quadraticFor(seed);
      const params = problem.start();
      const initial = problem.loss(params);
      const opt = entry.make(params, entry.reasonable);
      const closure = problem.closure(params);
      for (let s = 0; s < entry.convergenceSteps; s++) {
        if (entry.needsClosure) opt.step(closure);
        else {
          closure();
          opt.step();
        }
      }
      const final = problem.loss(params);
      if (entry.needsClosure) expect(final).toBeLessThan(1e-6);
      else expect(final).toBeLessThan(initial / 10);
    }), { numRuns: 8 });
  });
});
