/**
 * bitsandbytes' 8-bit dynamic quantization map and its nearest-code search
 * (bitsandbytes/functional.py `create_dynamic_map`, csrc/kernels.cu `quantize_2D`).
 */
import { f32 } from './float32.js';

/** torch.linspace in float32 on CPU: first half start + step·k, second half end − step·(n − 1 − k). */
export function linspaceFloat32(start: number, end: number, steps: number): number[] {
  const s = f32(start);
  const e = f32(end);
  const step = f32(f32(e - s) / (steps - 1));
  const halfway = Math.floor(steps / 2);
  const out: number[] = [];
  for (let k = 0; k < steps; k++) {
    out.push(k < halfway ? f32(s + f32(step * k)) : f32(e - f32(step * (steps - 1 - k))));
  }
  return out;
}

/** create_dynamic_map(signed, max_exponent_bits = 7, total_bits = 8): 256 ascending float32 values. */
export function createDynamicMap(signed: boolean, maxExponentBits = 7, totalBits = 8): number[] {
  const data: number[] = [];
  const nonSignBits = totalBits - 1;
  for (let i = 0; i < maxExponentBits; i++) {
    const fractionItems = signed ? 2 ** (i + nonSignBits - maxExponentBits) + 1 : 2 ** (i + nonSignBits - maxExponentBits + 1) + 1;
    const boundaries = linspaceFloat32(0.1, 1, fractionItems);
    const scale = f32(10 ** (-(maxExponentBits - 1) + i));
    const means = boundaries.slice(0, -1).map((b, k) => f32(f32(b + boundaries[k + 1]) / 2));
    data.push(...means.map((mean) => f32(scale * mean)));
    if (signed) data.push(...means.map((mean) => f32(-scale * mean)));
  }
  data.push(0, 1);
  while (data.length < 2 ** totalBits) data.push(0);
  return data.sort((a, b) => a - b);
}

/**
 * quantize_2D<SIGNED>: binary search from pivot 127 with steps 64, 32, ..., 1, then pick the final
 * pivot or its bracketing neighbour by the float32 midpoint; a value exactly on a midpoint keeps the pivot.
 */
export function quantizeNearest(code: readonly number[], x: number, signed: boolean): number {
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
  if (x > val) {
    const midpoint = f32(f32(upper + val) * 0.5);
    return x > midpoint ? upperPivot : pivot;
  }
  const midpoint = f32(f32(lower + val) * 0.5);
  return x < midpoint ? lowerPivot : pivot;
}
