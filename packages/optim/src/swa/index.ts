export { AveragedModel, type AveragedModelOptions, type ModelLike } from './averagedModel.js';
export { getEmaMultiAvgFn, getSwaMultiAvgFn, getEmaAvgFn, getSwaAvgFn, type AvgFn, type MultiAvgFn } from './averagingFns.js';
export { updateBn, type TrainableModelLike } from './updateBn.js';
