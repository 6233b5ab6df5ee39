/**
 * W4 hyper-parameters, shared by every peer so each runs the same update rule. Values follow
 * PyTorch's defaults (Lion: the paper's suggested lr/betas; Adafactor: torch.optim.Adafactor).
 */
import type { OptimKind } from './types.js';

export const SGD_MOMENTUM = 0.9;
export const BETAS: [number, number] = [0.9, 0.999];
export const EPS = 1e-8;
export const ADAMW_WD = 0.01;
export const LION_BETAS: [number, number] = [0.9, 0.99];
/** Adafactor (torch.optim.Adafactor): beta2_t = 1 - t^-0.8, eps1 = float32 eps, eps2 = 1e-3, d = 1. */
export const ADAFACTOR = { beta2Decay: -0.8, eps1: 1.1920928955078125e-7, eps2: 1e-3, d: 1 };
/** Adam8bit floor: block-wise absmax int8 state (bitsandbytes uses 2048-wide blocks). */
export const ADAM8BIT_BLOCK = 2048;

export const OPTIM_LR: Record<OptimKind, number> = {
  sgd: 1e-2,
  adam: 1e-3,
  adamw: 1e-3,
  lion: 1e-4,
  adafactor: 1e-2,
  adam8bit: 1e-3,
};
