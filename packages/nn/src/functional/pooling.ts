/** 2-D max and average pooling, gathering windows with the same im2col tables as conv2d. */
import { ArgumentError, ShapeError, cat, full, tensor, type Tensor } from '@gradstack/core';
import { im2colIndex, pair, type Geometry2d, type IntPair } from './im2col.js';

export interface Pool2dOptions {
  /** Defaults to the kernel size. */
  stride?: IntPair | null;
  padding?: IntPair;
  ceilMode?: boolean;
}

export interface MaxPool2dOptions extends Pool2dOptions {
  dilation?: IntPair;
}

export interface AvgPool2dOptions extends Pool2dOptions {
  /** Count padding zeros in the divisor (default true, as PyTorch). */
  countIncludePad?: boolean;
  divisorOverride?: number | null;
}

/** PyTorch's pooling output size, including ceil mode's "last window must start inside" rule. */
function outSize(n: number, k: number, s: number, p: number, d: number, ceil: boolean): number {
  const span = n + 2 * p - d * (k - 1) - 1;
  let o = (ceil ? Math.ceil(span / s) : Math.floor(span / s)) + 1;
  if (ceil && (o - 1) * s >= n + p) o--;
  return o;
}

function geometry(x: Tensor, kernelSize: IntPair, o: MaxPool2dOptions, op: string): Geometry2d {
  const [kh, kw] = pair(kernelSize, 'kernelSize', op);
  const [sh, sw] = pair(o.stride ?? [kh, kw], 'stride', op);
  const [ph, pw] = pair(o.padding ?? 0, 'padding', op);
  const [dh, dw] = pair(o.dilation ?? 1, 'dilation', op);
  if (ph > kh / 2 || pw > kw / 2) throw new ArgumentError(`${op}: pad should be at most half of effective kernel size, but got pad=(${ph}, ${pw}) and kernel_size=(${kh}, ${kw})`);
  const [, , H, W] = x.shape;
  const ceil = o.ceilMode ?? false;
  const OH = outSize(H, kh, sh, ph, dh, ceil);
  const OW = outSize(W, kw, sw, pw, dw, ceil);
  if (OH <= 0 || OW <= 0) throw new ShapeError(`${op}: input [${x.shape.join(',')}] is too small for kernel ${kh}x${kw}`);
  return { channels: 1, height: H, width: W, kernel: [kh, kw], stride: [sh, sw], padding: [ph, ph, pw, pw], dilation: [dh, dw], outHeight: OH, outWidth: OW };
}

function batched(x: Tensor, op: string): Tensor {
  if (x.ndim === 3) return x.unsqueeze(0);
  if (x.ndim !== 4) throw new ShapeError(`${op}: expected a 3-D or 4-D input [N, C, H, W], got [${x.shape.join(',')}]`);
  return x;
}

/** Windows of every channel: [N·C, OH·OW, kh·kw], padding filled with `padValue`. */
function windows(x: Tensor, g: Geometry2d, padValue: number): Tensor {
  const [N, C, H, W] = x.shape;
  const { index, usesPad } = im2colIndex({ ...g, channels: 1 });
  let flat = x.reshape([N * C, H * W]);
  if (usesPad) flat = cat([flat, full([N * C, 1], padValue, { dtype: x.dtype })], 1);
  return flat.indexSelect(1, index).reshape([N * C, g.outHeight * g.outWidth, g.kernel[0] * g.kernel[1]]);
}

export function maxPool2d(input: Tensor, kernelSize: IntPair, opts: MaxPool2dOptions = {}): Tensor {
  const x = batched(input, 'maxPool2d');
  const g = geometry(x, kernelSize, opts, 'maxPool2d');
  const [N, C] = x.shape;
  // max(dim) routes the gradient to one element per window (the first maximum), as PyTorch.
  const out = windows(x, g, -Infinity).max(2).values.reshape([N, C, g.outHeight, g.outWidth]);
  return input.ndim === 3 ? out.squeeze(0) : out;
}

/** Max pooling plus, like PyTorch's returnIndices, each maximum's flat index within its H·W plane. */
export function maxPool2dWithIndices(input: Tensor, kernelSize: IntPair, opts: MaxPool2dOptions = {}): [Tensor, Tensor] {
  const x = batched(input, 'maxPool2d');
  const g = geometry(x, kernelSize, opts, 'maxPool2d');
  const [N, C] = x.shape;
  const [values, arg] = windows(x, g, -Infinity).max(2);
  const table = im2colIndex({ ...g, channels: 1 }).index.data();
  const kk = g.kernel[0] * g.kernel[1];
  const a = arg.data();
  const L = g.outHeight * g.outWidth;
  const flatIdx = new Int32Array(a.length);
  for (let i = 0; i < a.length; i++) flatIdx[i] = table[(i % L) * kk + a[i]];
  const shape = [N, C, g.outHeight, g.outWidth];
  const out = values.reshape(shape);
  const idx = tensor(flatIdx, { shape });
  return input.ndim === 3 ? [out.squeeze(0), idx.squeeze(0)] : [out, idx];
}

export function avgPool2d(input: Tensor, kernelSize: IntPair, opts: AvgPool2dOptions = {}): Tensor {
  const x = batched(input, 'avgPool2d');
  const g = geometry(x, kernelSize, opts, 'avgPool2d');
  const [N, C, H, W] = x.shape;
  const sums = windows(x, g, 0).sum(2); // [N·C, L]
  const divisor = opts.divisorOverride ?? null;
  let out: Tensor;
  if (divisor !== null) {
    if (!(divisor !== 0)) throw new ArgumentError(`avgPool2d: divisorOverride must be non-zero`);
    out = sums.div(divisor);
  } else {
    out = sums.div(avgDivisors(g, H, W, opts.countIncludePad ?? true, x.dtype));
  }
  const r = out.reshape([N, C, g.outHeight, g.outWidth]);
  return input.ndim === 3 ? r.squeeze(0) : r;
}

/** PyTorch's per-window divisor: the window clipped to the padded input, or to the input itself. */
function avgDivisors(g: Geometry2d, H: number, W: number, includePad: boolean, dtype: Tensor['dtype']): Tensor {
  const [kh, kw] = g.kernel;
  const [sh, sw] = g.stride;
  const [ph, , pw] = g.padding;
  const d = new Float64Array(g.outHeight * g.outWidth);
  for (let oh = 0; oh < g.outHeight; oh++) {
    for (let ow = 0; ow < g.outWidth; ow++) {
      let h0 = oh * sh - ph;
      let w0 = ow * sw - pw;
      let h1 = Math.min(h0 + kh, H + ph);
      let w1 = Math.min(w0 + kw, W + pw);
      const poolSize = (h1 - h0) * (w1 - w0);
      h0 = Math.max(h0, 0);
      w0 = Math.max(w0, 0);
      h1 = Math.min(h1, H);
      w1 = Math.min(w1, W);
      d[oh * g.outWidth + ow] = includePad ? poolSize : (h1 - h0) * (w1 - w0);
    }
  }
  return tensor(d, { dtype });
}
