/**
 * bitsandbytes' 8-bit dynamic quantization, as plain TypedArray code (bitsandbytes/functional.py
 * `create_dynamic_map`, `quantize_blockwise`/`dequantize_blockwise`; csrc/kernels.cu `quantize_2D`).
 *
 *   map (signed):   for i = 0 … 6:  b = linspace(0.1, 1, 2ⁱ + 1) (float32),  means (b[k] + b[k+1])/2,
 *                   values ±10^(i−6)·means;  plus 0 and 1;  sorted → 256 codes in [−1, 1]
 *   map (unsigned): the same with 2^(i+1) + 1 boundaries and no negatives → 256 codes in [0, 1]
 *   quantize:       per block of `blockSize` consecutive flat elements: absmax = max|x|,
 *                   code index = nearest(map, x/absmax)
 *   dequantize:     x ≈ map[code]·absmax
 *
 * The dynamic map spends its codes on orders of magnitude (the exponent) as well as on the
 * fraction, so the small entries of Adam's second moment keep a few significant digits.
 */

/** Block size of bitsandbytes' blockwise optimizers (fixed at 256 for the 8-bit optimizer state). */
export const BLOCK_SIZE = 256;

const f32 = Math.fround;

/** torch.linspace on CPU in float32: first half start + step·k, second half end − step·(n − 1 − k). */
function linspaceFloat32(start: number, end: number, steps: number): Float32Array {
  const out = new Float32Array(steps);
  const step = f32(f32(f32(end) - f32(start)) / (steps - 1));
  const half = Math.floor(steps / 2);
  for (let k = 0; k < steps; k++) out[k] = k < half ? f32(start) + f32(step * k) : f32(end) - f32(step * (steps - 1 - k));
  return out;
}

/** create_dynamic_map(signed, maxExponentBits, totalBits): 2^totalBits ascending float32 codes. */
export function createDynamicMap(signed: boolean, maxExponentBits = 7, totalBits = 8): Float32Array {
  const data: number[] = [];
  const nonSignBits = totalBits - 1;
  for (let i = 0; i < maxExponentBits; i++) {
    const fractionItems = signed ? 2 ** (i + nonSignBits - maxExponentBits) + 1 : 2 ** (i + nonSignBits - maxExponentBits + 1) + 1;
    const boundaries = linspaceFloat32(0.1, 1, fractionItems);
    const scale = f32(10 ** (-(maxExponentBits - 1) + i));
    for (let k = 0; k + 1 < boundaries.length; k++) {
      const mean = f32(f32(boundaries[k] + boundaries[k + 1]) / 2);
      data.push(f32(scale * mean));
      if (signed) data.push(f32(-scale * mean));
    }
  }
  data.push(0, 1);
  while (data.length < 2 ** totalBits) data.push(0);
  return Float32Array.from(data.sort((a, b) => a - b));
}

/** code1 of Adam8bit (first moment, signed) and code2 (second moment, unsigned). */
export const SIGNED_MAP = createDynamicMap(true);
export const UNSIGNED_MAP = createDynamicMap(false);

/**
 * The kernel's nearest-code search (quantize_2D): binary search from pivot 127 in steps 64 … 1,
 * then the final pivot or its bracketing neighbour by the float32 midpoint — a value exactly on a
 * midpoint keeps the pivot. NaN (0/0 of an all-zero block) falls through to code 0.
 */
export function quantizeNearest(code: Float32Array, x: number, signed: boolean): number {
  let pivot = 127;
  let upperPivot = 255;
  let lowerPivot = 0;
  let lower = signed ? -1 : 0;
  let upper = 1;
  let val = code[pivot];
  for (let i = 64; i > 0; i >>= 1) {
    if (x > val) {
      lowerPivot = pivot;
      lower = val;
      pivot += i;
    } else {
      upperPivot = pivot;
      upper = val;
      pivot -= i;
    }
    val = code[pivot];
  }
  if (x > val) return x > f32(f32(upper + val) * 0.5) ? upperPivot : pivot;
  return x < f32(f32(lower + val) * 0.5) ? lowerPivot : pivot;
}

export interface QuantizedBlocks {
  /** One code index per element. */
  codes: Uint8Array;
  /** max|x| of each block of `blockSize` consecutive elements (the last block may be partial). */
  absmax: Float32Array;
}

/** quantize_blockwise: absmax per block, then the nearest code of x·(1/absmax). */
export function quantizeBlockwise(values: ArrayLike<number>, code: Float32Array, signed: boolean, blockSize = BLOCK_SIZE): QuantizedBlocks {
  const n = values.length;
  const blocks = Math.ceil(n / blockSize);
  const codes = new Uint8Array(n);
  const absmax = new Float32Array(blocks);
  for (let b = 0; b < blocks; b++) {
    const lo = b * blockSize;
    const hi = Math.min(lo + blockSize, n);
    let max = 0;
    for (let i = lo; i < hi; i++) max = Math.max(max, Math.abs(values[i]));
    absmax[b] = max;
    const inv = f32(1 / f32(max));
    for (let i = lo; i < hi; i++) codes[i] = quantizeNearest(code, f32(f32(values[i]) * inv), signed);
  }
  return { codes, absmax };
}

/** dequantize_blockwise: map[code]·absmax of the element's block. */
export function dequantizeBlockwise(q: QuantizedBlocks, code: Float32Array, blockSize = BLOCK_SIZE): Float32Array {
  const out = new Float32Array(q.codes.length);
  for (let i = 0; i < out.length; i++) out[i] = code[q.codes[i]] * q.absmax[Math.floor(i / blockSize)];
  return out;
}
