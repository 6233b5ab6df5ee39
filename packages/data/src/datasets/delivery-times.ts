import type { Tensor } from '@gradstack/core';
import { checkPositiveInt } from '../check.js';
import { resolveGenerator, type RandomOptions } from '../rng.js';
import { floatTensor, type FloatDType } from '../tensors.js';

export interface DeliveryTimesOptions extends RandomOptions {
  /** Rows (default 2000). */
  n?: number;
  dtype?: FloatDType;
}

export const DELIVERY_FEATURES = ['distance', 'traffic', 'prep', 'value'] as const;

/**
 * The tutorial's delivery-time regression (4 features). Draw order, clipping and noise follow it:
 *   distance = clip(|N(4, 2)|, 0.5, 15)      km
 *   traffic  = randint(1, 11)                 level 1..10
 *   prep     = clip(|N(15, 5)|, 5, 35)        minutes
 *   value    = clip(|N(350, 150)|, 50, 1200)  order value
 *   delivery = clip(8.6 + 7.3·distance + 0.8·prep + 1.5·traffic + N(0, 4), 10, 120)  minutes
 * x is [n, 4] with columns in that order, y is [n, 1].
 */
export function deliveryTimesArrays(options: DeliveryTimesOptions = {}): { x: Float64Array; y: Float64Array } {
  const n = checkPositiveInt(options.n ?? 2000, 'n', 'deliveryTimes');
  const gen = resolveGenerator(options);
  const column = (draw: () => number): Float64Array => {
    const c = new Float64Array(n);
    for (let i = 0; i < n; i++) c[i] = draw();
    return c;
  };
  const distance = column(() => clip(Math.abs(4 + 2 * gen.normal()), 0.5, 15));
  const traffic = column(() => gen.randint(1, 11));
  const prep = column(() => clip(Math.abs(15 + 5 * gen.normal()), 5, 35));
  const value = column(() => clip(Math.abs(350 + 150 * gen.normal()), 50, 1200));
  const x = new Float64Array(n * 4);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[4 * i] = distance[i];
    x[4 * i + 1] = traffic[i];
    x[4 * i + 2] = prep[i];
    x[4 * i + 3] = value[i];
    const noise = 4 * gen.normal();
    y[i] = clip(8.6 + 7.3 * distance[i] + 0.8 * prep[i] + 1.5 * traffic[i] + noise, 10, 120);
  }
  return { x, y };
}

export function deliveryTimes(options: DeliveryTimesOptions = {}): { x: Tensor; y: Tensor; featureNames: string[] } {
  const { x, y } = deliveryTimesArrays(options);
  const dtype = options.dtype ?? 'float32';
  return { x: floatTensor(x, [y.length, 4], dtype), y: floatTensor(y, [y.length, 1], dtype), featureNames: [...DELIVERY_FEATURES] };
}

function clip(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
