/**
 * Options of the fused optimizer updates a backend may provide (one pass, one kernel per
 * parameter). The optimizers in @gradstack/optim use them when present and keep their
 * tensor-op update as the reference; property tests hold the two together.
 */
export interface SgdOptions {
  lr: number; momentum: number; dampening: number; weightDecay: number; nesterov: boolean; maximize: boolean;
  /** The first step with momentum copies the gradient into the buffer (no dampening). */
  firstStep: boolean;
}

export interface AdamOptions {
  lr: number; beta1: number; beta2: number; eps: number; weightDecay: number;
  /** AdamW's p ← p·(1 − lr·λ) instead of Adam's L2 g ← g + λ·p. */
  decoupled: boolean; amsgrad: boolean; maximize: boolean;
  /** The per-parameter step count after incrementing (1 on the first step). */
  step: number;
}

export interface LionOptions { lr: number; beta1: number; beta2: number; weightDecay: number; maximize: boolean }

export interface RmspropOptions {
  lr: number; alpha: number; eps: number; weightDecay: number; momentum: number; centered: boolean; maximize: boolean;
}
