/** Gradients of every elementwise op against central finite differences (float64, random shapes and values). */
import { describe, it } from 'vitest';
import { addcdiv, addcmul, lerp, where, type Tensor } from '@gradstack/core';
import { binary } from '../src/ops/elementwise.js';
import {
  assertProperty, broadcastPairArb, broadcastTripleArb, checkGrad, f64, mask, seedArb, shapeArb, type ValueOptions,
} from './arbitraries.js';
import { setBackend } from '@gradstack/core';

// float64 gradchecks are cpu-only (the gpu backend computes in float32): this file pins the cpu
// backend even under GRADSTACK_BACKEND=gpu:<mode>. test/gpu/autograd-parity.test.ts checks gpu
// gradients against cpu ones instead.
setBackend('cpu');

interface UnaryCase {
  name: string;
  fn: (x: Tensor) => Tensor;
  domain?: ValueOptions;
}

const POS: ValueOptions = { lo: 0.3, hi: 3 };
const AWAY0: ValueOptions = { avoid: [0] };

const UNARY: UnaryCase[] = [
  { name: 'neg', fn: (x) => x.neg() },
  { name: 'exp', fn: (x) => x.exp() },
  { name: 'exp2', fn: (x) => x.exp2() },
  { name: 'log', fn: (x) => x.log(), domain: POS },
  { name: 'log2', fn: (x) => x.log2(), domain: POS },
  { name: 'log1p', fn: (x) => x.log1p(), domain: { lo: -0.7, hi: 3 } },
  { name: 'expm1', fn: (x) => x.expm1() },
  { name: 'sqrt', fn: (x) => x.sqrt(), domain: POS },
  { name: 'rsqrt', fn: (x) => x.rsqrt(), domain: POS },
  { name: 'abs', fn: (x) => x.abs(), domain: AWAY0 },
  { name: 'sign', fn: (x) => x.sign(), domain: AWAY0 },
  { name: 'sin', fn: (x) => x.sin() },
  { name: 'cos', fn: (x) => x.cos() },
  { name: 'atan', fn: (x) => x.atan() },
  { name: 'tanh', fn: (x) => x.tanh() },
  { name: 'sigmoid', fn: (x) => x.sigmoid(), domain: { lo: -6, hi: 6 } },
  { name: 'relu', fn: (x) => x.relu(), domain: AWAY0 },
  { name: 'leakyRelu()', fn: (x) => x.leakyRelu(), domain: AWAY0 },
  { name: 'leakyRelu(0.2)', fn: (x) => x.leakyRelu(0.2), domain: AWAY0 },
  { name: 'elu', fn: (x) => x.elu(1.3), domain: AWAY0 },
  { name: 'gelu (erf)', fn: (x) => x.gelu() },
  { name: 'gelu (tanh)', fn: (x) => x.gelu('tanh') },
  { name: 'silu', fn: (x) => x.silu() },
  { name: 'softplus()', fn: (x) => x.softplus() },
  { name: 'softplus(beta 2, threshold 3) both branches', fn: (x) => x.softplus(2, 3), domain: { lo: -3, hi: 3, avoid: [1.5], gap: 0.1 } },
  { name: 'erf', fn: (x) => x.erf(), domain: { lo: -3, hi: 3 } },
  { name: 'square', fn: (x) => x.square() },
  { name: 'reciprocal', fn: (x) => x.reciprocal(), domain: { lo: -3, hi: 3, avoid: [0], gap: 0.3 } },
  { name: 'clamp(-0.5, 0.7)', fn: (x) => x.clamp(-0.5, 0.7), domain: { avoid: [-0.5, 0.7] } },
  { name: 'clamp(min)', fn: (x) => x.clamp(0.2), domain: { avoid: [0.2] } },
  { name: 'clamp(null, max)', fn: (x) => x.clamp(null, -0.3), domain: { avoid: [-0.3] } },
  { name: 'clip', fn: (x) => x.clip(-1, 1), domain: { avoid: [-1, 1] } },
  { name: 'pow(2)', fn: (x) => x.pow(2) },
  { name: 'pow(3)', fn: (x) => x.pow(3) },
  { name: 'pow(1)', fn: (x) => x.pow(1) },
  { name: 'pow(0)', fn: (x) => x.pow(0) },
  { name: 'pow(2.5)', fn: (x) => x.pow(2.5), domain: POS },
  { name: 'pow(-1.5)', fn: (x) => x.pow(-1.5), domain: POS },
  { name: 'pow(0.5)', fn: (x) => x.pow(0.5), domain: POS },
  { name: 'floor (zero gradient)', fn: (x) => x.floor(), domain: { avoid: [-2, -1, 0, 1, 2] } },
  { name: 'round (zero gradient)', fn: (x) => x.round(), domain: { avoid: [-1.5, -0.5, 0.5, 1.5] } },
];

describe('unary op gradients', () => {
  for (const c of UNARY) {
    it(c.name, () => {
      assertProperty(shapeArb(), seedArb, (shape, seed) => {
        checkGrad(c.fn, [f64(shape, seed, c.domain)]);
      });
    });
  }
});

interface BinaryCase {
  name: string;
  fn: (a: Tensor, b: Tensor) => Tensor;
  da?: ValueOptions;
  db?: ValueOptions;
}

/** Values on a lattice with disjoint fractional parts, so a and b never tie (maximum/minimum). */
const FRAC_A: ValueOptions = { lo: -2, hi: 2, avoid: [-1.75, -0.75, 0.25, 1.25, -1.25, -0.25, 0.75, 1.75], gap: 0.2 };
const FRAC_B: ValueOptions = { lo: -2, hi: 2, avoid: [-2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2], gap: 0.2 };

const BINARY: BinaryCase[] = [
  { name: 'add', fn: (a, b) => a.add(b) },
  { name: 'add(alpha)', fn: (a, b) => a.add(b, -2.5) },
  { name: 'sub', fn: (a, b) => a.sub(b) },
  { name: 'sub(alpha)', fn: (a, b) => a.sub(b, 0.5) },
  { name: 'rsub', fn: (a, b) => a.rsub(b) },
  { name: 'mul', fn: (a, b) => a.mul(b) },
  { name: 'div', fn: (a, b) => a.div(b), db: { lo: -3, hi: 3, avoid: [0], gap: 0.4 } },
  { name: 'pow', fn: (a, b) => a.pow(b), da: POS, db: { lo: -2, hi: 2 } },
  { name: 'maximum', fn: (a, b) => a.maximum(b), da: FRAC_A, db: FRAC_B },
  { name: 'minimum', fn: (a, b) => a.minimum(b), da: FRAC_A, db: FRAC_B },
  { name: 'atan2', fn: (a, b) => a.atan2(b), da: { avoid: [0], gap: 0.3 }, db: { avoid: [0], gap: 0.3 } },
];

describe('binary op gradients with broadcasting', () => {
  for (const c of BINARY) {
    it(c.name, () => {
      assertProperty(broadcastPairArb(), seedArb, (p, seed) => {
        checkGrad(c.fn, [f64(p.a, seed, c.da), f64(p.b, seed + 1, c.db)]);
      });
    });
  }
  it('only one operand requiring grad', () => {
    assertProperty(broadcastPairArb(), seedArb, (p, seed) => {
      const b = f64(p.b, seed + 1, {}, false);
      checkGrad((a) => a.mul(b).add(b), [f64(p.a, seed)]);
    });
  });
});

interface ScalarCase {
  name: string;
  fn: (x: Tensor) => Tensor;
  domain?: ValueOptions;
}

const SCALAR: ScalarCase[] = [
  { name: 'add(s)', fn: (x) => x.add(1.7) },
  { name: 'add(s, alpha)', fn: (x) => x.add(1.7, 3) },
  { name: 'sub(s)', fn: (x) => x.sub(-0.4) },
  { name: 'rsub(s): s − x', fn: (x) => x.rsub(2.5) },
  { name: 'mul(s)', fn: (x) => x.mul(-3.25) },
  { name: 'div(s)', fn: (x) => x.div(0.75) },
  { name: 's / x (reversed div)', fn: (x) => binary('div', x, 1.5, true), domain: { avoid: [0], gap: 0.4 } },
  { name: 'x ** s (binary pow, scalar exponent)', fn: (x) => binary('pow', x, 2.5), domain: POS },
  { name: 's ** x (reversed pow)', fn: (x) => binary('pow', x, 1.8, true) },
  { name: 'maximum(s)', fn: (x) => x.maximum(0.3), domain: { avoid: [0.3] } },
  { name: 'minimum(s)', fn: (x) => x.minimum(-0.3), domain: { avoid: [-0.3] } },
  { name: 'atan2(s)', fn: (x) => x.atan2(0.8) },
  { name: 'atan2 reversed', fn: (x) => binary('atan2', x, 0.8, true), domain: { avoid: [0], gap: 0.3 } },
  { name: 'where(cond, x, s)', fn: (x) => where(x.gt(0), x, 2) },
  { name: 'where(cond, s, x)', fn: (x) => where(x.gt(0), -1.5, x.mul(3)) },
  { name: 'lerp(end, scalar weight)', fn: (x) => x.lerp(x.mul(x), 0.3) },
];

describe('scalar operand gradients', () => {
  for (const c of SCALAR) {
    it(c.name, () => {
      assertProperty(shapeArb(), seedArb, (shape, seed) => {
        checkGrad(c.fn, [f64(shape, seed, c.domain ?? { avoid: [0] })]);
      });
    });
  }
});

describe('ternary op gradients with broadcasting', () => {
  it('where(cond, a, b) with a broadcast mask', () => {
    assertProperty(broadcastTripleArb(), seedArb, ([c, a, b], seed) => {
      const cond = mask(c, seed);
      checkGrad((x, y) => where(cond, x, y), [f64(a, seed), f64(b, seed + 1)]);
      checkGrad((x, y) => x.where(cond, y), [f64(a, seed), f64(b, seed + 1)]);
    });
  });
  it('lerp(a, end, weight tensor)', () => {
    assertProperty(broadcastTripleArb(), seedArb, ([a, b, w], seed) => {
      checkGrad((x, y, z) => lerp(x, y, z), [f64(a, seed), f64(b, seed + 1), f64(w, seed + 2, { lo: 0, hi: 1 })]);
    });
  });
  it('addcmul(a, t1, t2, value)', () => {
    assertProperty(broadcastTripleArb(), seedArb, ([a, b, c], seed) => {
      checkGrad((x, y, z) => addcmul(x, y, z, -0.7), [f64(a, seed), f64(b, seed + 1), f64(c, seed + 2)]);
      checkGrad((x, y, z) => x.addcmul(y, z), [f64(a, seed), f64(b, seed + 1), f64(c, seed + 2)]);
    });
  });
  it('addcdiv(a, t1, t2, value)', () => {
    assertProperty(broadcastTripleArb(), seedArb, ([a, b, c], seed) => {
      const t2 = { lo: 0.5, hi: 2 };
      checkGrad((x, y, z) => addcdiv(x, y, z, 1.3), [f64(a, seed), f64(b, seed + 1), f64(c, seed + 2, t2)]);
      checkGrad((x, y, z) => x.addcdiv(y, z), [f64(a, seed), f64(b, seed + 1), f64(c, seed + 2, t2)]);
    });
  });
});

describe('composite chains', () => {
  it('a chain reusing its input (gradient accumulation inside the graph)', () => {
    assertProperty(broadcastPairArb(), seedArb, (p, seed) => {
      checkGrad((a, b) => a.mul(b).sin().add(a.exp().mul(b)).div(b.square().add(1)).tanh(), [f64(p.a, seed), f64(p.b, seed + 1)]);
    });
  });
  it('casting float64 → float32 → float64 passes the gradient through', () => {
    assertProperty(shapeArb(), seedArb, (shape, seed) => {
      // float32 rounding makes fine differences noisy, so a coarse step and tolerance.
      checkGrad((x) => x.float().mul(2).double(), [f64(shape, seed)], { eps: 1e-2, atol: 1e-3, rtol: 1e-3 });
    });
  });
});
