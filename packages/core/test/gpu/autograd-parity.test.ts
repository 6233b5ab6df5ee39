/**
 * Tensor-level parity: every Tensor op built on the primitive set, and a sample of composite ops,
 * run forward and backward through core's autograd on the gpu backend and on cpu from the same
 * float32 data; values and input gradients must agree within a float32 tolerance. Inputs have
 * random shapes, broadcast against each other, and many cases first take a transposed, permuted,
 * narrowed or expanded view so the structural kernels and their adjoints sit inside the graph.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import {
  addcdiv, addcmul, cat, gelu, lerp, logSoftmax, matmul, setBackend, silu, softmax, stack, tensor, where, type Tensor,
} from '../../src/index.js';
import { expectClose, modeUnderTest, randomData, rng } from './helpers.js';
import { broadcastArb, numel, shapeArb } from './shapes.js';

/** One input: its shape and the interval its values are drawn from. */
interface Input {
  shape: number[];
  lo?: number;
  hi?: number;
}

/** A drawn case: inputs, an integer for case-specific choices (a dim, an index seed), a data seed. */
interface Drawn {
  inputs: Input[];
  k: number;
  seed: number;
}

interface Case {
  name: string;
  arb: fc.Arbitrary<Omit<Drawn, 'seed'>>;
  /** Runs on whichever backend is current; constant tensors it needs are created inside. */
  f: (xs: Tensor[], k: number) => Tensor;
  /** false for ops without a gradient (comparisons, argmax): forward only. */
  grad?: boolean;
  /** Relative tolerance (default 1e-5 forward, 1e-4 gradients): long float32 chains round differently. */
  rtol?: number;
}

const RUNS = Number(process.env.GRADSTACK_FC_RUNS ?? 6);

const POS = { lo: 0.3, hi: 3 };
const UNIT = { lo: -1, hi: 1 };

/** Inputs of one random shape (rank 0–3). */
const same = (n: number, domain: Omit<Input, 'shape'> = {}) =>
  fc.record({ inputs: shapeArb(3, 4).map((s) => Array.from({ length: n }, () => ({ shape: s, ...domain }))), k: fc.nat(1000) });

/** Inputs whose shapes broadcast to a common output shape. */
const bcast = (n: number, domains: Omit<Input, 'shape'>[] = []) =>
  fc.record({
    inputs: broadcastArb(n).map(({ operands }) => operands.map((shape, i) => ({ shape, ...(domains[i] ?? {}) }))),
    k: fc.nat(1000),
  });

/** One input of rank ≥ 1 (so there is a dim to pick with `k`). */
const ranked = (minRank = 1, domain: Omit<Input, 'shape'> = {}) =>
  fc.record({
    inputs: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: minRank, maxLength: 3 }).map((shape) => [{ shape, ...domain }]),
    k: fc.nat(1000),
  });

const dimOf = (x: Tensor, k: number) => k % x.ndim;
/** A deterministic int32 index tensor (same values on both backends) of `n` entries below `bound`. */
const indexTensor = (n: number, bound: number, seed: number, shape: number[] = [n]) => {
  const r = rng(seed);
  return tensor(Int32Array.from({ length: n }, () => Math.floor(r() * bound)), { shape });
};
/** The reversed permutation: a non-contiguous view for any rank. */
const reversed = (x: Tensor) => x.permute(...Array.from({ length: x.ndim }, (_, i) => x.ndim - 1 - i));

const unary = (name: string, f: (x: Tensor) => Tensor, domain: Omit<Input, 'shape'> = {}, rtol?: number): Case => ({
  name, arb: same(1, domain), f: ([x]) => f(x), rtol,
});

const CASES: Case[] = [
  // ---- unary elementwise (every unary primitive the Tensor API exposes) ----
  unary('neg', (x) => x.neg()),
  unary('exp', (x) => x.exp()),
  unary('exp2', (x) => x.exp2()),
  unary('expm1', (x) => x.expm1()),
  unary('log', (x) => x.log(), POS),
  unary('log2', (x) => x.log2(), POS),
  unary('log1p', (x) => x.log1p(), { lo: -0.7, hi: 3 }),
  unary('sqrt', (x) => x.sqrt(), POS),
  unary('rsqrt', (x) => x.rsqrt(), POS),
  unary('abs', (x) => x.abs()),
  unary('sign', (x) => x.sign()),
  unary('sin', (x) => x.sin()),
  unary('cos', (x) => x.cos()),
  unary('atan', (x) => x.atan()),
  unary('tanh', (x) => x.tanh()),
  unary('sigmoid', (x) => x.sigmoid()),
  unary('relu', (x) => x.relu()),
  unary('leakyRelu(0.1)', (x) => x.leakyRelu(0.1)),
  unary('elu(1.3)', (x) => x.elu(1.3)),
  unary('gelu (erf)', (x) => gelu(x)),
  unary('gelu (tanh)', (x) => gelu(x, 'tanh')),
  unary('silu', (x) => silu(x)),
  unary('softplus(2, 3)', (x) => x.softplus(2, 3)),
  unary('erf', (x) => x.erf()),
  unary('square', (x) => x.square()),
  unary('reciprocal', (x) => x.reciprocal(), POS),
  unary('floor / ceil / round', (x) => x.floor().add(x.ceil()).add(x.round())),
  unary('clamp(-0.5, 0.7)', (x) => x.clamp(-0.5, 0.7)),
  unary('pow(2.5)', (x) => x.pow(2.5), POS),
  unary('rpow: 1.7 ** x', (x) => tensor(1.7).pow(x)),
  // ---- binary with broadcasting ----
  { name: 'add / sub / rsub (broadcast)', arb: bcast(2), f: ([a, b]) => a.add(b).sub(b.mul(0.5)).rsub(1) },
  { name: 'mul (broadcast)', arb: bcast(2), f: ([a, b]) => a.mul(b) },
  { name: 'div (broadcast)', arb: bcast(2, [{}, POS]), f: ([a, b]) => a.div(b) },
  { name: 'pow (broadcast)', arb: bcast(2, [POS, UNIT]), f: ([a, b]) => a.pow(b) },
  { name: 'maximum / minimum (broadcast)', arb: bcast(2), f: ([a, b]) => a.maximum(b).add(a.minimum(b).mul(3)) },
  { name: 'atan2 (broadcast)', arb: bcast(2, [{}, POS]), f: ([a, b]) => a.atan2(b) },
  { name: 'fmod (broadcast)', arb: bcast(2, [{}, POS]), f: ([a, b]) => a.fmod(b) },
  {
    name: 'comparisons and logic (forward)', arb: bcast(2), grad: false,
    f: ([a, b]) => a.lt(b).float().add(a.ge(b).float().mul(2)).add(a.gt(0).logicalAnd(b.le(0)).float().mul(4)),
  },
  // ---- ternary ----
  { name: 'where (broadcast)', arb: bcast(3), f: ([c, a, b]) => where(c.gt(0), a, b) },
  { name: 'lerp (broadcast)', arb: bcast(3, [{}, {}, UNIT]), f: ([a, b, w]) => lerp(a, b, w) },
  { name: 'addcmul (broadcast)', arb: bcast(3), f: ([a, b, c]) => addcmul(a, b, c, 0.5) },
  { name: 'addcdiv (broadcast)', arb: bcast(3, [{}, {}, POS]), f: ([a, b, c]) => addcdiv(a, b, c, 0.5) },
  // ---- reductions ----
  { name: 'sum / mean over a dim', arb: ranked(), f: ([x], k) => x.sum(dimOf(x, k), true).add(x.mean(dimOf(x, k + 1), true)) },
  { name: 'sum / mean of everything', arb: same(1), f: ([x]) => x.sum().add(x.mean()) },
  { name: 'prod over a dim (with zeros)', arb: ranked(1, { lo: 0.5, hi: 1.5 }), f: ([x], k) => x.mul(x.gt(0.7)).prod(dimOf(x, k)) },
  { name: 'var / std over a dim', arb: ranked(), f: ([x], k) => x.var(dimOf(x, k)).add(x.std(dimOf(x, k)).mul(2)), rtol: 1e-4 },
  { name: 'max / min values over a dim', arb: ranked(), f: ([x], k) => x.max(dimOf(x, k)).values.sub(x.min(dimOf(x, k)).values) },
  { name: 'amax / amin', arb: ranked(), f: ([x], k) => x.amax(dimOf(x, k)).add(x.amin()) },
  { name: 'argmax / argmin (forward)', arb: ranked(), grad: false, f: ([x], k) => x.argmax(dimOf(x, k)).add(x.argmin(dimOf(x, k)).mul(10)).float() },
  { name: 'logsumexp', arb: ranked(), f: ([x], k) => x.logsumexp(dimOf(x, k)) },
  { name: 'norm (2 and 1)', arb: ranked(), f: ([x], k) => x.norm(2, dimOf(x, k)).add(x.norm(1)), rtol: 1e-4 },
  // ---- linear algebra, also on transposed operands ----
  {
    name: 'matmul with broadcast batch',
    arb: fc.record({
      inputs: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 5 }))
        .map(([b, m, kk, n]) => [{ shape: [b, m, kk], ...UNIT }, { shape: [kk, n], ...UNIT }]),
      k: fc.nat(1000),
    }),
    f: ([a, b]) => matmul(a, b),
  },
  {
    name: 'mm of transposed views',
    arb: fc.record({
      inputs: fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 5 }))
        .map(([m, kk, n]) => [{ shape: [kk, m], ...UNIT }, { shape: [n, kk], ...UNIT }]),
      k: fc.nat(1000),
    }),
    f: ([a, b]) => a.t().mm(b.t()),
  },
  {
    name: 'bmm / dot / outer',
    arb: fc.record({
      inputs: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }))
        .map(([b, m, n]) => [{ shape: [b, m, n], ...UNIT }, { shape: [b, n, m], ...UNIT }, { shape: [m], ...UNIT }, { shape: [m], ...UNIT }]),
      k: fc.nat(1000),
    }),
    f: ([a, b, u, v]) => a.bmm(b).sum(0).add(u.outer(v)).add(u.dot(v)),
  },
  // ---- structural ops and non-contiguous views ----
  { name: 'permute (reversed) then elementwise', arb: same(2), f: ([a, b]) => reversed(a).mul(reversed(b).exp()) },
  { name: 'transpose then reshape', arb: ranked(2), f: ([x]) => x.transpose(0, 1).reshape(-1).mul(2) },
  {
    name: 'narrow along a dim',
    arb: ranked(),
    f: ([x], k) => {
      const d = dimOf(x, k);
      const start = k % x.shape[d];
      return x.narrow(d, start, x.shape[d] - start).sin();
    },
  },
  { name: 'expand a size-1 dim, then reduce', arb: ranked(), f: ([x]) => x.unsqueeze(0).expand(3, ...x.shape).mul(x).sum(0) },
  { name: 'repeat', arb: ranked(), f: ([x]) => x.repeat(...x.shape.map((_, i) => (i === 0 ? 2 : 1))).square() },
  { name: 'cat / stack / split', arb: same(2), f: ([a, b]) => (a.ndim === 0 ? stack([a, b]) : cat([a, stack([a, b]).sum(0)], 0).split(1, 0)[0]) },
  { name: 'triu / tril', arb: ranked(2), f: ([x], k) => x.triu((k % 3) - 1).add(x.tril(-(k % 3)).mul(2)) },
  // ---- indexing ----
  {
    name: 'indexSelect', arb: ranked(),
    f: ([x], k) => {
      const d = dimOf(x, k);
      return x.indexSelect(d, indexTensor(5, x.shape[d], k));
    },
  },
  {
    name: 'gather', arb: ranked(),
    f: ([x], k) => {
      const d = dimOf(x, k);
      const shape = x.shape.map((s, i) => (i === d ? 3 : s));
      return x.gather(d, indexTensor(numel(shape), x.shape[d], k, shape));
    },
  },
  {
    name: 'scatterAdd', arb: same(2).filter((d) => d.inputs[0].shape.length > 0),
    f: ([x, src], k) => {
      const d = dimOf(x, k);
      return x.scatterAdd(d, indexTensor(src.numel, x.shape[d], k, src.shape), src);
    },
  },
  { name: 'maskedFill', arb: same(2), f: ([x, m]) => x.maskedFill(m.gt(0.5), -2) },
  // ---- composites ----
  { name: 'softmax', arb: ranked(), f: ([x], k) => softmax(x, dimOf(x, k)), rtol: 1e-4 },
  { name: 'logSoftmax', arb: ranked(), f: ([x], k) => logSoftmax(x, dimOf(x, k)), rtol: 1e-4 },
  {
    name: 'layer norm (composed)', arb: ranked(2),
    f: ([x]) => {
      const mu = x.mean(-1, true);
      const v = x.sub(mu).square().mean(-1, true);
      return x.sub(mu).div(v.add(1e-5).sqrt());
    },
    rtol: 1e-3,
  },
  {
    name: 'cross-entropy (composed)',
    arb: fc.record({
      inputs: fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 2, max: 7 })).map(([n, c]) => [{ shape: [n, c] }]),
      k: fc.nat(1000),
    }),
    f: ([logits], k) => {
      const [n, c] = logits.shape;
      return logSoftmax(logits, 1).gather(1, indexTensor(n, c, k, [n, 1])).mean().neg();
    },
    rtol: 1e-4,
  },
  {
    name: 'linear → tanh → mse (a small MLP layer)',
    arb: fc.record({
      inputs: fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }))
        .map(([n, i, o]) => [{ shape: [n, i] }, { shape: [o, i], ...UNIT }, { shape: [o], ...UNIT }, { shape: [n, o], ...UNIT }]),
      k: fc.nat(1000),
    }),
    f: ([x, w, b, y]) => x.matmul(w.t()).add(b).tanh().sub(y).square().mean(),
    rtol: 1e-4,
  },
];

/**
 * Runs a case on one backend: fresh leaves from the drawn data, the op, and backward of ⟨y, r⟩
 * for a random cotangent r, so gradients are not just all-ones sums.
 */
function runOn(backend: 'cpu' | 'gpu', c: Case, d: Drawn): { y: Float32Array; grads: Float32Array[] } {
  setBackend(backend, backend === 'gpu' ? { mode: modeUnderTest() } : {});
  try {
    const xs = d.inputs.map((inp, i) => {
      const data = randomData(numel(inp.shape), d.seed + 7919 * i, { lo: inp.lo ?? -3, hi: inp.hi ?? 3 });
      return tensor(data, { shape: inp.shape, requiresGrad: c.grad !== false });
    });
    const y = c.f(xs, d.k);
    const out = Float32Array.from(y.data());
    if (c.grad === false) return { y: out, grads: [] };
    const r = tensor(randomData(y.numel, d.seed + 1, { lo: -1, hi: 1 }), { shape: y.shape });
    y.mul(r).sum().backward();
    return { y: out, grads: xs.map((x) => (x.grad === null ? new Float32Array(x.numel) : Float32Array.from(x.grad.data()))) };
  } finally {
    setBackend('cpu');
  }
}

/** Largest |value|: the scale an absolute tolerance is taken against (cancellation near zero). */
const scale = (a: Float32Array) => a.reduce((m, v) => (Number.isFinite(v) ? Math.max(m, Math.abs(v)) : m), 0);

describe(`Tensor ops and their gradients on the gpu backend (mode ${modeUnderTest()}) match cpu`, () => {
  for (const c of CASES) {
    it(c.name, () => {
      fc.assert(
        fc.property(c.arb, fc.nat(1 << 30), (drawn, seed) => {
          const d = { ...drawn, seed };
          const want = runOn('cpu', c, d);
          const got = runOn('gpu', c, d);
          const rtol = c.rtol ?? 1e-5;
          expectClose(got.y, want.y, rtol, rtol * (1 + scale(want.y)), `${c.name}: forward`);
          want.grads.forEach((g, i) => {
            const gr = Math.max(rtol, 1e-4);
            expectClose(got.grads[i], g, gr, gr * (1 + scale(g)), `${c.name}: gradient of input ${i}`);
          });
        }),
        { numRuns: RUNS },
      );
    });
  }
});
