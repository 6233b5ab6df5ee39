import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { tensor, type Tensor } from '@gradstack/core';
import { Adam, AdamW, Lion, RMSprop, SGD, type Optimizer } from '@gradstack/optim';

/**
 * The fused one-pass kernels (backend adamStep/sgdStep/lionStep/rmspropStep) against the
 * readable tensor-op update of the same optimizer (`fused: false`), every option: Lion's kernel
 * rounds like the reference and must match bit for bit; the others compute each element in double
 * and must match to float32 rounding (a few ulps after several steps).
 */
type Make = ((params: Tensor[], fused: boolean) => Optimizer) & { options?: unknown };

const EXACT = new Set(['Lion']);

function expectSame(name: string, got: ArrayLike<number>, want: ArrayLike<number>): void {
  if (EXACT.has(name)) {
    expect(Array.from(got)).toEqual(Array.from(want));
    return;
  }
  // Relative to the O(1) terms that can cancel (momentum buffers, weight decay pulling p back), not only to the result.
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThanOrEqual(1e-5 * Math.abs(want[i]) + 4e-6);
}

/** A constructor that prints as its options, so counterexamples show them. */
function named(options: object, make: (ps: Tensor[], fused: boolean) => Optimizer): Make {
  return Object.assign(make, { [fc.toStringMethod]: () => JSON.stringify(options) });
}

const cases: [string, fc.Arbitrary<Make>][] = [
  ['SGD', fc.record({ lr: fc.double({ min: 1e-4, max: 0.5, noNaN: true }), momentum: fc.constantFrom(0, 0.9), dampening: fc.constantFrom(0, 0.3), weightDecay: fc.constantFrom(0, 0.01, 1), maximize: fc.boolean(), nesterov: fc.boolean() })
    .map((o) => ({ ...o, nesterov: o.nesterov && o.momentum > 0, dampening: o.nesterov ? 0 : o.dampening }))
    .map((o) => named(o, (ps, fused) => new SGD(ps, { ...o, fused })))],
  ['Adam', fc.record({ lr: fc.double({ min: 1e-4, max: 0.5, noNaN: true }), weightDecay: fc.constantFrom(0, 0.01, 1), amsgrad: fc.boolean(), maximize: fc.boolean(), b1: fc.constantFrom(0, 0.5, 0.9), b2: fc.constantFrom(0.9, 0.999) })
    .map((o) => named(o, (ps, fused) => new Adam(ps, { lr: o.lr, weightDecay: o.weightDecay, amsgrad: o.amsgrad, maximize: o.maximize, betas: [o.b1, o.b2], fused })))],
  ['AdamW', fc.record({ lr: fc.double({ min: 1e-4, max: 0.5, noNaN: true }), weightDecay: fc.constantFrom(0, 0.01, 0.1), amsgrad: fc.boolean(), maximize: fc.boolean() })
    .map((o) => named(o, (ps, fused) => new AdamW(ps, { ...o, fused })))],
  ['Lion', fc.record({ lr: fc.double({ min: 1e-5, max: 0.1, noNaN: true }), weightDecay: fc.constantFrom(0, 0.1), b1: fc.constantFrom(0, 0.9), b2: fc.constantFrom(0, 0.99) })
    .map((o) => named(o, (ps, fused) => new Lion(ps, { lr: o.lr, weightDecay: o.weightDecay, betas: [o.b1, o.b2], fused })))],
  ['RMSprop', fc.record({ lr: fc.double({ min: 1e-4, max: 0.1, noNaN: true }), momentum: fc.constantFrom(0, 0.9), centered: fc.boolean(), weightDecay: fc.constantFrom(0, 0.01, 1), maximize: fc.boolean() })
    .map((o) => named(o, (ps, fused) => new RMSprop(ps, { ...o, fused })))],
];

const values = (n: number) => fc.array(fc.float({ min: -3, max: 3, noNaN: true, noDefaultInfinity: true }), { minLength: n, maxLength: n });

describe.each(cases)('%s: fused kernel ≡ tensor-op reference', (name, makeArb) => {
  it('over several steps', () => {
    fc.assert(
      fc.property(makeArb, fc.integer({ min: 1, max: 40 }).chain((n) => fc.tuple(values(n), fc.array(values(n), { minLength: 1, maxLength: 5 }))), (make, [p0, grads]) => {
        const a = tensor(Float32Array.from(p0)).requiresGrad_();
        const b = tensor(Float32Array.from(p0)).requiresGrad_();
        const fusedOpt = make([a], true);
        const refOpt = make([b], false);
        for (const g of grads) {
          a.grad = tensor(Float32Array.from(g));
          b.grad = tensor(Float32Array.from(g));
          fusedOpt.step();
          refOpt.step();
          expectSame(name, a.data(), b.data());
        }
        const sa = fusedOpt.state.get(a)!;
        const sb = refOpt.state.get(b)!;
        expect(Object.keys(sa).sort()).toEqual(Object.keys(sb).sort());
        for (const k of Object.keys(sb)) {
          const x = sa[k];
          const y = sb[k];
          if (y && typeof y === 'object' && 'data' in y) expectSame(name, (x as Tensor).data(), (y as Tensor).data());
          else expect(x).toEqual(y);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('bumps the version counters of what it modifies', () => {
    const p = tensor([1, -2, 3]).requiresGrad_();
    const make = fc.sample(makeArb, { numRuns: 1, seed: 7 })[0];
    const opt = make([p], true);
    p.grad = tensor([0.5, 0.5, -0.5]);
    const before = p.version;
    opt.step();
    expect(p.version).toBeGreaterThan(before);
  });
});
