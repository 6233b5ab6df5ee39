/**
 * @gradstack/nn: torch.nn for gradstack. Everything is exported by name, and bundled as the
 * namespaces `functional` (F), `init`, `utils`, and `nn` (`nn.Linear`, `nn.init.xavierUniform_`,
 * `nn.utils.clipGradNorm_`, `nn.functional.crossEntropy`).
 */
import * as functional from './functional/index.js';
import * as init from './init.js';
import * as layers from './layers/index.js';
import * as losses from './losses/index.js';
import { Module, StateDictError } from './module.js';
import { Parameter, isParameter } from './parameter.js';
import * as serialization from './serialization.js';
import * as utils from './utils/index.js';

export { Module, StateDictError } from './module.js';
export type { ForwardHook, ForwardPreHook, RemovableHandle, StateDict, LoadStateDictOptions, LoadStateDictResult } from './module.js';
export { Parameter, isParameter } from './parameter.js';
export * from './layers/index.js';
export * from './losses/index.js';
export * from './functional/index.js';
export * from './init.js';
export * from './utils/index.js';
export * from './serialization.js';
export { functional, functional as F, init, utils };

export const nn = {
  Module,
  Parameter,
  StateDictError,
  isParameter,
  ...layers,
  ...losses,
  ...serialization,
  functional,
  F: functional,
  init,
  utils,
};
