/**
 * Elementwise ops: unary, binary (broadcasting, scalar operands) and ternary, each with its
 * backward written in differentiable tensor ops (so createGraph gives higher derivatives).
 */
import type { BinaryOp, TernaryOp, UnaryOp } from '../backend/backend.js';
import { DTypeError, ShapeError } from '../errors.js';
import { floatResult, promoteTypes, type DType } from '../dtype.js';
import { broadcastShapes, fmtShape, shapesEqual } from '../shape.js';
import { Tensor } from '../tensor.js';
import { alloc, needsGrad, record, sameBackend, sumTo } from './util.js';
import { runInplace } from './inplace.js';

export type Operand = Tensor | number;

const SQRT_PI_2 = 2 / Math.sqrt(Math.PI);

/** Unary ops whose int32 input stays int32; the rest of the math ops return float. */
const INT_PRESERVING = new Set<UnaryOp>(['neg', 'abs', 'sign', 'relu', 'square', 'clamp', 'identity', 'floor', 'ceil', 'round']);
/** Predicates returning 0/1 as int32 (our bool). */
const PREDICATES = new Set<UnaryOp>(['logicalNot', 'isnan', 'isinf']);

type UnaryGrad = (g: Tensor, a: Tensor, out: Tensor, p1: number, p2: number) => Tensor | null;

/** Backward of each differentiable unary op; absent = piecewise constant (zero gradient). */
const UNARY_GRAD: Partial<Record<UnaryOp, UnaryGrad>> = {
  identity: (g) => g,
  neg: (g) => g.neg(),
  exp: (g, _a, out) => g.mul(out),
  exp2: (g, _a, out) => g.mul(out).mul(Math.LN2),
  log: (g, a) => g.div(a),
  log2: (g, a) => g.div(a.mul(Math.LN2)),
  log1p: (g, a) => g.div(a.add(1)),
  expm1: (g, _a, out) => g.mul(out.add(1)),
  sqrt: (g, _a, out) => g.div(out.mul(2)),
  rsqrt: (g, _a, out) => g.mul(out.pow(3)).mul(-0.5),
  abs: (g, a) => g.mul(a.sign()),
  sin: (g, a) => g.mul(a.cos()),
  cos: (g, a) => g.mul(a.sin()).neg(),
  atan: (g, a) => g.div(a.square().add(1)),
  tanh: (g, _a, out) => g.mul(out.square().neg().add(1)),
  sigmoid: (g, _a, out) => g.mul(out.mul(out.neg().add(1))),
  relu: (g, a) => g.mul(a.gt(0)),
  square: (g, a) => g.mul(a).mul(2),
  reciprocal: (g, _a, out) => g.mul(out.square()).neg(),
  erf: (g, a) => g.mul(a.square().neg().exp()).mul(SQRT_PI_2),
  leakyRelu: (g, a, _o, slope) => g.mul(a.gt(0).mul(1 - slope).add(slope)),
  clamp: (g, a, _o, lo, hi) => g.mul(a.ge(lo).mul(a.le(hi))),
  softplus: (g, a, _o, beta, threshold) => {
    const z = a.mul(beta);
    return g.mul(where(z.gt(threshold), 1, z.sigmoid()));
  },
  powScalar: (g, a, _o, p) => (p === 0 ? g.mul(0) : g.mul(a.pow(p - 1)).mul(p)),
  rpowScalar: (g, _a, out, base) => g.mul(out).mul(Math.log(base)),
  eluLike: (g, a, out, alpha) => g.mul(where(a.gt(0), 1, out.add(alpha))),
};

/** Whether the backward needs the input and/or the output (saved for backward). */
const SAVES_OUT = new Set<UnaryOp>(['exp', 'exp2', 'expm1', 'sqrt', 'rsqrt', 'tanh', 'sigmoid', 'reciprocal', 'rpowScalar', 'eluLike']);

function unaryDtype(op: UnaryOp, dtype: DType): DType {
  if (PREDICATES.has(op)) return 'int32';
  if (dtype === 'int32' && !INT_PRESERVING.has(op)) return 'float32';
  return dtype;
}

export function unary(op: UnaryOp, a: Tensor, p1 = 0, p2 = 0): Tensor {
  const dtype = unaryDtype(op, a.dtype);
  const out = alloc(a.shape, dtype, a.backend);
  a.backend.unary(op, a.storage, out.storage, a.numel, dtype, p1, p2);
  if (needsGrad(a)) {
    const grad = UNARY_GRAD[op];
    if (PREDICATES.has(op)) return out;
    const saveOut = SAVES_OUT.has(op);
    record(out, `${op[0].toUpperCase()}${op.slice(1)}Backward`, [a], saveOut ? [a, out] : [a], (g, s) =>
      [grad ? grad(g, s[0], saveOut ? s[1] : (null as unknown as Tensor), p1, p2) : g.mul(0)],
    );
  }
  return out;
}

/** In-place unary (`exp_`, `sqrt_`, `clamp_`...). */
export function unary_(op: UnaryOp, a: Tensor, p1 = 0, p2 = 0): Tensor {
  const dtype = unaryDtype(op, a.dtype);
  const name = op === 'powScalar' ? 'pow_' : `${op}_`; // the method the user called
  if (dtype !== a.dtype) throw new DTypeError(`${name}: result type ${dtype} can't be cast to the desired output type ${a.dtype} — use the out-of-place ${name.slice(0, -1)}()`);
  return runInplace(a, name, [], (old) => unary(op, old, p1, p2), () => a.backend.unary(op, a.storage, a.storage, a.numel, dtype, p1, p2));
}

// ---------------------------------------------------------------------------------------------
// Binary

type BinaryGrad = (g: Tensor, a: Tensor, b: Tensor, out: Tensor) => [Tensor | null, Tensor | null];

const BINARY_GRAD: Partial<Record<BinaryOp, BinaryGrad>> = {
  add: (g) => [g, g],
  sub: (g) => [g, g.neg()],
  mul: (g, a, b) => [g.mul(b), g.mul(a)],
  div: (g, a, b) => [g.div(b), g.mul(a).div(b.square()).neg()],
  pow: (g, a, b, out) => [
    g.mul(b).mul(a.pow(b.sub(1))),
    // d/db a^b = a^b ln a, taken as 0 where a == 0 (PyTorch's convention).
    g.mul(where(a.eq(0), 0, out.mul(a.log()))),
  ],
  maximum: (g, a, b) => {
    const tie = a.eq(b).mul(0.5);
    return [g.mul(a.gt(b).add(tie)), g.mul(a.lt(b).add(tie))];
  },
  minimum: (g, a, b) => {
    const tie = a.eq(b).mul(0.5);
    return [g.mul(a.lt(b).add(tie)), g.mul(a.gt(b).add(tie))];
  },
  atan2: (g, a, b) => {
    const den = a.square().add(b.square());
    return [g.mul(b).div(den), g.mul(a).div(den).neg()];
  },
};

const COMPARISON = new Set<BinaryOp>(['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'and', 'or', 'xor']);

function binaryDtype(op: BinaryOp, a: DType, b: DType): DType {
  if (COMPARISON.has(op)) return 'int32';
  const t = promoteTypes(a, b);
  if (op === 'div' || op === 'atan2') return floatResult(t);
  return t;
}

function scalarDtype(s: number): DType {
  return Number.isInteger(s) ? 'int32' : 'float32';
}

/** Casts a scalar to the precision the op computes in (float32 ops see a float32 scalar). */
function castScalar(s: number, dtype: DType): number {
  return dtype === 'float32' ? Math.fround(s) : s;
}

export function binary(op: BinaryOp, a: Tensor, b: Operand, reversed = false): Tensor {
  if (typeof b === 'number') return binaryScalar(op, a, b, reversed);
  if (reversed) return binary(op, b, a);
  const backend = sameBackend(a, b, op);
  const shape = shapesEqual(a.shape, b.shape) ? a.shape : broadcastShapes(a.shape, b.shape, op);
  const dtype = binaryDtype(op, a.dtype, b.dtype);
  const out = alloc(shape, dtype, backend);
  backend.binary(op, a.storage, a.shape, b.storage, b.shape, out.storage, shape, dtype);
  if (!COMPARISON.has(op) && needsGrad(a, b)) {
    const grad = BINARY_GRAD[op];
    const saveOut = op === 'pow';
    record(out, `${op[0].toUpperCase()}${op.slice(1)}Backward`, [a, b], saveOut ? [a, b, out] : [a, b], (g, s) => {
      if (!grad) return [g.mul(0), g.mul(0)];
      const [ga, gb] = grad(g, s[0], s[1], s[2]);
      return [ga && sumTo(ga, s[0].shape), gb && sumTo(gb, s[1].shape)];
    });
  }
  return out;
}

function binaryScalar(op: BinaryOp, a: Tensor, s: number, reversed: boolean): Tensor {
  const operandDtype = promoteTypes(a.dtype, a.dtype === 'int32' ? scalarDtype(s) : a.dtype);
  const dtype = binaryDtype(op, a.dtype, operandDtype);
  const out = alloc(a.shape, dtype, a.backend);
  // The scalar takes the operands' type, as in PyTorch: float32 t.eq(0.3) compares with fround(0.3), not with the double.
  a.backend.binaryScalar(op, a.storage, castScalar(s, COMPARISON.has(op) ? operandDtype : dtype), reversed, out.storage, a.numel, dtype);
  if (!COMPARISON.has(op) && needsGrad(a)) {
    record(out, `${op[0].toUpperCase()}${op.slice(1)}Backward`, [a], op === 'pow' && reversed ? [a, out] : [a], (g, sv) => [scalarGrad(op, g, sv[0], s, reversed, sv[1])]);
  }
  return out;
}

function scalarGrad(op: BinaryOp, g: Tensor, a: Tensor, s: number, reversed: boolean, out: Tensor | undefined): Tensor {
  switch (op) {
    case 'add':
      return g;
    case 'sub':
      return reversed ? g.neg() : g;
    case 'mul':
      return g.mul(s);
    case 'div':
      return reversed ? g.mul(s).div(a.square()).neg() : g.div(s);
    case 'pow':
      return reversed ? g.mul(out!).mul(Math.log(s)) : s === 0 ? g.mul(0) : g.mul(a.pow(s - 1)).mul(s);
    case 'maximum':
      return g.mul(a.gt(s).add(a.eq(s).mul(0.5)));
    case 'minimum':
      return g.mul(a.lt(s).add(a.eq(s).mul(0.5)));
    case 'atan2':
      return reversed ? g.mul(s).div(a.square().add(s * s)).neg() : g.mul(s).div(a.square().add(s * s));
    default:
      return g.mul(0);
  }
}

/** In-place binary `a op= b` (b broadcast to a's shape). */
export function binary_(op: BinaryOp, a: Tensor, b: Operand): Tensor {
  const name = `${op}_`;
  if (typeof b === 'number') {
    const dtype = binaryDtype(op, a.dtype, a.dtype === 'int32' ? scalarDtype(b) : a.dtype);
    checkCast(dtype, a.dtype, name);
    return runInplace(a, name, [], (old) => binary(op, old, b), () =>
      a.backend.binaryScalar(op, a.storage, castScalar(b, dtype), false, a.storage, a.numel, a.dtype));
  }
  sameBackend(a, b, name);
  const shape = shapesEqual(a.shape, b.shape) ? a.shape : broadcastShapes(a.shape, b.shape, name);
  if (!shapesEqual(shape, a.shape)) {
    throw new ShapeError(`${name}: the result of broadcasting ${fmtShape(a.shape)} with ${fmtShape(b.shape)} has shape ${fmtShape(shape)}, which does not match the in-place target ${fmtShape(a.shape)} — use the out-of-place ${op}()`);
  }
  checkCast(binaryDtype(op, a.dtype, b.dtype), a.dtype, name);
  return runInplace(a, name, [b], (old) => binary(op, old, b), () =>
    a.backend.binary(op, a.storage, a.shape, b.storage, b.shape, a.storage, a.shape, a.dtype));
}

function checkCast(result: DType, target: DType, op: string): void {
  if (result !== target && target === 'int32') {
    throw new DTypeError(`${op}: result type ${result} can't be cast to the in-place target's type int32 — convert the target with .float() first`);
  }
}

// ---------------------------------------------------------------------------------------------
// Ternary

function toTensorLike(x: Operand, like: Tensor, forced?: DType): Tensor {
  if (typeof x !== 'number') return x;
  const dtype = forced ?? (like.dtype === 'int32' && !Number.isInteger(x) ? 'float32' : like.dtype);
  const s = like.backend.alloc(dtype, 1);
  like.backend.fill(s, dtype, 1, x);
  return new Tensor(s, [], dtype, like.backend);
}

export function ternary(op: TernaryOp, a: Tensor, b: Tensor, c: Tensor, value: number, outDtype?: DType): Tensor {
  const backend = sameBackend(a, b, op);
  sameBackend(a, c, op);
  const shape = broadcastShapes(broadcastShapes(a.shape, b.shape, op), c.shape, op);
  const dtype = outDtype ?? (op === 'where' ? promoteTypes(b.dtype, c.dtype) : promoteTypes(promoteTypes(a.dtype, b.dtype), c.dtype));
  const out = alloc(shape, dtype, backend);
  backend.ternary(op, a.storage, a.shape, b.storage, b.shape, c.storage, c.shape, out.storage, shape, dtype, castScalar(value, dtype));
  if (needsGrad(a, b, c)) recordTernary(op, out, a, b, c, value);
  return out;
}

function recordTernary(op: TernaryOp, out: Tensor, a: Tensor, b: Tensor, c: Tensor, value: number): void {
  const name = `${op[0].toUpperCase()}${op.slice(1)}Backward`;
  record(out, name, [a, b, c], [a, b, c], (g, s) => {
    const [x, y, z] = s;
    let gs: (Tensor | null)[];
    switch (op) {
      case 'where':
        gs = [null, where(x, g, 0), where(x, 0, g)];
        break;
      case 'lerp':
        gs = [g.mul(z.neg().add(1)), g.mul(z), g.mul(y.sub(x))];
        break;
      case 'addcmul':
        gs = [g, g.mul(z).mul(value), g.mul(y).mul(value)];
        break;
      case 'addcdiv':
        gs = [g, g.div(z).mul(value), g.mul(y).div(z.square()).mul(-value)];
        break;
    }
    return gs.map((t, i) => t && sumTo(t, s[i].shape));
  });
}

export function where(cond: Tensor, a: Operand, b: Operand): Tensor {
  const like = typeof a !== 'number' ? a : typeof b !== 'number' ? b : cond;
  const both = typeof a === 'number' && typeof b === 'number';
  const forced: DType | undefined = both ? (Number.isInteger(a) && Number.isInteger(b) ? 'int32' : 'float32') : undefined;
  const ta = toTensorLike(a, like, forced);
  const tb = toTensorLike(b, like, forced);
  return ternary('where', cond, ta, tb, 0, promoteTypes(ta.dtype, tb.dtype));
}

export function lerp(a: Tensor, end: Tensor, weight: Operand): Tensor {
  return ternary('lerp', a, end, toTensorLike(weight, a), 0);
}

export function addcmul(a: Tensor, t1: Tensor, t2: Tensor, value = 1): Tensor {
  return ternary('addcmul', a, t1, t2, value);
}

export function addcdiv(a: Tensor, t1: Tensor, t2: Tensor, value = 1): Tensor {
  return ternary('addcdiv', a, t1, t2, value);
}

/** In-place ternary with `a` as both first operand and target. */
export function ternary_(op: TernaryOp, a: Tensor, b: Operand, c: Operand, value: number): Tensor {
  const name = `${op}_`;
  const tb = toTensorLike(b, a);
  const tc = toTensorLike(c, a);
  sameBackend(a, tb, name);
  sameBackend(a, tc, name);
  const shape = broadcastShapes(broadcastShapes(a.shape, tb.shape, name), tc.shape, name);
  if (!shapesEqual(shape, a.shape)) {
    throw new ShapeError(`${name}: operands broadcast to ${fmtShape(shape)}, which does not match the in-place target ${fmtShape(a.shape)}`);
  }
  checkCast(promoteTypes(promoteTypes(a.dtype, tb.dtype), tc.dtype), a.dtype, name);
  return runInplace(a, name, [tb, tc], (old) => ternary(op, old, tb, tc, value, a.dtype), () =>
    a.backend.ternary(op, a.storage, a.shape, tb.storage, tb.shape, tc.storage, tc.shape, a.storage, a.shape, a.dtype, castScalar(value, a.dtype)));
}
