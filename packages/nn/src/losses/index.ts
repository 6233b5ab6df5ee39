/** Every loss module. */
export { Loss, WeightedLoss } from './loss.js';
export type { LossOptions } from './loss.js';
export { MSELoss } from './mse-loss.js';
export { L1Loss } from './l1-loss.js';
export { HuberLoss } from './huber-loss.js';
export { SmoothL1Loss } from './smooth-l1-loss.js';
export { CrossEntropyLoss } from './cross-entropy-loss.js';
export type { CrossEntropyLossOptions } from './cross-entropy-loss.js';
export { NLLLoss } from './nll-loss.js';
export { BCELoss } from './bce-loss.js';
export { BCEWithLogitsLoss } from './bce-with-logits-loss.js';
export { KLDivLoss } from './kl-div-loss.js';
