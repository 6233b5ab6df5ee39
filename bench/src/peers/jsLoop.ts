/**
 * The JavaScript floor: hand-written single-pass loops over Float32Array, no allocation in the
 * timed path. A framework running in plain JS cannot beat these by more than noise; a wasm SIMD
 * kernel should. Optimizer updates are fused (one pass reads p, g and the state once), which is
 * what the W4 target compares gradstack against.
 */
import { ADAFACTOR, ADAM8BIT_BLOCK, ADAMW_WD, BETAS, EPS, LION_BETAS, SGD_MOMENTUM } from '../hparams.js';
import type { ElementwiseCase, ElementwiseKind, MatmulCase, OptimCase, OptimSpec, Peer } from '../types.js';

/** C = A·B in i-k-j order: the inner loop walks B and C rows contiguously. */
export function matmulLoop(a: Float32Array, b: Float32Array, c: Float32Array, n: number): void {
  c.fill(0);
  for (let i = 0; i < n; i++) {
    const ci = i * n;
    for (let k = 0; k < n; k++) {
      const aik = a[ci + k];
      const bk = k * n;
      for (let j = 0; j < n; j++) c[ci + j] += aik * b[bk + j];
    }
  }
}

function sgdCase(p: Float32Array, g: Float32Array, lr: number): () => void {
  const buf = new Float32Array(p.length);
  let first = true;
  return () => {
    // PyTorch: the first step seeds the buffer with the gradient itself.
    if (first) {
      for (let i = 0; i < p.length; i++) {
        buf[i] = g[i];
        p[i] -= lr * g[i];
      }
      first = false;
      return;
    }
    for (let i = 0; i < p.length; i++) {
      const b = SGD_MOMENTUM * buf[i] + g[i];
      buf[i] = b;
      p[i] -= lr * b;
    }
  };
}

function adamCase(p: Float32Array, g: Float32Array, lr: number, wd: number): () => void {
  const m = new Float32Array(p.length);
  const v = new Float32Array(p.length);
  const [b1, b2] = BETAS;
  let t = 0;
  return () => {
    t++;
    const stepSize = lr / (1 - b1 ** t);
    const bc2 = 1 / Math.sqrt(1 - b2 ** t);
    const decay = 1 - lr * wd;
    for (let i = 0; i < p.length; i++) {
      const gi = g[i];
      const mi = b1 * m[i] + (1 - b1) * gi;
      const vi = b2 * v[i] + (1 - b2) * gi * gi;
      m[i] = mi;
      v[i] = vi;
      p[i] = p[i] * decay - (stepSize * mi) / (Math.sqrt(vi) * bc2 + EPS);
    }
  };
}

function lionCase(p: Float32Array, g: Float32Array, lr: number): () => void {
  const m = new Float32Array(p.length);
  const [b1, b2] = LION_BETAS;
  return () => {
    for (let i = 0; i < p.length; i++) {
      const gi = g[i];
      const c = b1 * m[i] + (1 - b1) * gi;
      p[i] -= lr * (c > 0 ? 1 : c < 0 ? -1 : 0);
      m[i] = b2 * m[i] + (1 - b2) * gi;
    }
  };
}

/**
 * torch.optim.Adafactor on a [rows, cols] matrix: factored second moment (row and column means of
 * g²), relative step size, RMS clipping. Three passes are the minimum: the statistics, the update
 * norm, then the apply.
 */
function adafactorCase(p: Float32Array, g: Float32Array, rows: number, cols: number, lr: number): () => void {
  const rowVar = new Float32Array(rows);
  const colVar = new Float32Array(cols);
  const rowSq = new Float64Array(rows);
  const colSq = new Float64Array(cols);
  const { beta2Decay, eps1, eps2, d } = ADAFACTOR;
  let t = 0;
  return () => {
    t++;
    const w = t ** beta2Decay; // 1 - beta2_t
    rowSq.fill(0);
    colSq.fill(0);
    let pSq = 0;
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      let s = 0;
      for (let c = 0; c < cols; c++) {
        const gi = g[o + c];
        const q = gi * gi;
        s += q;
        colSq[c] += q;
        pSq += p[o + c] * p[o + c];
      }
      rowSq[r] = s;
    }
    let rowMean = 0;
    for (let r = 0; r < rows; r++) {
      rowVar[r] += w * (rowSq[r] / cols - rowVar[r]);
      rowMean += rowVar[r];
    }
    for (let c = 0; c < cols; c++) colVar[c] += w * (colSq[c] / rows - colVar[c]);
    const rowScale = 1 / Math.max(rowMean / rows, eps1);
    let uSq = 0;
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      const rv = rowVar[r] * rowScale;
      for (let c = 0; c < cols; c++) {
        const u = g[o + c] / Math.sqrt(Math.max(rv * colVar[c], eps1 * eps1));
        uSq += u * u;
      }
    }
    const n = rows * cols;
    const rho = Math.min(lr, 1 / Math.sqrt(t));
    const alpha = Math.max(eps2, Math.sqrt(pSq / n)) * rho;
    const denom = Math.max(1, Math.sqrt(uSq) / (Math.sqrt(n) * d));
    const k = alpha / denom;
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      const rv = rowVar[r] * rowScale;
      for (let c = 0; c < cols; c++) p[o + c] -= (k * g[o + c]) / Math.sqrt(Math.max(rv * colVar[c], eps1 * eps1));
    }
  };
}

/**
 * Adam with block-wise absmax 8-bit state: m as int8, v as uint8 (both linear codes, one float32
 * scale per block). bitsandbytes uses a non-linear dynamic code; the memory traffic — the thing a
 * floor measures — is the same.
 */
function adam8bitCase(p: Float32Array, g: Float32Array, lr: number): { run: () => void; bytes: number } {
  const n = p.length;
  const blocks = Math.ceil(n / ADAM8BIT_BLOCK);
  const mq = new Int8Array(n);
  const vq = new Uint8Array(n);
  const mScale = new Float32Array(blocks);
  const vScale = new Float32Array(blocks);
  const mTmp = new Float32Array(ADAM8BIT_BLOCK);
  const vTmp = new Float32Array(ADAM8BIT_BLOCK);
  const [b1, b2] = BETAS;
  let t = 0;
  const run = (): void => {
    t++;
    const stepSize = lr / (1 - b1 ** t);
    const bc2 = 1 / Math.sqrt(1 - b2 ** t);
    for (let blk = 0; blk < blocks; blk++) {
      const lo = blk * ADAM8BIT_BLOCK;
      const hi = Math.min(n, lo + ADAM8BIT_BLOCK);
      const ms = mScale[blk] / 127;
      const vs = vScale[blk] / 255;
      let mMax = 0;
      let vMax = 0;
      for (let i = lo; i < hi; i++) {
        const gi = g[i];
        const mi = b1 * mq[i] * ms + (1 - b1) * gi;
        const vi = b2 * vq[i] * vs + (1 - b2) * gi * gi;
        mTmp[i - lo] = mi;
        vTmp[i - lo] = vi;
        const am = mi < 0 ? -mi : mi;
        if (am > mMax) mMax = am;
        if (vi > vMax) vMax = vi;
        p[i] -= (stepSize * mi) / (Math.sqrt(vi) * bc2 + EPS);
      }
      mScale[blk] = mMax;
      vScale[blk] = vMax;
      const mInv = mMax > 0 ? 127 / mMax : 0;
      const vInv = vMax > 0 ? 255 / vMax : 0;
      for (let i = lo; i < hi; i++) {
        mq[i] = Math.round(mTmp[i - lo] * mInv);
        vq[i] = Math.round(vTmp[i - lo] * vInv);
      }
    }
  };
  return { run, bytes: mq.byteLength + vq.byteLength + mScale.byteLength + vScale.byteLength };
}

const stateFloats: Record<string, (rows: number, cols: number) => number> = {
  sgd: (r, c) => r * c,
  adam: (r, c) => 2 * r * c,
  adamw: (r, c) => 2 * r * c,
  lion: (r, c) => r * c,
  adafactor: (r, c) => r + c,
};

export const jsLoopPeer: Peer = {
  name: 'JS loop',
  version: () => `hand-written Float32Array loops (node ${process.version})`,

  async matmul(a, b, n): Promise<MatmulCase> {
    const c = new Float32Array(n * n);
    return { run: () => matmulLoop(a, b, c, n), result: () => c, dispose: () => {} };
  },

  async optimizer(spec: OptimSpec): Promise<OptimCase> {
    const p = spec.param.slice();
    const g = spec.grad;
    let run: () => void;
    let bytes = 4 * (stateFloats[spec.kind]?.(spec.rows, spec.cols) ?? 0);
    switch (spec.kind) {
      case 'sgd':
        run = sgdCase(p, g, spec.lr);
        break;
      case 'adam':
        run = adamCase(p, g, spec.lr, 0);
        break;
      case 'adamw':
        run = adamCase(p, g, spec.lr, ADAMW_WD);
        break;
      case 'lion':
        run = lionCase(p, g, spec.lr);
        break;
      case 'adafactor':
        run = adafactorCase(p, g, spec.rows, spec.cols, spec.lr);
        break;
      case 'adam8bit': {
        const c = adam8bitCase(p, g, spec.lr);
        run = c.run;
        bytes = c.bytes;
        break;
      }
    }
    return { run, stateBytes: () => bytes, sample: () => p.slice(0, 8), dispose: () => {} };
  },

  async elementwise(kind: ElementwiseKind, a, b, c): Promise<ElementwiseCase> {
    const out = new Float32Array(a.length);
    const run =
      kind === 'fma'
        ? () => {
            for (let i = 0; i < out.length; i++) out[i] = a[i] * b[i] + c[i];
          }
        : () => {
            for (let i = 0; i < out.length; i++) {
              // Math.max compiles branch-free; `v > 0 ? v : 0` mispredicts on random signs.
              out[i] = Math.max(a[i] * b[i] + c[i], 0);
            }
          };
    return { run, result: () => out, dispose: () => {} };
  },
};
