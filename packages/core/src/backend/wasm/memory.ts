/**
 * Memory for the WebAssembly kernels: shared (a SharedArrayBuffer: growing it keeps existing
 * views valid, and a helper thread can work in it) where the platform allows — Node, and
 * cross-origin-isolated pages — otherwise ordinary memory with the unshared build of the module.
 */
import { decodeBase64 } from './base64.js';

export const SHARED_MEMORY = (() => {
  if (typeof SharedArrayBuffer === 'undefined') return false;
  try {
    new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    return true;
  } catch {
    return false;
  }
})();

export interface KernelModule {
  memory: WebAssembly.Memory;
  module: WebAssembly.Module;
  exports: WebAssembly.Exports;
}

export function instantiateKernels(sharedB64: string, unsharedB64: string, maxPages: number): KernelModule {
  const memory = new WebAssembly.Memory(SHARED_MEMORY ? { initial: 1, maximum: maxPages, shared: true } : { initial: 1, maximum: maxPages });
  const module = new WebAssembly.Module(decodeBase64(SHARED_MEMORY ? sharedB64 : unsharedB64));
  return { memory, module, exports: new WebAssembly.Instance(module, { env: { memory } }).exports };
}
