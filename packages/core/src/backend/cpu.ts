/**
 * The cpu backend: the reference semantics, as TypedArray loops over contiguous row-major storage.
 * Elementwise loops are generated once per (op, access pattern) from the expressions in
 * cpuKernels.ts and cached; matmul and the other structural primitives are written out.
 */
import { allocTyped, type DType, type TypedArray } from '../dtype.js';
import type { Generator } from '../random.js';
import { numelOf, stridesOf, type Shape } from '../shape.js';
import type { Backend, BinaryOp, ReduceOp, TernaryOp, UnaryOp } from './backend.js';
import { BINARY_EXPR, H, TERNARY_EXPR, UNARY_EXPR } from './cpuKernels.js';
import { matmulGeneric } from './cpuMatmul.js';
import * as fusedUpdates from './cpuFusedUpdates.js';
import { arenaAdam, arenaLion, arenaSgd, arenaZeros } from './wasm/optimArena.js';
import type { AdamOptions, LionOptions, RmspropOptions, SgdOptions } from './fusedUpdates.js';
import { wasmSgemm, wasmSgemmFits } from './wasm/sgemm.js';

/** Below this many multiply-adds the packing cost outweighs the SIMD kernel (measured: ~16³). */
const WASM_MATMUL_MIN_FLOPS = 4096;

type T = TypedArray;

type UnaryFn = (a: T, out: T, n: number, p1: number, p2: number) => void;
type BinaryFlatFn = (a: T, b: T, out: T, n: number) => void;
type BinaryScalarFn = (a: T, s: number, out: T, n: number) => void;
type BinaryRowFn = (a: T, ao: number, as: number, b: T, bo: number, bs: number, out: T, oo: number, n: number) => void;
type TernaryRowFn = (
  a: T, ao: number, as: number, b: T, bo: number, bs: number, c: T, co: number, cs: number,
  out: T, oo: number, n: number, v: number,
) => void;

const unaryCache = new Map<string, UnaryFn>();
const binaryFlatCache = new Map<string, BinaryFlatFn>();
const binaryScalarCache = new Map<string, BinaryScalarFn>();
const binaryRowCache = new Map<string, BinaryRowFn>();
const ternaryRowCache = new Map<string, TernaryRowFn>();

function compile<F>(name: string, args: string[], body: string): F {
  // Named, so profiles show which kernel the time went to.
  return new Function('H', `return function ${name}(${args.join(',')}) {${body}}`)(H) as F;
}

function unaryKernel(op: UnaryOp): UnaryFn {
  let f = unaryCache.get(op);
  if (!f) {
    f = compile<UnaryFn>(`unary_${op}`, ['a', 'out', 'n', 'p1', 'p2'], `for (let i = 0; i < n; i++) { const x = a[i]; out[i] = ${UNARY_EXPR[op]}; }`);
    unaryCache.set(op, f);
  }
  return f;
}

function binaryFlatKernel(op: BinaryOp): BinaryFlatFn {
  let f = binaryFlatCache.get(op);
  if (!f) {
    f = compile<BinaryFlatFn>(`binary_${op}`, ['a', 'b', 'out', 'n'], `for (let i = 0; i < n; i++) { const x = a[i], y = b[i]; out[i] = ${BINARY_EXPR[op]}; }`);
    binaryFlatCache.set(op, f);
  }
  return f;
}

function binaryScalarKernel(op: BinaryOp, reversed: boolean): BinaryScalarFn {
  const key = op + (reversed ? 'r' : '');
  let f = binaryScalarCache.get(key);
  if (!f) {
    const load = reversed ? 'const x = s, y = a[i];' : 'const x = a[i], y = s;';
    f = compile<BinaryScalarFn>(`binaryScalar_${key}`, ['a', 's', 'out', 'n'], `for (let i = 0; i < n; i++) { ${load} out[i] = ${BINARY_EXPR[op]}; }`);
    binaryScalarCache.set(key, f);
  }
  return f;
}

function binaryRowKernel(op: BinaryOp): BinaryRowFn {
  let f = binaryRowCache.get(op);
  if (!f) {
    f = compile<BinaryRowFn>(
      `binaryRow_${op}`,
      ['a', 'ao', 'as', 'b', 'bo', 'bs', 'out', 'oo', 'n'],
      `for (let i = 0; i < n; i++) { const x = a[ao + i * as], y = b[bo + i * bs]; out[oo + i] = ${BINARY_EXPR[op]}; }`,
    );
    binaryRowCache.set(op, f);
  }
  return f;
}

function ternaryRowKernel(op: TernaryOp): TernaryRowFn {
  let f = ternaryRowCache.get(op);
  if (!f) {
    f = compile<TernaryRowFn>(
      `ternaryRow_${op}`,
      ['a', 'ao', 'as', 'b', 'bo', 'bs', 'c', 'co', 'cs', 'out', 'oo', 'n', 'v'],
      `for (let i = 0; i < n; i++) { const x = a[ao + i * as], y = b[bo + i * bs], z = c[co + i * cs]; out[oo + i] = ${TERNARY_EXPR[op]}; }`,
    );
    ternaryRowCache.set(op, f);
  }
  return f;
}

/** Strides of `shape` aligned to `outShape`'s rank, 0 on broadcast dims. */
function broadcastStrides(shape: Shape, outShape: Shape): number[] {
  const s = stridesOf(shape);
  const off = outShape.length - shape.length;
  const r = new Array<number>(outShape.length).fill(0);
  for (let i = 0; i < shape.length; i++) r[i + off] = shape[i] === 1 ? 0 : s[i];
  return r;
}

/**
 * Walks the output row by row (the last dim is the inner loop) and calls `row` with the starting
 * offset of each operand; operands advance by their broadcast strides.
 */
function forEachRow(outShape: Shape, strides: number[][], row: (offsets: number[], outOffset: number, n: number) => void): void {
  const nd = outShape.length;
  const n = nd === 0 ? 1 : outShape[nd - 1];
  const total = numelOf(outShape);
  if (total === 0) return;
  const rows = total / n;
  const k = strides.length;
  const idx = new Array<number>(Math.max(nd - 1, 0)).fill(0);
  const offs = new Array<number>(k).fill(0);
  for (let r = 0, oo = 0; r < rows; r++, oo += n) {
    row(offs, oo, n);
    // Increment the multi-index over the leading dims (odometer).
    for (let d = nd - 2; d >= 0; d--) {
      idx[d]++;
      for (let j = 0; j < k; j++) offs[j] += strides[j][d];
      if (idx[d] < outShape[d]) break;
      for (let j = 0; j < k; j++) offs[j] -= strides[j][d] * outShape[d];
      idx[d] = 0;
    }
  }
}

export class CpuBackend implements Backend {
  readonly name = 'cpu';

  describe(): string {
    return 'cpu: TypedArray loops (JavaScript) + WebAssembly SIMD sgemm (f32x4, 4×8 micro-kernel; 2 threads from 256³) and SGD/Adam/AdamW/Lion updates';
  }

  alloc(dtype: DType, size: number): T {
    return allocTyped(dtype, size);
  }

  fromTyped(data: T): T {
    return data;
  }

  read(s: T, dtype: DType, size: number): T {
    const out = allocTyped(dtype, size);
    out.set(s.subarray(0, size));
    return out;
  }

  fill(s: T, _dtype: DType, size: number, value: number): void {
    s.fill(value, 0, size);
  }

  copy(src: T, _srcDtype: DType, dst: T, dstDtype: DType, size: number): void {
    if (dstDtype === 'int32' && !(src instanceof Int32Array)) {
      for (let i = 0; i < size; i++) dst[i] = Math.trunc(src[i]);
    } else if (src.length === size) {
      dst.set(src);
    } else {
      dst.set(src.subarray(0, size));
    }
  }

  random(s: T, _dtype: DType, size: number, kind: 'uniform' | 'normal' | 'bernoulli', a: number, b: number, gen: Generator): void {
    if (kind === 'uniform') for (let i = 0; i < size; i++) s[i] = a + (b - a) * gen.random();
    else if (kind === 'normal') for (let i = 0; i < size; i++) s[i] = a + b * gen.normal();
    else for (let i = 0; i < size; i++) s[i] = gen.random() < a ? 1 : 0;
  }

  unary(op: UnaryOp, a: T, out: T, size: number, _outDtype: DType, p1 = 0, p2 = 0): void {
    unaryKernel(op)(a, out, size, p1, p2);
  }

  binary(op: BinaryOp, a: T, aShape: Shape, b: T, bShape: Shape, out: T, outShape: Shape): void {
    const n = numelOf(outShape);
    const na = numelOf(aShape);
    const nb = numelOf(bShape);
    if (na === n && nb === n) return binaryFlatKernel(op)(a, b, out, n);
    if (nb === 1 && na === n) return binaryScalarKernel(op, false)(a, b[0], out, n);
    if (na === 1 && nb === n) return binaryScalarKernel(op, true)(b, a[0], out, n);
    const sa = broadcastStrides(aShape, outShape);
    const sb = broadcastStrides(bShape, outShape);
    const nd = outShape.length;
    const ia = nd ? sa[nd - 1] : 0;
    const ib = nd ? sb[nd - 1] : 0;
    const k = binaryRowKernel(op);
    forEachRow(outShape, [sa, sb], (offs, oo, len) => k(a, offs[0], ia, b, offs[1], ib, out, oo, len));
  }

  binaryScalar(op: BinaryOp, a: T, s: number, reversed: boolean, out: T, size: number): void {
    binaryScalarKernel(op, reversed)(a, s, out, size);
  }

  ternary(
    op: TernaryOp, a: T, aShape: Shape, b: T, bShape: Shape, c: T, cShape: Shape, out: T, outShape: Shape, _d: DType, value: number,
  ): void {
    const sa = broadcastStrides(aShape, outShape);
    const sb = broadcastStrides(bShape, outShape);
    const sc = broadcastStrides(cShape, outShape);
    const nd = outShape.length;
    const k = ternaryRowKernel(op);
    const n = numelOf(outShape);
    if (numelOf(aShape) === n && numelOf(bShape) === n && numelOf(cShape) === n) {
      k(a, 0, 1, b, 0, 1, c, 0, 1, out, 0, n, value);
      return;
    }
    const ia = nd ? sa[nd - 1] : 0;
    const ib = nd ? sb[nd - 1] : 0;
    const ic = nd ? sc[nd - 1] : 0;
    forEachRow(outShape, [sa, sb, sc], (offs, oo, len) => k(a, offs[0], ia, b, offs[1], ib, c, offs[2], ic, out, oo, len, value));
  }

  reduce(op: ReduceOp, a: T, outer: number, len: number, inner: number, out: T): void {
    for (let o = 0; o < outer; o++) {
      const base = o * len * inner;
      for (let i = 0; i < inner; i++) {
        let p = base + i;
        switch (op) {
          case 'sum': {
            let acc = 0;
            for (let j = 0; j < len; j++, p += inner) acc += a[p];
            out[o * inner + i] = acc;
            break;
          }
          case 'prod': {
            let acc = 1;
            for (let j = 0; j < len; j++, p += inner) acc *= a[p];
            out[o * inner + i] = acc;
            break;
          }
          case 'max':
          case 'min':
          case 'amaxIndex':
          case 'aminIndex': {
            const isMax = op === 'max' || op === 'amaxIndex';
            let best = a[p];
            let bi = 0;
            // NaN wins (propagates), as in PyTorch.
            if (best === best) {
              p += inner;
              for (let j = 1; j < len; j++, p += inner) {
                const x = a[p];
                if (x !== x) { best = x; bi = j; break; }
                if (isMax ? x > best : x < best) { best = x; bi = j; }
              }
            }
            out[o * inner + i] = op === 'max' || op === 'min' ? best : bi;
            break;
          }
        }
      }
    }
  }

  matmul(
    a: T, b: T, out: T, batch: number, m: number, k: number, n: number,
    aBatchStride: number, bBatchStride: number, transA: boolean, transB: boolean, dtype: DType,
  ): void {
    const f = dtype === 'float32' && m * n * k >= WASM_MATMUL_MIN_FLOPS && wasmSgemmFits(m, k, n) ? wasmSgemm : matmulGeneric;
    for (let bi = 0; bi < batch; bi++) {
      f(a as Float32Array, bi * aBatchStride, b as Float32Array, bi * bBatchStride, out as Float32Array, bi * m * n, m, k, n, transA, transB);
    }
  }

  permute(a: T, shape: Shape, perm: readonly number[], out: T): void {
    const nd = shape.length;
    const inStrides = stridesOf(shape);
    const outShape = perm.map((p) => shape[p]);
    // Output walks contiguously; the input stride of each output dim is the permuted input stride.
    const s = perm.map((p) => inStrides[p]);
    const total = numelOf(shape);
    if (total === 0) return;
    if (nd === 2 && perm[0] === 1) {
      const [r, c] = shape;
      for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = a[i * c + j];
      return;
    }
    const si = s[nd - 1];
    forEachRow(outShape, [s], (offs, oo, n) => {
      let p = offs[0];
      for (let i = 0; i < n; i++, p += si) out[oo + i] = a[p];
    });
  }

  slice(a: T, outer: number, dimSize: number, inner: number, start: number, length: number, out: T): void {
    const block = length * inner;
    for (let o = 0; o < outer; o++) {
      const src = (o * dimSize + start) * inner;
      out.set(a.subarray(src, src + block), o * block);
    }
  }

  sliceAssign(out: T, outer: number, dimSize: number, inner: number, start: number, length: number, src: T, _d: DType, accumulate: boolean): void {
    const block = length * inner;
    for (let o = 0; o < outer; o++) {
      const dst = (o * dimSize + start) * inner;
      if (!accumulate) out.set(src.subarray(o * block, o * block + block), dst);
      else for (let i = 0; i < block; i++) out[dst + i] += src[o * block + i];
    }
  }

  indexSelect(a: T, outer: number, dimSize: number, inner: number, index: T, nIndex: number, out: T): void {
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < nIndex; j++) {
        const src = (o * dimSize + index[j]) * inner;
        const dst = (o * nIndex + j) * inner;
        if (inner === 1) out[dst] = a[src];
        else out.set(a.subarray(src, src + inner), dst);
      }
    }
  }

  indexAdd(out: T, outer: number, dimSize: number, inner: number, index: T, nIndex: number, src: T): void {
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < nIndex; j++) {
        const dst = (o * dimSize + index[j]) * inner;
        const s = (o * nIndex + j) * inner;
        for (let i = 0; i < inner; i++) out[dst + i] += src[s + i];
      }
    }
  }

  gather(a: T, aShape: Shape, dim: number, index: T, indexShape: Shape, out: T): void {
    const aStr = stridesOf(aShape);
    const iStr = stridesOf(indexShape);
    const n = numelOf(indexShape);
    const nd = indexShape.length;
    for (let f = 0; f < n; f++) {
      let rem = f;
      let off = 0;
      for (let d = 0; d < nd; d++) {
        const c = Math.floor(rem / iStr[d]);
        rem -= c * iStr[d];
        off += (d === dim ? index[f] : c) * aStr[d];
      }
      out[f] = a[off];
    }
  }

  scatter(out: T, outShape: Shape, dim: number, index: T, indexShape: Shape, src: T, _d: DType, mode: 'set' | 'add'): void {
    const oStr = stridesOf(outShape);
    const iStr = stridesOf(indexShape);
    const n = numelOf(indexShape);
    const nd = indexShape.length;
    for (let f = 0; f < n; f++) {
      let rem = f;
      let off = 0;
      for (let d = 0; d < nd; d++) {
        const c = Math.floor(rem / iStr[d]);
        rem -= c * iStr[d];
        off += (d === dim ? index[f] : c) * oStr[d];
      }
      if (mode === 'add') out[off] += src[f];
      else out[off] = src[f];
    }
  }

  // Fused optimizer updates (float32 storages only; the optimizers check the dtype).
  /** SGD in the WebAssembly SIMD kernel (momentum buffer in the arena); the JS loop when the arena is full. */
  sgdStep(p: T, g: T, buf: T | null, size: number, o: SgdOptions): void {
    const P = p as Float32Array, G = g as Float32Array, B = buf as Float32Array | null;
    if (!arenaSgd(P, G, B, size, o)) fusedUpdates.sgdStep(P, G, B, size, o);
  }

  allocState(dtype: DType, size: number): T {
    return (dtype === 'float32' && arenaZeros(size)) || allocTyped(dtype, size);
  }

  /** Adam/AdamW in the WebAssembly SIMD kernel (state in the arena); the JS loop when the arena is full. */
  adamStep(p: T, g: T, m: T, v: T, vmax: T | null, size: number, o: AdamOptions): void {
    const P = p as Float32Array, G = g as Float32Array, M = m as Float32Array, V = v as Float32Array, VM = vmax as Float32Array | null;
    if (!arenaAdam(P, G, M, V, VM, size, o)) fusedUpdates.adamStep(P, G, M, V, VM, size, o);
  }

  /** Lion in the WebAssembly SIMD kernel (bit-exact with the reference); the JS loop when the arena is full. */
  lionStep(p: T, g: T, m: T, size: number, o: LionOptions): void {
    const P = p as Float32Array, G = g as Float32Array, M = m as Float32Array;
    if (!arenaLion(P, G, M, size, o)) fusedUpdates.lionStep(P, G, M, size, o);
  }

  rmspropStep(p: T, g: T, sq: T, buf: T | null, gAvg: T | null, size: number, o: RmspropOptions): void {
    fusedUpdates.rmspropStep(p as Float32Array, g as Float32Array, sq as Float32Array, buf as Float32Array | null, gAvg as Float32Array | null, size, o);
  }

  triangle(a: T, batch: number, rows: number, cols: number, k: number, upper: boolean, out: T): void {
    for (let b = 0; b < batch; b++) {
      for (let i = 0; i < rows; i++) {
        const base = (b * rows + i) * cols;
        for (let j = 0; j < cols; j++) {
          const keep = upper ? j - i >= k : j - i <= k;
          out[base + j] = keep ? a[base + j] : 0;
        }
      }
    }
  }
}

export const cpuBackend = new CpuBackend();
