/** 2-D convolution (cross-correlation, as PyTorch) via im2col + one matmul. */
import { ArgumentError, ShapeError, cat, full, type Tensor } from '@gradstack/core';
import { im2colIndex, pair, type IntPair } from './im2col.js';

export interface Conv2dOptions {
  stride?: IntPair;
  /** Symmetric padding per side, or 'valid' (none) / 'same' (output size = input size; stride 1). */
  padding?: IntPair | 'valid' | 'same';
  dilation?: IntPair;
  groups?: number;
}

/**
 * input: [N, C, H, W] (or unbatched [C, H, W]); weight: [O, C/groups, kh, kw]; bias: [O].
 * The image is gathered into columns [N·OH·OW, C·kh·kw] and multiplied by the flattened weight.
 */
export function conv2d(input: Tensor, weight: Tensor, bias?: Tensor | null, opts: Conv2dOptions = {}): Tensor {
  if (input.ndim === 3) return conv2d(input.unsqueeze(0), weight, bias, opts).squeeze(0);
  if (input.ndim !== 4) throw new ShapeError(`conv2d: expected a 3-D or 4-D input [N, C, H, W], got [${input.shape.join(',')}]`);
  if (weight.ndim !== 4) throw new ShapeError(`conv2d: expected a 4-D weight [O, C/groups, kh, kw], got [${weight.shape.join(',')}]`);
  const groups = opts.groups ?? 1;
  const [N, C, H, W] = input.shape;
  const [O, Cg, kh, kw] = weight.shape;
  if (!(Number.isInteger(groups) && groups > 0) || C % groups !== 0 || O % groups !== 0) {
    throw new ArgumentError(`conv2d: groups=${groups} must be a positive integer dividing both in channels (${C}) and out channels (${O})`);
  }
  if (Cg * groups !== C) {
    throw new ShapeError(`conv2d: weight [${weight.shape.join(',')}] with groups=${groups} expects input to have ${Cg * groups} channels, but got ${C} (input [${input.shape.join(',')}])`);
  }
  const [sh, sw] = pair(opts.stride ?? 1, 'stride', 'conv2d');
  const [dh, dw] = pair(opts.dilation ?? 1, 'dilation', 'conv2d');
  let padding: [number, number, number, number];
  const p = opts.padding ?? 0;
  if (p === 'valid') padding = [0, 0, 0, 0];
  else if (p === 'same') {
    if (sh !== 1 || sw !== 1) throw new ArgumentError(`conv2d: padding='same' is not supported for strided convolutions`);
    // As PyTorch: total = d·(k − 1), the extra pixel (odd total) goes at the end.
    const th = dh * (kh - 1);
    const tw = dw * (kw - 1);
    padding = [th >> 1, th - (th >> 1), tw >> 1, tw - (tw >> 1)];
  } else {
    const [ph, pw] = pair(p, 'padding', 'conv2d');
    padding = [ph, ph, pw, pw];
  }
  const OH = Math.floor((H + padding[0] + padding[1] - dh * (kh - 1) - 1) / sh) + 1;
  const OW = Math.floor((W + padding[2] + padding[3] - dw * (kw - 1) - 1) / sw) + 1;
  if (OH <= 0 || OW <= 0) {
    throw new ShapeError(`conv2d: input [${input.shape.join(',')}] (padded ${H + padding[0] + padding[1]}x${W + padding[2] + padding[3]}) is smaller than the dilated kernel ${dh * (kh - 1) + 1}x${dw * (kw - 1) + 1}`);
  }
  const { index, usesPad } = im2colIndex({ channels: C, height: H, width: W, kernel: [kh, kw], stride: [sh, sw], padding, dilation: [dh, dw], outHeight: OH, outWidth: OW });
  let flat = input.reshape([N, C * H * W]);
  if (usesPad) flat = cat([flat, full([N, 1], 0, { dtype: input.dtype })], 1);
  const L = OH * OW;
  const K = Cg * kh * kw;
  const cols = flat.indexSelect(1, index); // [N, L·C·kh·kw]
  let y: Tensor;
  if (groups === 1) {
    y = cols.reshape([N * L, K]).matmul(weight.reshape([O, K]).t()); // [N·L, O]
  } else {
    const Og = O / groups;
    const colsG = cols.reshape([N * L, groups, K]).permute([1, 0, 2]); // [G, N·L, K]
    const wG = weight.reshape([groups, Og, K]).transpose(1, 2); // [G, K, Og]
    y = colsG.matmul(wG).permute([1, 0, 2]).reshape([N * L, O]);
  }
  if (bias) y = y.add(bias);
  return y.reshape([N, OH, OW, O]).permute([0, 3, 1, 2]);
}
