/**
 * The fused optimizer kernels against the readable update: the same algorithm written as a chain
 * of cpu-backend primitives in PyTorch's operation order (shared/specs/optimizers.md), run for
 * several steps with fresh gradients, comparing the parameter and every state buffer.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import type { AdamOptions, LionOptions, RmspropOptions, SgdOptions } from '../../src/backend/gpu/index.js';
import { cpu, expectClose, gpu, randomData } from './helpers.js';

type F = Float32Array;
const N = 37;
const STEPS = 4;

/** Elementwise cpu primitives, each rounding to float32 like a tensor op would. */
const T = {
  add: (a: F, b: F): F => { const o = new Float32Array(a.length); cpu.binary('add', a, [a.length], b, [b.length], o, [a.length], 'float32'); return o; },
  sub: (a: F, b: F): F => { const o = new Float32Array(a.length); cpu.binary('sub', a, [a.length], b, [b.length], o, [a.length], 'float32'); return o; },
  div: (a: F, b: F): F => { const o = new Float32Array(a.length); cpu.binary('div', a, [a.length], b, [b.length], o, [a.length], 'float32'); return o; },
  max: (a: F, b: F): F => { const o = new Float32Array(a.length); cpu.binary('maximum', a, [a.length], b, [b.length], o, [a.length], 'float32'); return o; },
  mulS: (a: F, s: number): F => { const o = new Float32Array(a.length); cpu.binaryScalar('mul', a, s, false, o, a.length, 'float32'); return o; },
  addS: (a: F, s: number): F => { const o = new Float32Array(a.length); cpu.binaryScalar('add', a, s, false, o, a.length, 'float32'); return o; },
  divS: (a: F, s: number): F => { const o = new Float32Array(a.length); cpu.binaryScalar('div', a, s, false, o, a.length, 'float32'); return o; },
  un: (op: 'sqrt' | 'sign' | 'neg', a: F): F => { const o = new Float32Array(a.length); cpu.unary(op, a, o, a.length, 'float32'); return o; },
  lerp: (a: F, b: F, w: number): F => { const o = new Float32Array(a.length); cpu.ternary('lerp', a, [a.length], b, [b.length], Float32Array.of(w), [1], o, [a.length], 'float32', 0); return o; },
  addcmul: (a: F, b: F, c: F, v: number): F => { const o = new Float32Array(a.length); cpu.ternary('addcmul', a, [a.length], b, [b.length], c, [c.length], o, [a.length], 'float32', v); return o; },
  addcdiv: (a: F, b: F, c: F, v: number): F => { const o = new Float32Array(a.length); cpu.ternary('addcdiv', a, [a.length], b, [b.length], c, [c.length], o, [a.length], 'float32', v); return o; },
};

function refSgd(s: { p: F; buf: F }, g0: F, o: SgdOptions): void {
  let g = o.maximize ? T.un('neg', g0) : g0;
  if (o.weightDecay !== 0) g = T.add(g, T.mulS(s.p, o.weightDecay));
  if (o.momentum !== 0) {
    s.buf = o.firstStep ? g.slice() : T.add(T.mulS(s.buf, o.momentum), T.mulS(g, 1 - o.dampening));
    g = o.nesterov ? T.add(g, T.mulS(s.buf, o.momentum)) : s.buf;
  }
  s.p = T.sub(s.p, T.mulS(g, o.lr));
}

function refAdam(s: { p: F; m: F; v: F; vmax: F }, g0: F, o: AdamOptions): void {
  let g = o.maximize ? T.un('neg', g0) : g0;
  if (o.weightDecay !== 0) {
    if (o.decoupled) s.p = T.mulS(s.p, 1 - o.lr * o.weightDecay);
    else g = T.add(g, T.mulS(s.p, o.weightDecay));
  }
  s.m = T.lerp(s.m, g, 1 - o.beta1);
  s.v = T.addcmul(T.mulS(s.v, o.beta2), g, g, 1 - o.beta2);
  const bc1 = 1 - o.beta1 ** o.step;
  const bc2 = 1 - o.beta2 ** o.step;
  let denom: F;
  if (o.amsgrad) {
    s.vmax = T.max(s.vmax, s.v);
    denom = T.addS(T.divS(T.un('sqrt', s.vmax), Math.sqrt(bc2)), o.eps);
  } else {
    denom = T.addS(T.divS(T.un('sqrt', s.v), Math.sqrt(bc2)), o.eps);
  }
  s.p = T.addcdiv(s.p, s.m, denom, -(o.lr / bc1));
}

function refLion(s: { p: F; m: F }, g0: F, o: LionOptions): void {
  const g = o.maximize ? T.un('neg', g0) : g0;
  if (o.weightDecay !== 0) s.p = T.mulS(s.p, 1 - o.lr * o.weightDecay);
  const u = T.add(T.mulS(s.m, o.beta1), T.mulS(g, 1 - o.beta1));
  s.p = T.sub(s.p, T.mulS(T.un('sign', u), o.lr));
  s.m = T.add(T.mulS(s.m, o.beta2), T.mulS(g, 1 - o.beta2));
}

function refRmsprop(s: { p: F; sq: F; buf: F; gavg: F }, g0: F, o: RmspropOptions): void {
  let g = o.maximize ? T.un('neg', g0) : g0;
  if (o.weightDecay !== 0) g = T.add(g, T.mulS(s.p, o.weightDecay));
  s.sq = T.addcmul(T.mulS(s.sq, o.alpha), g, g, 1 - o.alpha);
  let avg: F;
  if (o.centered) {
    s.gavg = T.lerp(s.gavg, g, 1 - o.alpha);
    avg = T.un('sqrt', T.addcmul(s.sq, s.gavg, s.gavg, -1));
  } else {
    avg = T.un('sqrt', s.sq);
  }
  avg = T.addS(avg, o.eps);
  if (o.momentum > 0) {
    s.buf = T.addcdiv(T.mulS(s.buf, o.momentum), g, avg, 1);
    s.p = T.sub(s.p, T.mulS(s.buf, o.lr));
  } else {
    s.p = T.addcdiv(s.p, g, avg, -o.lr);
  }
}

/** Runs `steps` updates on both sides and compares every named buffer after each. */
function compare(names: string[], seed: number, step: (ref: Record<string, F>, dev: Record<string, unknown>, g: F, t: number) => void, label: string): void {
  const g = gpu();
  const ref: Record<string, F> = {};
  const dev: Record<string, unknown> = {};
  names.forEach((n, i) => {
    // Second-moment buffers start non-negative, as they are.
    const init = n === 'p' ? randomData(N, seed + i) : ['v', 'vmax', 'sq'].includes(n) ? randomData(N, seed + i, { lo: 0, hi: 0.1 }) : randomData(N, seed + i, { lo: -0.1, hi: 0.1 });
    ref[n] = init.slice();
    dev[n] = g.fromTyped(init.slice());
  });
  for (let t = 1; t <= STEPS; t++) {
    const grad = randomData(N, seed * 31 + t, { lo: -2, hi: 2 });
    step(ref, dev, grad, t);
    for (const n of names) expectClose(g.read(dev[n], 'float32', N) as F, ref[n], 1e-5, 1e-6, `${label} step ${t}: ${n}`);
  }
}

describe(`fused optimizer kernels (mode ${gpu().mode})`, () => {
  it('SGD (momentum, dampening, nesterov, weight decay, maximize) equals the primitive-op update', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean(), fc.integer(), (mom, nesterov, wd, maximize, seed) => {
        const base = { lr: 0.05, momentum: mom ? 0.9 : 0, dampening: mom && !nesterov ? 0.1 : 0, weightDecay: wd ? 0.01 : 0, nesterov: mom && nesterov, maximize };
        compare(['p', 'buf'], seed, (ref, dev, grad, t) => {
          const o = { ...base, firstStep: t === 1 };
          refSgd(ref as { p: F; buf: F }, grad, o);
          gpu().sgdStep(dev.p, gpu().fromTyped(grad), o.momentum ? dev.buf : null, N, o);
        }, `sgd ${JSON.stringify(base)}`);
      }),
      { numRuns: 12 },
    );
  });

  it('Adam / AdamW (amsgrad, maximize, weight decay) equals the primitive-op update', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean(), fc.integer(), (decoupled, amsgrad, wd, maximize, seed) => {
        const base = { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: wd ? 0.05 : 0, decoupled, amsgrad, maximize };
        compare(['p', 'm', 'v', 'vmax'], seed, (ref, dev, grad, t) => {
          const o = { ...base, step: t };
          refAdam(ref as { p: F; m: F; v: F; vmax: F }, grad, o);
          gpu().adamStep(dev.p, gpu().fromTyped(grad), dev.m, dev.v, amsgrad ? dev.vmax : null, N, o);
        }, `adam ${JSON.stringify(base)}`);
      }),
      { numRuns: 12 },
    );
  });

  it('Lion equals the primitive-op update', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.boolean(), fc.integer(), (wd, maximize, seed) => {
        const o = { lr: 0.001, beta1: 0.9, beta2: 0.99, weightDecay: wd ? 0.1 : 0, maximize };
        compare(['p', 'm'], seed, (ref, dev, grad) => {
          refLion(ref as { p: F; m: F }, grad, o);
          gpu().lionStep(dev.p, gpu().fromTyped(grad), dev.m, N, o);
        }, `lion ${JSON.stringify(o)}`);
      }),
      { numRuns: 8 },
    );
  });

  it('RMSprop (centered, momentum, weight decay, maximize) equals the primitive-op update', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean(), fc.integer(), (centered, mom, wd, maximize, seed) => {
        const o = { lr: 0.01, alpha: 0.99, eps: 1e-8, weightDecay: wd ? 0.01 : 0, momentum: mom ? 0.9 : 0, centered, maximize };
        compare(['p', 'sq', 'buf', 'gavg'], seed, (ref, dev, grad) => {
          refRmsprop(ref as { p: F; sq: F; buf: F; gavg: F }, grad, o);
          gpu().rmspropStep(dev.p, gpu().fromTyped(grad), dev.sq, mom ? dev.buf : null, centered ? dev.gavg : null, N, o);
        }, `rmsprop ${JSON.stringify(o)}`);
      }),
      { numRuns: 12 },
    );
  });
});
