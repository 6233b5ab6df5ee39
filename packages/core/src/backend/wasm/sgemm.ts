/**
 * float32 matmul on the WebAssembly SIMD micro-kernel (sgemm.wat). Operands are packed into the
 * module's memory — A in panels of 4 rows, B in panels of 8 columns (or read in place when its
 * width is a multiple of 8), transposes folded into the packing — so the kernel streams both with
 * unit stride. Packing is O(n²) against the O(n³) product, which is why tiny products stay on the
 * plain loops (see cpu.ts). Large products split their rows with a worker thread that shares the
 * module's memory (sgemmThreads.ts); the call stays synchronous.
 */
import { WASM_BASE64 } from './generated/sgemm.js';
import { decodeBase64 } from './base64.js';
import { startHelperThread, type HelperThread } from './sgemmThreads.js';

type SgemmBlockedFn = (
  ap: number, bp: number, c: number, k: number, panels: number, blockStart: number, blockEnd: number,
  ldc: number, ldb: number, panelStride: number,
) => void;

/** Rows per A panel: must match the micro-kernel's tile height in sgemm.wat. */
const MR = 4;
/** Products of at least this many multiply-adds (and 8 row panels) are split across two threads. */
const THREAD_MIN_FLOPS = 1 << 21;
/** Pages of 64 KiB the shared memory may grow to (1 GiB), as declared in sgemm.wat. */
const MAX_PAGES = 16384;

const wasmModule = new WebAssembly.Module(decodeBase64(WASM_BASE64));
const memory = new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES, shared: true });
const sgemmBlocked = new WebAssembly.Instance(wasmModule, { env: { memory } }).exports.sgemmBlocked as SgemmBlockedFn;
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
  return (Math.ceil(m / MR) * MR * k + k * (Math.ceil(n / 8) * 8) + Math.ceil(m / MR) * MR * Math.ceil(n / 8) * 8) * 4 <= MAX_PAGES * 65536;
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
  const aOff = 0;
  const bOff = aOff + mP * k;
  const cOff = bOff + k * nP;
  if (!ensureBytes((cOff + mP * nP) * 4)) throw new RangeError(`matmul: ${m}×${k} @ ${k}×${n} needs more than the kernel's 1 GiB of memory`);
  const h = heap;
  // A into panels of MR rows: panel i, column p holds A[MR·i .. MR·i+MR-1, p] (zero past row m).
  const aRow = transA ? 1 : k;
  const aCol = transA ? m : 1;
  for (let blk = 0; blk < blocks; blk++) {
    const r0 = blk * MR;
    const rows = Math.min(MR, m - r0);
    let d = aOff + blk * k * MR;
    for (let p = 0; p < k; p++, d += MR) {
      let s = ao + r0 * aRow + p * aCol;
      for (let r = 0; r < rows; r++, s += aRow) h[d + r] = a[s];
      for (let r = rows; r < MR; r++) h[d + r] = 0;
    }
  }
  // B: read in place when its width is a multiple of 8 (one bulk copy); otherwise packed into
  // panels of 8 columns (panel j, row p holds B[p, 8j..8j+7], zero past column n).
  const direct = !transB && n === nP;
  if (direct) {
    h.set(b.subarray(bo, bo + k * n), bOff);
  } else {
    for (let j = 0; j < panels; j++) {
      const c0 = j << 3;
      const w = Math.min(8, n - c0);
      let d = bOff + j * k * 8;
      for (let p = 0; p < k; p++, d += 8) {
        if (!transB) {
          const s = bo + p * n + c0;
          for (let jj = 0; jj < w; jj++) h[d + jj] = b[s + jj];
        } else {
          for (let jj = 0; jj < w; jj++) h[d + jj] = b[bo + (c0 + jj) * k + p];
        }
        for (let jj = w; jj < 8; jj++) h[d + jj] = 0;
      }
    }
  }
  const ldb = direct ? n * 4 : 32;
  const panelStride = direct ? 32 : k * 32;
  const args = [aOff * 4, bOff * 4, cOff * 4, k, panels] as const;
  if (m * n * k >= THREAD_MIN_FLOPS && blocks >= 8) {
    if (helper === undefined) helper = startHelperThread(wasmModule, memory);
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
