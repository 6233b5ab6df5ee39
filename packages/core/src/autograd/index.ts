/** The `autograd` namespace, as `torch.autograd`. */
export { grad } from './grad.js';
export type { GradOptions } from './grad.js';
export { noGrad, enableGrad, isGradEnabled, detectAnomaly, setDetectAnomaly } from './gradMode.js';
