import type { DType, TypedArray } from '../dtype.js';
import type { Generator } from '../random.js';
import type { Shape } from '../shape.js';
import type { AdamOptions, LionOptions, RmspropOptions, SgdOptions } from './fusedUpdates.js';

/**
 * The backend seam: the small primitive set every op is written against. A backend owns its
 * storage (the cpu backend's is a TypedArray; the gpu backend's lives on the device). Tensors are
 * contiguous and row-major, so a storage plus a shape fully describes a value. Every primitive
 * writes into an `out` storage the caller allocated, which lets in-place ops pass `out === a`.
 */
export type Storage = unknown;

export type UnaryOp =
  | 'neg' | 'exp' | 'log' | 'log1p' | 'expm1' | 'sqrt' | 'rsqrt' | 'abs' | 'sign' | 'sin' | 'cos'
  | 'tanh' | 'sigmoid' | 'relu' | 'square' | 'reciprocal' | 'erf' | 'floor' | 'ceil' | 'round'
  | 'logicalNot' | 'isnan' | 'isinf' | 'log2' | 'exp2' | 'atan' | 'identity'
  // with scalar parameters p1, p2:
  | 'leakyRelu' | 'clamp' | 'softplus' | 'powScalar' | 'rpowScalar' | 'eluLike' | 'heaviside';

export type BinaryOp =
  | 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum' | 'atan2' | 'fmod'
  | 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' | 'and' | 'or' | 'xor';

/** Ternary elementwise: where(c, a, b); lerp(a, b, w); addcmul(a, t1, t2; value); addcdiv(a, t1, t2; value). */
export type TernaryOp = 'where' | 'lerp' | 'addcmul' | 'addcdiv';

export type ReduceOp = 'sum' | 'prod' | 'max' | 'min' | 'amaxIndex' | 'aminIndex';

export interface Backend {
  readonly name: string;
  /** One line: which kernel class runs, on which adapter. */
  describe(): string;

  alloc(dtype: DType, size: number): Storage;
  fromTyped(data: TypedArray): Storage;
  /** A fresh TypedArray copy of the storage. */
  read(s: Storage, dtype: DType, size: number): TypedArray;
  /**
   * The same copy, asynchronously: for devices whose read-back cannot block (WebGPU maps buffers
   * with a Promise). Optional; without it, `Tensor.dataAsync()` resolves `read()` at once.
   */
  readAsync?(s: Storage, dtype: DType, size: number): Promise<TypedArray>;
  /**
   * True when values can reach the host only through `readAsync` (then `read()` throws). Ops that
   * need values on the host check it and say which op cannot run; absent means false.
   */
  readonly asyncOnly?: boolean;
  /**
   * Optimizers take this backend's fused updates at every parameter size (a kernel launch costs
   * more than the arithmetic), not only for large parameters.
   */
  readonly preferFused?: boolean;
  fill(s: Storage, dtype: DType, size: number, value: number): void;
  /** Copies `size` elements (with dtype conversion) from src to dst. */
  copy(src: Storage, srcDtype: DType, dst: Storage, dstDtype: DType, size: number): void;
  /** Fills from a random stream drawn on the host: 'uniform' in [a, b), 'normal' N(a, b²), 'bernoulli' p=a. */
  random(s: Storage, dtype: DType, size: number, kind: 'uniform' | 'normal' | 'bernoulli', a: number, b: number, gen: Generator): void;

  unary(op: UnaryOp, a: Storage, out: Storage, size: number, outDtype: DType, p1?: number, p2?: number): void;
  /** out[outShape] = op(a[aShape], b[bShape]) with broadcasting (shapes already validated). */
  binary(op: BinaryOp, a: Storage, aShape: Shape, b: Storage, bShape: Shape, out: Storage, outShape: Shape, outDtype: DType): void;
  /** Binary with a scalar operand: op(a, s), or op(s, a) when `reversed`. */
  binaryScalar(op: BinaryOp, a: Storage, s: number, reversed: boolean, out: Storage, size: number, outDtype: DType): void;
  ternary(
    op: TernaryOp, a: Storage, aShape: Shape, b: Storage, bShape: Shape, c: Storage, cShape: Shape,
    out: Storage, outShape: Shape, outDtype: DType, value: number,
  ): void;
  /**
   * Reduces axis `axis` of a tensor viewed as [outer, len, inner] into [outer, inner].
   * `amaxIndex`/`aminIndex` write the argmax/argmin (int32).
   */
  reduce(op: ReduceOp, a: Storage, outer: number, len: number, inner: number, out: Storage, outDtype: DType): void;
  /**
   * Batched matrix product: for each batch b, out[b] = op(A[b]) @ op(B[b]) with op = transpose when
   * the flag is set. A[b] starts at b*aBatchStride (0 broadcasts), likewise B. Shapes (after op): m×k @ k×n.
   */
  matmul(
    a: Storage, b: Storage, out: Storage, batch: number, m: number, k: number, n: number,
    aBatchStride: number, bBatchStride: number, transA: boolean, transB: boolean, dtype: DType,
  ): void;
  permute(a: Storage, shape: Shape, perm: readonly number[], out: Storage, dtype: DType): void;
  /** out = a's block [outer, start:start+length, inner] of a tensor viewed as [outer, dimSize, inner]. */
  slice(a: Storage, outer: number, dimSize: number, inner: number, start: number, length: number, out: Storage, dtype: DType): void;
  /** The inverse: writes src ([outer, length, inner]) into out's block (add when `accumulate`). */
  sliceAssign(out: Storage, outer: number, dimSize: number, inner: number, start: number, length: number, src: Storage, dtype: DType, accumulate: boolean): void;
  /** out[o, j, i] = a[o, index[j], i] for a viewed as [outer, dimSize, inner]. */
  indexSelect(a: Storage, outer: number, dimSize: number, inner: number, index: Storage, nIndex: number, out: Storage, dtype: DType): void;
  /** out[o, index[j], i] += src[o, j, i]: the adjoint of indexSelect. */
  indexAdd(out: Storage, outer: number, dimSize: number, inner: number, index: Storage, nIndex: number, src: Storage, dtype: DType): void;
  /** torch.gather along `dim`: out[...i_d...] = a[...index[...]...]; index has the output's shape. */
  gather(a: Storage, aShape: Shape, dim: number, index: Storage, indexShape: Shape, out: Storage, dtype: DType): void;
  /** torch.scatter/scatter_add along `dim` into `out` (in place); mode 'set' or 'add'. */
  scatter(out: Storage, outShape: Shape, dim: number, index: Storage, indexShape: Shape, src: Storage, dtype: DType, mode: 'set' | 'add'): void;
  /** Keeps the upper (k-th diagonal and above) or lower triangle of the last two dims. */
  triangle(a: Storage, batch: number, rows: number, cols: number, k: number, upper: boolean, out: Storage, dtype: DType): void;

  /**
   * Optional: zeroed storage for long-lived optimizer state, placed where the backend's fused
   * updates read it fastest (the cpu backend's WebAssembly arena).
   */
  allocState?(dtype: DType, size: number): Storage;
  // Optional fused optimizer updates: in place on float32 storages, one pass per parameter.
  sgdStep?(p: Storage, g: Storage, buf: Storage | null, size: number, o: SgdOptions): void;
  adamStep?(p: Storage, g: Storage, m: Storage, v: Storage, vmax: Storage | null, size: number, o: AdamOptions): void;
  lionStep?(p: Storage, g: Storage, m: Storage, size: number, o: LionOptions): void;
  rmspropStep?(p: Storage, g: Storage, sq: Storage, buf: Storage | null, gAvg: Storage | null, size: number, o: RmspropOptions): void;
}
