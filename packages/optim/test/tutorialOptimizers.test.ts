/**
 * The tutorial optimizers against their authors' updates written out by hand (float64, a few
 * steps), plus the laws each one is known for: Lion's fixed-size sign step, LAMB's trust ratio,
 * LARS's adaptive lr, Hutchinson's unbiased diagonal, SophiaG's convergence with GNB/Hutchinson
 * curvature, Adam8bit's quantization error and memory, GaLore's projected AdamW and O(rank) state.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { Generator, linalg, tensor, type Tensor } from '@gradstack/core';
import { describe, expect, it } from 'vitest';
import {
  Adam, Adam8bit, createDynamicMap, dequantizeBlockwise, GaLoreAdamW, gnbLoss, hutchinsonHessianDiag, LAMB, LARS, Lion,
  quantizeBlockwise, sampleLabels, SIGNED_MAP, SophiaG, UNSIGNED_MAP,
} from '../src/index.js';
import { copies, randomGrads, randomTensor, runSteps, seeded, values } from './helpers.js';

const seedArb = fc.integer();
const norm = (a: readonly number[]) => Math.sqrt(a.reduce((s, x) => s + x * x, 0));
const close = (got: readonly number[], want: readonly number[], tol: number) =>
  got.forEach((x, i) => expect(Math.abs(x - want[i]), `index ${i}: ${x} vs ${want[i]}`).toBeLessThanOrEqual(tol * (1 + Math.abs(want[i]))));

describe('Lion', () => {
  it('matches the authors’ update by hand: decay, sign(β1·m + (1−β1)·g), then m ← β2·m + (1−β2)·g', () => {
    fc.assert(fc.property(seedArb, fc.double({ min: 1e-3, max: 0.1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (seed, lr, wd) => {
      const rand = seeded(seed);
      const p = randomTensor([3, 2], rand);
      const grads = randomGrads([p], 4, rand);
      let x = Array.from(p.data());
      let m = x.map(() => 0);
      const [b1, b2] = [0.9, 0.99];
      for (const [g] of grads) {
        const gv = Array.from((g as Tensor).data());
        x = x.map((xi, i) => xi * (1 - lr * wd) - lr * Math.sign(b1 * m[i] + (1 - b1) * gv[i]));
        m = m.map((mi, i) => b2 * mi + (1 - b2) * gv[i]);
      }
      const opt = new Lion([p], { lr, weightDecay: wd });
      runSteps(opt, [p], grads);
      close(Array.from(p.data()), x, 1e-12);
      close(Array.from((opt.state.get(p)!.exp_avg as Tensor).data()), m, 1e-12);
    }), { numRuns: 25 });
  });

  it('moves every coordinate by exactly lr (after the decay shrink)', () => {
    fc.assert(fc.property(seedArb, fc.double({ min: 1e-3, max: 0.1, noNaN: true }), fc.double({ min: 0, max: 0.5, noNaN: true }), (seed, lr, wd) => {
      const rand = seeded(seed);
      const p = randomTensor([4, 3], rand);
      const opt = new Lion([p], { lr, weightDecay: wd });
      for (const [g] of randomGrads([p], 3, rand)) {
        const shrunk = Array.from(p.data()).map((x) => x * (1 - lr * wd));
        p.grad = g;
        opt.step();
        Array.from(p.data()).forEach((x, i) => expect(Math.abs(Math.abs(x - shrunk[i]) - lr)).toBeLessThan(1e-12));
      }
    }), { numRuns: 25 });
  });
});

describe('LAMB', () => {
  it('matches torch-optimizer’s Lamb by hand (weight decay inside the ratio, clamp, debias)', () => {
    fc.assert(fc.property(seedArb, fc.boolean(), fc.constantFrom(0, 0.1), fc.constantFrom(10, 0.5), (seed, debias, wd, clampValue) => {
      const rand = seeded(seed);
      const p = randomTensor([2, 3], rand);
      const grads = randomGrads([p], 4, rand);
      const [b1, b2, eps, lr] = [0.9, 0.999, 1e-6, 0.01];
      let x = Array.from(p.data());
      let m = x.map(() => 0);
      let v = x.map(() => 0);
      let trust = 0;
      grads.forEach(([g], s) => {
        const t = s + 1;
        const gv = Array.from((g as Tensor).data());
        m = m.map((mi, i) => b1 * mi + (1 - b1) * gv[i]);
        v = v.map((vi, i) => b2 * vi + (1 - b2) * gv[i] ** 2);
        const stepSize = lr * (debias ? Math.sqrt(1 - b2 ** t) / (1 - b1 ** t) : 1);
        const r = m.map((mi, i) => mi / (Math.sqrt(v[i]) + eps) + wd * x[i]);
        trust = Math.min(norm(x), clampValue) / norm(r);
        x = x.map((xi, i) => xi - stepSize * trust * r[i]);
      });
      const opt = new LAMB([p], { lr, weightDecay: wd, clampValue, debias });
      runSteps(opt, [p], grads);
      close(Array.from(p.data()), x, 1e-12);
      expect(opt.state.get(p)!.trust_ratio as number).toBeCloseTo(trust, 10);
    }), { numRuns: 25 });
  });

  it('trust ratio: the step norm is lr·min(‖p‖, clampValue) whatever the gradient scale', () => {
    fc.assert(fc.property(seedArb, fc.double({ min: 1e-3, max: 1e3, noNaN: true }), fc.constantFrom(10, 0.3), (seed, gScale, clampValue) => {
      const rand = seeded(seed);
      const p = randomTensor([5], rand, { scale: 3 });
      const before = Array.from(p.data());
      const opt = new LAMB([p], { lr: 0.01, clampValue });
      runSteps(opt, [p], randomGrads([p], 1, rand, { scale: gScale }));
      const step = Array.from(p.data()).map((x, i) => x - before[i]);
      expect(norm(step)).toBeCloseTo(0.01 * Math.min(norm(before), clampValue), 10);
      // adam: true turns the ratio off (it is still recorded).
      const q = randomTensor([5], rand);
      const adam = new LAMB([q], { lr: 0.01, adam: true });
      runSteps(adam, [q], randomGrads([q], 1, rand));
      expect(adam.state.get(q)!.trust_ratio).toBeGreaterThan(0);
    }), { numRuns: 25 });
  });
});

describe('LARS', () => {
  it('matches timm’s Lars by hand (trust ratio, LARC clip, momentum, nesterov)', () => {
    fc.assert(fc.property(seedArb, fc.boolean(), fc.boolean(), (seed, trustClip, nesterov) => {
      const rand = seeded(seed);
      const p = randomTensor([3, 3], rand);
      const grads = randomGrads([p], 4, rand);
      const [lr, mu, wd, eta, eps] = [0.5, 0.9, 0.05, 0.02, 1e-8];
      let x = Array.from(p.data());
      let buf: number[] | null = null;
      for (const [g] of grads) {
        let gv = Array.from((g as Tensor).data());
        let trust = (eta * norm(x)) / (norm(gv) + norm(x) * wd + eps);
        if (trustClip) trust = Math.min(trust / lr, 1);
        gv = gv.map((gi, i) => (gi + wd * x[i]) * trust);
        buf = buf === null ? [...gv] : buf.map((b, i) => mu * b + gv[i]);
        const b = buf;
        const d = nesterov ? gv.map((gi, i) => gi + mu * b[i]) : b;
        x = x.map((xi, i) => xi - lr * d[i]);
      }
      runSteps(new LARS([p], { lr, momentum: mu, weightDecay: wd, trustCoeff: eta, trustClip, nesterov }), [p], grads);
      close(Array.from(p.data()), x, 1e-12);
    }), { numRuns: 25 });
  });

  it('adaptive lr: one step moves p by at most lr·trustCoeff·‖p‖; without decay it is plain SGD', () => {
    fc.assert(fc.property(seedArb, fc.double({ min: 1e-3, max: 1e3, noNaN: true }), fc.double({ min: 1e-4, max: 0.5, noNaN: true }), (seed, gScale, wd) => {
      const rand = seeded(seed);
      const p = randomTensor([6], rand);
      const before = Array.from(p.data());
      const grads = randomGrads([p], 1, rand, { scale: gScale });
      runSteps(new LARS([p], { lr: 0.1, weightDecay: wd }), [p], grads);
      const step = Array.from(p.data()).map((x, i) => x - before[i]);
      expect(norm(step)).toBeLessThanOrEqual(0.1 * 0.001 * norm(before) * (1 + 1e-9));
      const q = randomTensor([6], rand);
      const q0 = Array.from(q.data());
      const g = randomGrads([q], 1, rand);
      runSteps(new LARS([q], { lr: 0.1 }), [q], g);
      close(Array.from(q.data()), q0.map((x, i) => x - 0.1 * (g[0][0] as Tensor).data()[i]), 1e-15);
    }), { numRuns: 25 });
  });
});

/** f(x) = ½·xᵀAx with x of shape [1, n]; returns the loss tensor. */
const quadraticForm = (x: Tensor, A: Tensor) => x.matmul(A).mul(x).sum().mul(0.5);

function symmetric(n: number, rand: () => number, diagonalOnly = false): { A: Tensor; a: number[] } {
  const a = new Array<number>(n * n).fill(0);
  for (let i = 0; i < n; i++) {
    a[i * n + i] = 1 + rand() * 4;
    if (!diagonalOnly) for (let j = 0; j < i; j++) a[i * n + j] = a[j * n + i] = rand() - 0.5;
  }
  return { A: tensor(a, { shape: [n, n], dtype: 'float64' }), a };
}

describe('Hutchinson Hessian diagonal', () => {
  it('is exact for a diagonal Hessian with any probe (u⊙(Hu) = u²·h = h)', () => {
    const rand = seeded(1);
    const { A, a } = symmetric(5, rand, true);
    const x = randomTensor([1, 5], rand).requiresGrad_();
    const [d] = hutchinsonHessianDiag(quadraticForm(x, A), [x], { generator: new Generator(7) });
    close(Array.from(d.data()), [0, 1, 2, 3, 4].map((i) => a[i * 5 + i]), 1e-12);
  });

  it('converges to the true diagonal of a dense quadratic form as samples grow', () => {
    const rand = seeded(2);
    const n = 6;
    const { A, a } = symmetric(n, rand);
    const x = randomTensor([1, n], rand).requiresGrad_();
    const truth = Array.from({ length: n }, (_, i) => a[i * n + i]);
    const err = (samples: number) => {
      const [d] = hutchinsonHessianDiag(quadraticForm(x, A), [x], { samples, generator: new Generator(3) });
      return norm(Array.from(d.data()).map((v, i) => v - truth[i]));
    };
    const few = err(4);
    const many = err(1500);
    expect(many).toBeLessThan(0.1);
    expect(many).toBeLessThan(few);
    expect(x.grad).toBeNull();
  });
});

describe('SophiaG', () => {
  it('matches the authors’ step and GNB updateHessian by hand', () => {
    fc.assert(fc.property(seedArb, fc.boolean(), (seed, maximize) => {
      const rand = seeded(seed);
      const p = randomTensor([2, 3], rand);
      const grads = randomGrads([p], 5, rand);
      const hess = randomGrads([p], 5, rand);
      const [lr, b1, b2, rho, wd, bs] = [0.01, 0.965, 0.99, 0.04, 0.1, 4];
      let x = Array.from(p.data());
      let m = x.map(() => 0);
      let h = x.map(() => 0);
      const opt = new SophiaG([p], { lr, rho, weightDecay: wd, maximize });
      grads.forEach(([g], s) => {
        const gv = Array.from((g as Tensor).data()).map((v) => (maximize ? -v : v));
        x = x.map((xi) => xi * (1 - lr * wd));
        m = m.map((mi, i) => b1 * mi + (1 - b1) * gv[i]);
        x = x.map((xi, i) => xi - lr * Math.sign(m[i]) * Math.min(Math.abs(m[i]) / (rho * bs * h[i] + 1e-15), 1));
        p.grad = (g as Tensor).clone();
        opt.step(undefined, { bs });
        if (s % 2 === 1) {
          const hv = Array.from((hess[s][0] as Tensor).data());
          h = h.map((hi, i) => b2 * hi + (1 - b2) * hv[i] ** 2);
          p.grad = (hess[s][0] as Tensor).clone();
          opt.updateHessian();
        }
      });
      close(Array.from(p.data()), x, 1e-12);
      close(Array.from((opt.state.get(p)!.hessian as Tensor).data()), h, 1e-12);
    }), { numRuns: 25 });
  });

  it('Sophia-H: converges on an ill-conditioned convex quadratic with Hutchinson curvature every 5 steps', () => {
    const rand = seeded(3);
    const n = 6;
    const a = new Array<number>(n * n).fill(0);
    for (let i = 0; i < n; i++) a[i * n + i] = 10 ** (i / 2); // condition number 10^2.5
    const A = tensor(a, { shape: [n, n], dtype: 'float64' });
    const x = randomTensor([1, n], rand).requiresGrad_();
    const opt = new SophiaG([x], { lr: 0.05, rho: 1, weightDecay: 0, betas: [0.9, 0.9] });
    const loss0 = quadraticForm(x, A).item();
    const generator = new Generator(11);
    for (let s = 0; s < 300; s++) {
      const loss = quadraticForm(x, A);
      if (s % 5 === 0) opt.updateHessian(hutchinsonHessianDiag(loss, [x], { generator }));
      opt.zeroGrad();
      loss.backward();
      opt.step(undefined, { bs: 1 });
    }
    expect(quadraticForm(x, A).item()).toBeLessThan(loss0 * 1e-4);
  });

  it('GNB: labels are sampled from the softmax; the sampled-label gradient has mean 0 and feeds updateHessian', () => {
    const logits = tensor([[2, 0, -1], [0, 0, 0]], { dtype: 'float64' });
    const counts = [[0, 0, 0], [0, 0, 0]];
    const generator = new Generator(5);
    const draws = 3000;
    for (let s = 0; s < draws; s++) Array.from(sampleLabels(logits, generator).data()).forEach((y, r) => counts[r][y]++);
    const z = Math.exp(2) + 1 + Math.exp(-1);
    [[Math.exp(2) / z, 1 / z, Math.exp(-1) / z], [1 / 3, 1 / 3, 1 / 3]].forEach((probs, r) =>
      probs.forEach((q, c) => expect(Math.abs(counts[r][c] / draws - q)).toBeLessThan(0.03)));

    // E over ŷ ~ softmax of ∇_logits CE(logits, ŷ) = softmax − E[onehot] = 0 (the Bartlett identity).
    const w = tensor([[0.5, -0.3, 0.1], [0.2, 0.4, -0.6]], { dtype: 'float64', requiresGrad: true });
    const input = tensor([[1, 2], [-1, 0.5], [0.3, -2]], { dtype: 'float64' });
    const mean = new Float64Array(6);
    const opt = new SophiaG([w], { betas: [0.965, 0.5] });
    for (let s = 0; s < 400; s++) {
      w.grad = null;
      gnbLoss(input.matmul(w), { generator }).backward();
      (w.grad as unknown as Tensor).data().forEach((g, i) => (mean[i] += g / 400));
      if (s === 0) {
        const g0 = Array.from((w.grad as unknown as Tensor).data());
        opt.updateHessian();
        close(Array.from((opt.state.get(w)!.hessian as Tensor).data()), g0.map((g) => 0.5 * g * g), 1e-12);
      }
    }
    mean.forEach((g) => expect(Math.abs(g)).toBeLessThan(0.06));
  });
});

describe('Adam8bit', () => {
  it('dynamic maps equal the fixture’s create_dynamic_map(signed, 7, 8) values', () => {
    const fixture = JSON.parse(readFileSync(new URL('./golden/adam8bit.json', import.meta.url), 'utf8')) as { quantizationMaps: { signed: number[]; unsigned: number[] } };
    close(Array.from(SIGNED_MAP), fixture.quantizationMaps.signed, 1e-8);
    close(Array.from(UNSIGNED_MAP), fixture.quantizationMaps.unsigned, 1e-8);
    expect(SIGNED_MAP[127]).toBe(0);
    expect(SIGNED_MAP[255]).toBe(1);
    expect(UNSIGNED_MAP[0]).toBe(0);
    expect(createDynamicMap(true)).toEqual(SIGNED_MAP);
  });

  it('blockwise quantize → dequantize: each element lands within half its code gap × the block absmax', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 1, maxLength: 700 }), fc.boolean(), (xs, signed) => {
      const vals = signed ? xs : xs.map(Math.abs);
      const code = signed ? SIGNED_MAP : UNSIGNED_MAP;
      const q = quantizeBlockwise(Float32Array.from(vals), code, signed);
      const back = dequantizeBlockwise(q, code);
      expect(q.absmax.length).toBe(Math.ceil(vals.length / 256));
      vals.forEach((x, i) => {
        const amax = q.absmax[Math.floor(i / 256)];
        const xn = Math.fround(x) / amax;
        let hi = code.findIndex((c) => c >= xn);
        if (hi <= 0) hi = Math.max(hi, 1);
        const gap = code[hi] - code[hi - 1];
        // The signed map is asymmetric (its lowest code is −0.99297, not −1, as in bitsandbytes):
        // a value below it is off by its distance to that end code, not by half a gap.
        const outside = Number.isNaN(xn) ? 0 : Math.max(code[0] - xn, xn - code[code.length - 1], 0); // NaN: an all-zero block
        expect(Math.abs(back[i] - Math.fround(x))).toBeLessThanOrEqual(Math.max(gap / 2, outside) * amax * (1 + 1e-5) + 1e-30);
      });
    }), { numRuns: 40 });
  });

  it('the 32-bit path (small tensors) is Adam: eps·sqrt(1 − β2ᵗ) in the kernel ≡ torch’s eps after the correction', () => {
    const rand = seeded(4);
    const p = randomTensor([3, 4], rand, { dtype: 'float32' });
    const q = copies([p])[0];
    const grads = randomGrads([p], 6, rand);
    runSteps(new Adam8bit([p], { lr: 0.01 }), [p], grads);
    runSteps(new Adam([q], { lr: 0.01 }), [q], grads);
    close(values([p])[0], values([q])[0], 2e-6);
  });

  it('tracks fp32 Adam on a quadratic within quantization error, with ~2 bytes of state per parameter', () => {
    const rand = seeded(5);
    const n = 4096 + 300; // 17 full blocks and a partial one
    const target = Array.from({ length: n }, () => rand() * 2 - 1);
    const curv = Array.from({ length: n }, () => 0.5 + rand());
    const start = randomTensor([n], rand, { dtype: 'float32' });
    const p8 = start.clone();
    const p32 = start.clone();
    const opt8 = new Adam8bit([p8], { lr: 0.01 });
    const opt32 = new Adam([p32], { lr: 0.01 });
    const gradOf = (p: Tensor) => tensor(Array.from(p.data()).map((x, i) => curv[i] * (x - target[i])), { dtype: 'float32' });
    const loss = (p: Tensor) => Array.from(p.data()).reduce((s, x, i) => s + 0.5 * curv[i] * (x - target[i]) ** 2, 0);
    const loss0 = loss(start);
    for (let s = 0; s < 60; s++) {
      p8.grad = gradOf(p8);
      p32.grad = gradOf(p32);
      opt8.step();
      opt32.step();
    }
    const moved = norm(Array.from(p32.data()).map((x, i) => x - start.data()[i]));
    const gap = norm(Array.from(p8.data()).map((x, i) => x - p32.data()[i]));
    // v's codes are a few % apart (relative) in its low decades, so updates differ by ~√ of that.
    expect(gap).toBeLessThan(0.05 * moved);
    expect(loss(p8)).toBeLessThan(loss0 / 2);
    expect(opt8.stateBytes()).toBe(2 * n + 2 * 4 * Math.ceil(n / 256));
    expect(opt32.stateBytes()).toBe(8 * n);
  });
});

describe('GaLoreAdamW', () => {
  /** HF AdamW (eps on the raw sqrt, decay after) on a plain array, for the projected comparison. */
  function hfAdamW(x: number[], grads: number[][], lr: number, eps: number, [b1, b2]: [number, number]) {
    let m = x.map(() => 0);
    let v = x.map(() => 0);
    grads.forEach((g, s) => {
      const t = s + 1;
      m = m.map((mi, i) => b1 * mi + (1 - b1) * g[i]);
      v = v.map((vi, i) => b2 * vi + (1 - b2) * g[i] ** 2);
      const stepSize = (lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
      x = x.map((xi, i) => xi - (stepSize * m[i]) / (Math.sqrt(v[i]) + eps));
    });
    return x;
  }

  it('rank = full with a fixed projector is AdamW on the rotated gradient g·Bᵀ, rotated back', () => {
    fc.assert(fc.property(seedArb, (seed) => {
      const rand = seeded(seed);
      const p = randomTensor([5, 3], rand); // tall → right projection, B = Vh (3×3, orthogonal)
      const grads = randomGrads([p], 4, rand);
      const B = linalg.svd(grads[0][0] as Tensor).Vh;
      const lowGrads = grads.map(([g]) => Array.from((g as Tensor).matmul(B.t()).data()));
      const q0 = Array.from(p.matmul(B.t()).data());
      const q = hfAdamW(q0, lowGrads, 0.01, 1e-6, [0.9, 0.999]);
      const expected = tensor(q.map((x, i) => x - q0[i]), { shape: [5, 3], dtype: 'float64' }).matmul(B).add(p);
      const opt = new GaLoreAdamW([p], { lr: 0.01, rank: 3, updateProjGap: 1000 });
      runSteps(opt, [p], grads);
      close(Array.from(p.data()), Array.from(expected.data()), 1e-10);
    }), { numRuns: 20 });
  });

  it('each update has rank ≤ rank and the state is O(rank): (m + n)·r-sized, not m·n', () => {
    fc.assert(fc.property(seedArb, fc.integer({ min: 1, max: 3 }), fc.constantFrom('std', 'reverse_std', 'left', 'right', 'full'), (seed, rank, projType) => {
      const rand = seeded(seed);
      const [rows, cols] = [8, 6];
      const p = randomTensor([rows, cols], rand);
      const opt = new GaLoreAdamW([p], { lr: 0.01, rank, updateProjGap: 2, projType: projType as 'std' });
      for (const [g] of randomGrads([p], 5, rand)) {
        const before = p.clone();
        p.grad = g;
        opt.step();
        const S = Array.from(linalg.svd(p.sub(before)).S.data());
        S.slice(rank).forEach((s) => expect(s).toBeLessThan(1e-12 * (1 + S[0])));
      }
      const side = projType === 'std' ? 'right' : projType === 'reverse_std' ? 'left' : projType;
      const moments = side === 'right' ? rows * rank : side === 'left' ? rank * cols : rank * rank;
      const ortho = side === 'right' ? rank * cols : side === 'left' ? rows * rank : rows * rank + rank * cols;
      expect(opt.stateBytes()).toBe(8 * (2 * moments + ortho));
      expect(opt.stateBytes()).toBeLessThan(8 * 2 * rows * cols);
    }), { numRuns: 25 });
  });

  it('resumes from a state dict bit-identically across projector refreshes (incl. the [A, B] pair of "full")', () => {
    for (const projType of ['std', 'full'] as const) {
      const rand = seeded(9);
      const p = randomTensor([4, 6], rand);
      const opt = new GaLoreAdamW([p], { lr: 0.01, rank: 2, updateProjGap: 3, projType });
      runSteps(opt, [p], randomGrads([p], 4, rand));
      const q = copies([p]);
      const resumed = new GaLoreAdamW(q, { lr: 0.01, rank: 2, updateProjGap: 3, projType });
      resumed.loadStateDict(structuredClone(opt.stateDict()));
      const more = randomGrads([p], 4, rand);
      runSteps(opt, [p], more);
      runSteps(resumed, q, more);
      expect(values(q)).toEqual(values([p]));
    }
  });

  it('rejects non-matrices in a GaLore group and mismatched low-rank state', () => {
    expect(() => new GaLoreAdamW([tensor([1, 2, 3])], { rank: 1 })).toThrow(/only 2-D/);
    const p = tensor([[1, 2], [3, 4], [5, 6]]);
    const opt = new GaLoreAdamW([p], { rank: 1 });
    p.grad = tensor([[1, 0], [0, 1], [1, 1]]);
    opt.step();
    const other = new GaLoreAdamW([p.clone()], { rank: 2 });
    expect(() => other.loadStateDict(opt.stateDict())).toThrow(/exp_avg|ortho_matrix/);
  });
});
