/** The gpu backend's public surface: the factory the registry calls, and mode discovery. */
import { GpuBackend, type GpuBackendOptions } from './gpuBackend.js';

export { GpuBackend, type GpuBackendOptions } from './gpuBackend.js';
export { GPU_MODES, availableGpuModes, chooseGpuMode, prepareGpuModes, type GpuMode, type GpuModeInfo } from './modes.js';
export { GpuStorage } from './storage.js';
export type { AdamOptions, LionOptions, RmspropOptions, SgdOptions } from './optimizers.js';

/** `setBackend('gpu', { mode })` calls this; throws a BackendError listing the modes available here. */
export function createGpuBackend(opts: GpuBackendOptions = {}): GpuBackend {
  return new GpuBackend(opts);
}
