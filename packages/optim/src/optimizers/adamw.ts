/**
 * AdamW (Loshchilov & Hutter) — torch/optim/adamw.py: Adam with decoupled weight decay
 * p ← p·(1 − η·λ) before the adaptive step, and weightDecay 1e-2 by default.
 * With weightDecay 0 it is Adam, bit for bit.
 */
import type { Params } from '../optimizer.js';
import { Adam, ADAM_DEFAULTS, type AdamOptions } from './adam.js';

export type AdamWOptions = Omit<AdamOptions, 'decoupledWeightDecay'>;

export class AdamW extends Adam {
  constructor(params: Params<AdamOptions>, options: Partial<AdamWOptions> = {}) {
    super(params, { ...ADAM_DEFAULTS, weightDecay: 1e-2, ...options, decoupledWeightDecay: true });
  }
}
