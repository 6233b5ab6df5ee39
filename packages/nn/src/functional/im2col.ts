/**
 * im2col as a gather: for a [C, H, W] image, the flat source index of every (output position,
 * channel, kernel offset). Positions that fall in the padding point one past the image, at a slot
 * the caller appends holding the padding value (0 for conv, −∞ for max pooling). Tables are cached
 * per geometry, so a training loop builds each once.
 */
import { tensor, type Tensor } from '@gradstack/core';

export interface Geometry2d {
  channels: number;
  height: number;
  width: number;
  kernel: [number, number];
  stride: [number, number];
  /** [top, bottom, left, right]: 'same' padding may be asymmetric. */
  padding: [number, number, number, number];
  dilation: [number, number];
  outHeight: number;
  outWidth: number;
}

export interface Im2col {
  /** int32 [outH·outW·C·kh·kw], ordered (oh, ow, c, ki, kj). */
  index: Tensor;
  /** Whether any entry points at the padding slot (C·H·W). */
  usesPad: boolean;
}

const cache = new Map<string, Im2col>();
const CACHE_LIMIT = 64;

export function im2colIndex(g: Geometry2d): Im2col {
  const key = JSON.stringify(g);
  const hit = cache.get(key);
  if (hit) return hit;
  const { channels: C, height: H, width: W, kernel: [kh, kw], stride: [sh, sw], padding: [pt, , pl], dilation: [dh, dw], outHeight: OH, outWidth: OW } = g;
  const pad = C * H * W;
  const idx = new Int32Array(OH * OW * C * kh * kw);
  let usesPad = false;
  let n = 0;
  for (let oh = 0; oh < OH; oh++) {
    for (let ow = 0; ow < OW; ow++) {
      for (let c = 0; c < C; c++) {
        for (let i = 0; i < kh; i++) {
          const h = oh * sh - pt + i * dh;
          for (let j = 0; j < kw; j++) {
            const w = ow * sw - pl + j * dw;
            if (h < 0 || h >= H || w < 0 || w >= W) {
              idx[n++] = pad;
              usesPad = true;
            } else {
              idx[n++] = (c * H + h) * W + w;
            }
          }
        }
      }
    }
  }
  const entry = { index: tensor(idx, { shape: [idx.length] }), usesPad };
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, entry);
  return entry;
}

export type IntPair = number | readonly [number, number] | readonly number[];

export function pair(v: IntPair, name: string, op: string): [number, number] {
  const p: [number, number] = typeof v === 'number' ? [v, v] : v.length === 1 ? [v[0], v[0]] : [v[0], v[1]];
  if (!p.every((x) => Number.isInteger(x))) throw new RangeError(`${op}: ${name} must be an integer or a pair of integers, got ${JSON.stringify(v)}`);
  return p;
}
