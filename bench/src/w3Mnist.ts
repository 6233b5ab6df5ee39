/** W3: MNIST-shaped MLP 784-128-10, softmax cross-entropy, batch 128, Adam 1e-3: steps/s. */
import { w3Spec } from './data.js';
import type { Context, Row } from './results.js';
import { runTraining } from './train.js';

export function runW3(ctx: Context): Promise<Row[]> {
  return runTraining(ctx, 'W3', 'MLP 784-128-10, batch 128, Adam', w3Spec());
}
