/**
 * Error behaviour over the registry: bad hyperparameters are RangeErrors naming the option (as
 * PyTorch's ValueErrors), structural misuse is rejected, a bad state dict changes nothing, and a
 * NaN/Inf gradient stays confined to its own parameter.
 */
import { tensor, Tensor } from '@gradstack/core';
import { describe, expect, it } from 'vitest';
import { LBFGS, SGD, type Optimizer, type OptimizerStateDict } from '../src/index.js';
import { allEntries, type OptimizerEntry } from './registry.js';
import { convexQuadratic, copies, randomGrads, randomTensor, runSteps, seeded, values } from './helpers.js';

const entries = await allEntries();
const byName = (entries: OptimizerEntry[]) => entries.map((e) => [e.name, e] as const);

const freshParams = (seed = 1): Tensor[] => {
  const rand = seeded(seed);
  return [randomTensor([3, 2], rand, { dtype: 'float32' }), randomTensor([4], rand, { dtype: 'float32' })];
};

describe.each(byName(entries))('%s: error inputs', (_name, entry) => {
  it.each(entry.errorInputs.map((e) => [e.option, JSON.stringify(e.options), e] as const))('%s = %s throws a RangeError naming the option', (_o, _v, input) => {
    let error: unknown;
    try {
      entry.make(freshParams(), input.options);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toContain(input.option);
  });

  it('the same option is validated in a param group override too', () => {
    const first = entry.errorInputs[0];
    const [a, b] = freshParams();
    if (entry.needsClosure) return expect(() => entry.make([{ params: [a] }, { params: [b] }])).toThrow(RangeError);
    expect(() => entry.make([{ params: [a] }, { params: [b], ...first.options }])).toThrow(first.option);
  });

  it('a parameter given twice (in one group or across groups) is rejected', () => {
    const [a, b] = freshParams();
    expect(() => entry.make([a, b, a])).toThrow(/duplicate|more than one/);
    if (!entry.needsClosure) expect(() => entry.make([{ params: [a, b] }, { params: [b] }])).toThrow(/more than one/);
  });
});

describe('structural errors', () => {
  it('Nesterov needs momentum > 0 and zero dampening', () => {
    expect(() => new SGD(freshParams(), { lr: 0.1, nesterov: true })).toThrow(/Nesterov.*momentum/);
    expect(() => new SGD(freshParams(), { lr: 0.1, nesterov: true, momentum: 0.9, dampening: 0.1 })).toThrow(/dampening/);
    expect(() => new SGD(freshParams(), { lr: 0.1, nesterov: true, momentum: 0.9 })).not.toThrow();
  });

  it('LBFGS has one param group and needs a closure', () => {
    const [a, b] = freshParams();
    const opt = new LBFGS([a]);
    expect(() => opt.addParamGroup({ params: [b] })).toThrow(/parameter groups/);
    expect(() => opt.step()).toThrow(/closure/);
  });
});

describe.each(byName(entries))('%s: loadStateDict validates before it changes anything', (_name, entry) => {
  const train = (opt: Optimizer, params: Tensor[], steps: number, seed: number) => {
    if (entry.needsClosure) {
      const closure = convexQuadratic(params.map((p) => p.shape), seeded(seed)).closure(params);
      for (let s = 0; s < steps; s++) opt.step(closure);
    } else {
      runSteps(opt, params, randomGrads(params, steps, seeded(seed)));
    }
  };
  const snapshot = (opt: Optimizer) => JSON.stringify(opt.stateDict(), (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float32Array) : v));

  it('wrong group sizes, wrong state shapes: throws, leaves the optimizer as it was, and training continues identically', () => {
    const params = freshParams();
    const twin = copies(params);
    const opt = entry.make(params, entry.optionGrid[0]);
    const reference = entry.make(twin, entry.optionGrid[0]);
    train(opt, params, 3, 7);
    train(reference, twin, 3, 7);
    const before = snapshot(opt);
    const good = structuredClone(opt.stateDict());

    const fewerParams: OptimizerStateDict = { ...structuredClone(good), paramGroups: good.paramGroups.map((g) => ({ ...g, params: (g.params as number[]).slice(1) })) };
    expect(() => opt.loadStateDict(fewerParams)).toThrow(/group sizes|groups' sizes/);
    expect(() => opt.loadStateDict({ ...structuredClone(good), paramGroups: [...good.paramGroups, ...good.paramGroups] })).toThrow(RangeError);

    // A state tensor with the wrong shape, placed after hyperparameters that would otherwise be committed.
    const badShape = structuredClone(good);
    badShape.paramGroups[0].lr = 123;
    const entryState = Object.values(badShape.state)[0];
    const tensorKey = Object.keys(entryState).find((k) => {
      const v = entryState[k];
      return typeof v === 'object' && v !== null && 'shape' in v;
    });
    if (tensorKey) {
      (entryState[tensorKey] as { shape: number[] }).shape = [7, 7, 7];
      (entryState[tensorKey] as { data: Float32Array }).data = new Float32Array(343);
      expect(() => opt.loadStateDict(badShape)).toThrow(/shape/);
    }
    expect(snapshot(opt)).toBe(before);
    expect(opt.paramGroups[0].lr).not.toBe(123);

    train(opt, params, 2, 8);
    train(reference, twin, 2, 8);
    expect(values(params)).toEqual(values(twin));
  });
});

describe.each(byName(entries.filter((e) => !e.needsClosure)))('%s: a NaN/Inf gradient stays in its own parameter', (_name, entry) => {
  it.each([Number.NaN, Number.POSITIVE_INFINITY])('bad value %s', (bad) => {
    const params = freshParams(3);
    const clean = copies(params);
    const opt = entry.make(params, entry.optionGrid[0]);
    const control = entry.make(clean, entry.optionGrid[0]);
    const grads = randomGrads(params, 3, seeded(5));
    // the second parameter's gradient carries one bad value on step 1
    const poisoned = grads.map((step, s) => step.map((g, i) => {
      if (s !== 1 || i !== 1 || g === null) return g;
      const data = Array.from(g.data());
      data[0] = bad;
      return tensor(data, { shape: g.shape });
    }));
    runSteps(opt, params, poisoned);
    runSteps(control, clean, grads);
    // parameter 0 is untouched by parameter 1's bad gradient (per-parameter update, no global reductions)
    expect(values([params[0]])).toEqual(values([clean[0]]));
    // parameter 1 is not silently repaired: the bad value shows in it or in its state, as in PyTorch (clip or skip before step())
    const stateNumbers = Object.values(opt.state.get(params[1]) ?? {}).flatMap((v) => (v instanceof Tensor ? Array.from(v.data()) : ArrayBuffer.isView(v) ? Array.from(v as Float32Array) : []));
    const p1 = values([params[1]])[0];
    const visible = p1.some((x, j) => !Number.isFinite(x) || x !== values([clean[1]])[0][j]) || stateNumbers.some((x) => !Number.isFinite(x));
    expect(visible).toBe(true);
  });
});
