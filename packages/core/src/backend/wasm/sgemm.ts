/**
 * float32 matmul on the WebAssembly SIMD micro-kernel (sgemm.wat). Operands are copied into the
 * module's memory and packed there by the module — A in panels of 4 rows, B in panels of 8
 * columns (or read in place when its width is a multiple of 8), transposes folded into the
 * packing — so the kernel streams both with unit stride. Packing is O(n²) against the O(n³) product, which is why tiny products stay on the
 * plain loops (see cpu.ts). Large products split their rows with a worker thread that shares the
 * module's memory (sgemmThreads.ts); the call stays synchronous.
 */
import { WASM_BASE64, WASM_BASE64_UNSHARED } from './generated/sgemm.js';
import { instantiateKernels, SHARED_MEMORY } from './memory.js';
import { startHelperThread, type HelperThread } from './sgemmThreads.js';

type SgemmBlockedFn = (
  ap: number, bp: number, c: number, k: number, panels: number, blockStart: number, blockEnd: number,
  ldc: number, ldb: number, panelStride: number,
) => void;

/** Rows per A panel: must match the micro-kernel's tile height in sgemm.wat. */
const MR = 4;
/** Products of at least this many multiply-adds (and 8 row panels) are split across two threads (measured: below ~256³ the hand-off costs what it saves). */
const THREAD_MIN_FLOPS = 1 << 24;
/** Pages of 64 KiB the shared memory may grow to (1 GiB), as declared in sgemm.wat. */
const MAX_PAGES = 16384;

const { module: wasmModule, memory, exports: kernels } = instantiateKernels(WASM_BASE64, WASM_BASE64_UNSHARED, MAX_PAGES);
const sgemmBlocked = kernels.sgemmBlocked as SgemmBlockedFn;
type PackFn = (src: number, dst: number, rows: number, cols: number, trans: number) => void;
const packA = kernels.packA as PackFn;
const packB = kernels.packB as PackFn;
let heap = new Float32Array(memory.buffer);
let helper: HelperThread | null | undefined;

function ensureBytes(bytes: number): boolean {
  const have = memory.buffer.byteLength;
  if (bytes > have) {
    const pages = Math.ceil((bytes - have) / 65536);
    if (have / 65536 + pages > MAX_PAGES) return false;
    memory.grow(pages);
  }
  if (heap.buffer !== memory.buffer) heap = new Float32Array(memory.buffer);
  return true;
}

/** Whether the product fits the kernel's memory (1 GiB for both operands and the result). */
export function wasmSgemmFits(m: number, k: number, n: number): boolean {
  const mP = Math.ceil(m / MR) * MR;
  const nP = Math.ceil(n / 8) * 8;
  return (m * k + k * n + mP * k + k * nP + mP * nP) * 4 <= MAX_PAGES * 65536;
}

/** out[oo..] (m×n) = op(A) @ op(B), op = transpose when flagged; all float32, row-major. */
export function wasmSgemm(
  a: Float32Array, ao: number, b: Float32Array, bo: number, out: Float32Array, oo: number,
  m: number, k: number, n: number, transA: boolean, transB: boolean,
): void {
  const blocks = Math.ceil(m / MR);
  const mP = blocks * MR;
  const panels = (n + 7) >> 3;
  const nP = panels << 3;
  // B is read in place when its width is a multiple of 8 (one bulk copy); otherwise it is copied
  // raw and packed into panels of 8 columns by the module (panel j, row p holds B[p, 8j..8j+7]).
  const direct = !transB && n === nP;
  // Layout (floats): raw A | raw B (when packed) | packed A | B panels | C.
  const rawA = 0;
  const rawB = rawA + m * k;
  const aOff = rawB + (direct ? 0 : k * n);
  const bOff = aOff + mP * k;
  const cOff = bOff + k * nP;
  if (!ensureBytes((cOff + mP * nP) * 4)) throw new RangeError(`matmul: ${m}×${k} @ ${k}×${n} needs more than the kernel's 1 GiB of memory`);
  const h = heap;
  h.set(a.subarray(ao, ao + m * k), rawA);
  packA(rawA * 4, aOff * 4, m, k, transA ? 1 : 0);
  if (direct) {
    h.set(b.subarray(bo, bo + k * n), bOff);
  } else {
    h.set(b.subarray(bo, bo + k * n), rawB);
    packB(rawB * 4, bOff * 4, k, n, transB ? 1 : 0);
  }
  const ldb = direct ? n * 4 : 32;
  const panelStride = direct ? 32 : k * 32;
  const args = [aOff * 4, bOff * 4, cOff * 4, k, panels] as const;
  if (m * n * k >= THREAD_MIN_FLOPS && blocks >= 8) {
    if (helper === undefined) helper = SHARED_MEMORY ? startHelperThread(wasmModule, memory) : null;
  }
  if (helper && helper.ready() && m * n * k >= THREAD_MIN_FLOPS && blocks >= 8) {
    const split = blocks >> 1;
    helper.post([...args, split, blocks, nP * 4, ldb, panelStride]);
    sgemmBlocked(...args, 0, split, nP * 4, ldb, panelStride);
    helper.wait();
  } else if (k > 0) {
    sgemmBlocked(...args, 0, blocks, nP * 4, ldb, panelStride);
  } else {
    h.fill(0, cOff, cOff + mP * nP);
  }
  if (nP === n) out.set(h.subarray(cOff, cOff + m * n), oo);
  else for (let i = 0; i < m; i++) out.set(h.subarray(cOff + i * nP, cOff + i * nP + n), oo + i * n);
}
