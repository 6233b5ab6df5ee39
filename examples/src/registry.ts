/** Every runnable example, by the name `pnpm example <name>` takes. */
import type { Example } from './example.js';
import { adamFromScratch } from './examples/adam-from-scratch.js';
import { classification } from './examples/classification.js';
import { clipping } from './examples/clipping.js';
import { deliveryTimesExample } from './examples/delivery-times.js';
import { digits } from './examples/digits.js';
import { landscapesExample } from './examples/landscapes.js';
import { optimizerMemory } from './examples/optimizer-memory.js';
import { schedulesExample } from './examples/schedules.js';
import { secondOrder } from './examples/second-order.js';
import { sineFit } from './examples/sine-fit.js';

/** In issue 8's order; sine-fit first, as it is `pnpm demo`. */
export const examples: readonly Example[] = [
  sineFit, deliveryTimesExample, classification, digits, adamFromScratch, landscapesExample, schedulesExample, clipping, optimizerMemory, secondOrder,
];

export function findExample(name: string): Example | undefined {
  return examples.find((e) => e.name === name);
}
