/**
 * AdamW — torch/optim/adamw.py. Since PyTorch 2.x AdamW is Adam with decoupled decay
 * (`p ← p·(1 − η·λ)` before the moments), default weightDecay 1e-2.
 */
import { adamTrajectory } from './adam.js';
import type { GradSequence, RefTensor, Trajectory } from './float32.js';

export interface AdamWOptions {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weightDecay?: number;
  amsgrad?: boolean;
  maximize?: boolean;
}

export function adamwTrajectory(initial: readonly RefTensor[], grads: GradSequence, options: AdamWOptions = {}): Trajectory {
  return adamTrajectory(initial, grads, { ...options, weightDecay: options.weightDecay ?? 1e-2, decoupledWeightDecay: true });
}
