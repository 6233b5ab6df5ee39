/** @gradstack/optim: optimizers and learning-rate schedulers with PyTorch's semantics. */
export { Optimizer } from './optimizer.js';
export type { ParamGroup, ParamGroupInput, Params, ParamState, StateValue, Closure, OptimizerStateDict, SerializedTensor, StepHook } from './optimizer.js';
export type { OptimizerLike, ParamGroupLike } from './optimizerLike.js';
export { SGD } from './optimizers/sgd.js';
export type { SGDOptions } from './optimizers/sgd.js';
export { Adam } from './optimizers/adam.js';
export type { AdamOptions } from './optimizers/adam.js';
export { AdamW } from './optimizers/adamw.js';
export type { AdamWOptions } from './optimizers/adamw.js';
export * from './lrScheduler/index.js';
export * from './swa/index.js';
