/**
 * Second order: Hessian-vector products (autograd.grad twice, createGraph) against analytic
 * Hessians, and double-backward of many ops checked by finite differences of their gradient.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addcdiv, autograd, enableGrad, lerp, tensor, where, type Tensor } from '@gradstack/core';
import { assertProperty, checkGrad, expectClose, f64, seedArb, values, type ValueOptions } from './arbitraries.js';
import { setBackend } from '@gradstack/core';

// float64 gradchecks are cpu-only (the gpu backend computes in float32): this file pins the cpu
// backend even under GRADSTACK_BACKEND=gpu:<mode>. test/gpu/autograd-parity.test.ts checks gpu
// gradients against cpu ones instead.
setBackend('cpu');

/** H·v by double backward: grad(⟨∇f(x), v⟩, x). */
function hvp(f: (x: Tensor) => Tensor, x: Tensor, v: Tensor): Float64Array {
  const [g] = autograd.grad(f(x), [x], { createGraph: true });
  expect(g!.requiresGrad).toBe(true);
  const [hv] = autograd.grad(g!.mul(v).sum(), [x]);
  return hv!.data() as Float64Array;
}

const nArb = fc.integer({ min: 1, max: 6 });

describe('Hessian-vector products against analytic Hessians', () => {
  it('quadratic form ½xᵀAx + bᵀx: H = (A + Aᵀ)/2', () => {
    assertProperty(nArb, seedArb, (n, seed) => {
      const A = values(n * n, seed);
      const b = tensor(values(n, seed + 1));
      const At = tensor(A, { shape: [n, n] });
      const x = f64([n], seed + 2);
      const v = values(n, seed + 3);
      const f = (t: Tensor) => t.matmul(At).dot(t).mul(0.5).add(b.dot(t));
      const want = Array.from({ length: n }, (_, i) => {
        let s = 0;
        for (let j = 0; j < n; j++) s += 0.5 * (A[i * n + j] + A[j * n + i]) * v[j];
        return s;
      });
      expectClose(hvp(f, x, tensor(v)), want, 1e-12, 1e-10, 'Hv');
    });
  });
  it('sum(softplus(x)): H = diag(σ(x)(1 − σ(x)))', () => {
    assertProperty(nArb, seedArb, (n, seed) => {
      const xs = values(n, seed, { lo: -4, hi: 4 });
      const v = values(n, seed + 1);
      const sig = (z: number) => 1 / (1 + Math.exp(-z));
      const want = Array.from(xs, (z, i) => sig(z) * (1 - sig(z)) * v[i]);
      expectClose(hvp((t) => t.softplus().sum(), tensor(xs, { requiresGrad: true }), tensor(v)), want, 1e-12, 1e-10, 'Hv');
    });
  });
  it('logsumexp(x): H = diag(p) − ppᵀ with p = softmax(x)', () => {
    assertProperty(nArb, seedArb, (n, seed) => {
      const xs = values(n, seed, { lo: -3, hi: 3 });
      const v = values(n, seed + 1);
      const m = Math.max(...xs);
      const e = Array.from(xs, (z) => Math.exp(z - m));
      const z = e.reduce((a, b) => a + b, 0);
      const p = e.map((q) => q / z);
      const pv = p.reduce((acc, q, i) => acc + q * v[i], 0);
      const want = p.map((q, i) => q * v[i] - q * pv);
      expectClose(hvp((t) => t.logsumexp(), tensor(xs, { requiresGrad: true }), tensor(v)), want, 1e-12, 1e-9, 'Hv');
    });
  });
  it('‖x‖₂: H = (I − uuᵀ)/‖x‖ with u = x/‖x‖', () => {
    assertProperty(nArb, seedArb, (n, seed) => {
      const xs = values(n, seed, { avoid: [0], gap: 0.3 });
      const v = values(n, seed + 1);
      const r = Math.hypot(...xs);
      const uv = xs.reduce((acc, q, i) => acc + q * v[i], 0) / r;
      const want = Array.from(xs, (q, i) => (v[i] - (q / r) * uv) / r);
      expectClose(hvp((t) => t.norm(), tensor(xs, { requiresGrad: true }), tensor(v)), want, 1e-12, 1e-9, 'Hv');
    });
  });
  it('sum(x³ · y) mixes two inputs: ∂²/∂x∂y = 3x²', () => {
    const x = tensor([1, -2, 0.5], { dtype: 'float64', requiresGrad: true });
    const y = tensor([2, 1, -1], { dtype: 'float64', requiresGrad: true });
    const [gx] = autograd.grad(x.pow(3).mul(y).sum(), [x], { createGraph: true });
    const [gxy] = autograd.grad(gx!.sum(), [y]);
    expect(Array.from(gxy!.data())).toEqual([3, 12, 0.75]);
  });
  it('backward(createGraph) leaves a differentiable .grad', () => {
    const x = tensor([1.5, -0.5], { dtype: 'float64', requiresGrad: true });
    x.exp().sum().backward(undefined, { createGraph: true });
    const g = x.grad!;
    expect(g.requiresGrad).toBe(true);
    const [gg] = autograd.grad(g.sum(), [x]);
    expectClose(gg!.data(), [Math.exp(1.5), Math.exp(-0.5)]);
  });
});

interface DoubleCase {
  name: string;
  fn: (x: Tensor) => Tensor;
  domain?: ValueOptions;
  shape?: number[];
}

const DOUBLE: DoubleCase[] = [
  { name: 'exp', fn: (x) => x.exp() },
  { name: 'log', fn: (x) => x.log(), domain: { lo: 0.5, hi: 3 } },
  { name: 'log1p', fn: (x) => x.log1p(), domain: { lo: 0, hi: 2 } },
  { name: 'expm1', fn: (x) => x.expm1() },
  { name: 'sin', fn: (x) => x.sin() },
  { name: 'cos', fn: (x) => x.cos() },
  { name: 'tanh', fn: (x) => x.tanh() },
  { name: 'sigmoid', fn: (x) => x.sigmoid() },
  { name: 'softplus', fn: (x) => x.softplus(1.5) },
  { name: 'gelu (erf)', fn: (x) => x.gelu() },
  { name: 'gelu (tanh)', fn: (x) => x.gelu('tanh') },
  { name: 'erf', fn: (x) => x.erf() },
  { name: 'sqrt', fn: (x) => x.sqrt(), domain: { lo: 0.5, hi: 3 } },
  { name: 'rsqrt', fn: (x) => x.rsqrt(), domain: { lo: 0.5, hi: 3 } },
  { name: 'reciprocal', fn: (x) => x.reciprocal(), domain: { lo: 0.5, hi: 3 } },
  { name: 'pow(3)', fn: (x) => x.pow(3) },
  { name: 'pow(2.5)', fn: (x) => x.pow(2.5), domain: { lo: 0.5, hi: 3 } },
  { name: 'pow(tensor)', fn: (x) => x.pow(x.mul(0.5).add(1)), domain: { lo: 0.5, hi: 3 } },
  { name: 'abs · x', fn: (x) => x.abs().mul(x), domain: { avoid: [0] } },
  { name: 'mul / div (broadcast)', fn: (x) => x.mul(x.sum(-1, true)).div(x.square().add(1)) },
  { name: 'maximum', fn: (x) => x.maximum(x.square().mul(0.3)).mul(x), domain: { lo: 0.3, hi: 3 } },
  { name: 'matmul', fn: (x) => x.matmul(x.t()).matmul(x), shape: [3, 3] },
  { name: 'softmax', fn: (x) => x.softmax(-1) },
  { name: 'logSoftmax', fn: (x) => x.logSoftmax(0) },
  { name: 'logsumexp', fn: (x) => x.logsumexp(-1) },
  { name: 'norm', fn: (x) => x.norm(2, -1), domain: { avoid: [0], gap: 0.3 } },
  { name: 'prod', fn: (x) => x.prod(-1), domain: { lo: 0.5, hi: 1.5 } },
  { name: 'var / std', fn: (x) => x.var(-1).add(x.std(0)), domain: { distinct: true } },
  { name: 'mean / expand', fn: (x) => x.mean(0, true).expand(x.shape).mul(x) },
  { name: 'amax', fn: (x) => x.amax(-1).mul(x.sum(-1)), domain: { distinct: true } },
  { name: 'where', fn: (x) => where(x.gt(0), x.square(), x.exp()), domain: { avoid: [0] } },
  { name: 'lerp', fn: (x) => lerp(x, x.square(), x.sigmoid()) },
  { name: 'addcdiv', fn: (x) => addcdiv(x, x.square(), x.exp(), 0.5) },
  { name: 'shape ops', fn: (x) => x.t().reshape([-1]).narrow(0, 1, 4).square().repeat(2).unsqueeze(0) },
  { name: 'gather / indexSelect', fn: (x) => x.gather(1, tensor([[0, 0], [2, 1], [1, 2]], { dtype: 'int32' })).square().indexSelect(0, tensor([2, 0, 2], { dtype: 'int32' })) },
  { name: 'maskedFill / triu', fn: (x) => x.triu().maskedFill(x.gt(1), 0).exp() },
];

describe('double backward: the gradient of each op is itself differentiable', () => {
  for (const c of DOUBLE) {
    it(c.name, () => {
      fc.assert(
        fc.property(seedArb, (seed) => {
          const shape = c.shape ?? [3, 3];
          // g(x) = ∇ₓ Σ w·f(x) for fixed uneven weights w; gradcheck differentiates g by finite differences.
          // enableGrad: gradcheck evaluates its finite differences under noGrad.
          const grad = (x: Tensor) =>
            enableGrad(() => {
              const out = c.fn(x);
              const w = tensor(Float64Array.from({ length: out.numel }, (_, i) => Math.cos(i + 1)), { shape: out.shape });
              return autograd.grad(out.mul(w).sum(), [x], { createGraph: true })[0]!;
            });
          checkGrad(grad, [f64(shape, seed, c.domain)], { atol: 1e-5, rtol: 1e-3 });
        }),
        { numRuns: 8 },
      );
    });
  }
});
