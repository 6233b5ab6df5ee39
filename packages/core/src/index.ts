/** @gradstack/core: tensors, reverse-mode autograd, backends, seeded random. */
export { Tensor } from './tensor.js';
export type { Operand, GradHook, BackwardOptions, VersionCounter } from './tensor.js';
export * from './creation.js';
export * from './errors.js';
export type { DType, TypedArray } from './dtype.js';
export type { Shape } from './shape.js';
export { broadcastShapes } from './shape.js';
export { Generator, manualSeed, defaultGenerator } from './random.js';
export { noGrad, enableGrad, isGradEnabled, setGradEnabled, detectAnomaly, setDetectAnomaly, isAnomalyEnabled } from './autograd/gradMode.js';
export { Node } from './autograd/node.js';
export * as autograd from './autograd/index.js';
export * as linalg from './linalg/index.js';
export { gradcheck, GradcheckError } from './gradcheck.js';
export type { GradcheckOptions } from './gradcheck.js';
export type { Backend, Storage, UnaryOp, BinaryOp, TernaryOp, ReduceOp } from './backend/backend.js';
export { CpuBackend, cpuBackend } from './backend/cpu.js';
export { setBackend, getBackend, registerBackend } from './backend/registry.js';
export type { BackendOptions } from './backend/registry.js';
export { where, lerp, addcmul, addcdiv } from './ops/elementwise.js';
export { cat, stack, split, chunk } from './ops/shape.js';
export { oneHot } from './ops/indexing.js';
export { matmul, mm, bmm, dot, outer, linear } from './ops/linalg.js';
export { softmax, logSoftmax, gelu, silu } from './ops/nn.js';
export type { ValuesIndices, VarOptions, NormOrd, Dims } from './ops/reduce.js';
export * from './functional.js';
export { createGpuBackend, availableGpuModes, prepareGpuModes, GpuBackend, GPU_MODES } from './backend/gpu/index.js';
export type { GpuMode, GpuModeInfo, GpuBackendOptions } from './backend/gpu/index.js';

import { registerBackend } from './backend/registry.js';
import { createGpuBackend } from './backend/gpu/index.js';
// `setBackend('gpu', { mode })` and GRADSTACK_BACKEND=gpu:<mode> resolve through this factory.
registerBackend('gpu', (opts) => createGpuBackend(opts as Parameters<typeof createGpuBackend>[0]));
