/**
 * float32 matmul on the WebAssembly SIMD micro-kernel (sgemm.wat). Operands are packed into the
 * module's memory — A padded to a multiple of 4 rows, B into 8-wide column panels, transposes
 * folded into the packing — so the kernel streams both with unit stride. Packing is O(n²) against
 * the O(n³) product, which is why small products stay on the plain loops (see cpu.ts).
 */
import { WASM_BASE64 } from './generated/sgemm.js';
import { decodeBase64 } from './base64.js';

type SgemmFn = (
  ap: number, bp: number, c: number, k: number, k0: number, kc: number,
  panelStart: number, panelEnd: number, blockStart: number, blockEnd: number, ldc: number, accumulate: number,
  ldb: number, panelStride: number,
) => void;

/** k-slice and column-panel group per call: a 4×KC A slice (4 KB) stays in L1, a KC×8·NP B slice (64 KB) in L2. */
const KC = 256;
const NP = 8;

/** Rows per A panel: must match the micro-kernel's tile height in sgemm.wat. */
const MR = 4;

const instance = new WebAssembly.Instance(new WebAssembly.Module(decodeBase64(WASM_BASE64)), {});
const memory = instance.exports.memory as WebAssembly.Memory;
const sgemm = instance.exports.sgemm as SgemmFn;
let heap = new Float32Array(memory.buffer);

function ensureBytes(bytes: number): void {
  const have = memory.buffer.byteLength;
  if (bytes > have) {
    memory.grow(Math.ceil((bytes - have) / 65536));
    heap = new Float32Array(memory.buffer);
  }
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
  ensureBytes((cOff + mP * nP) * 4);
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
  // B: when its width is a multiple of 8 the kernel reads it in place (one bulk copy); otherwise
  // it is packed into panels of 8 columns (panel j, row p holds B[p, 8j..8j+7], zero past column n).
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
  for (let k0 = 0; k0 < k || k0 === 0; k0 += KC) {
    const kc = Math.min(KC, k - k0);
    for (let p0 = 0; p0 < panels; p0 += NP) {
      sgemm(aOff * 4, bOff * 4, cOff * 4, k, k0, kc, p0, Math.min(panels, p0 + NP), 0, blocks, nP * 4, k0 > 0 ? 1 : 0, ldb, panelStride);
    }
    if (k === 0) break;
  }
  if (nP === n) out.set(h.subarray(cOff, cOff + m * n), oo);
  else for (let i = 0; i < m; i++) out.set(h.subarray(cOff + i * nP, cOff + i * nP + n), oo + i * n);
}
