/** W2: the tutorials' MLP 4-64-32-1, ReLU, MSE, batch 64, AdamW(1e-3, wd 0.01): steps/s. */
import { w2Spec } from './data.js';
import type { Context, Row } from './results.js';
import { runTraining } from './train.js';

export function runW2(ctx: Context): Promise<Row[]> {
  return runTraining(ctx, 'W2', 'MLP 4-64-32-1, batch 64, AdamW', w2Spec());
}
