/**
 * When an optimizer may hand its update to the backend's fused kernel (one pass per parameter):
 * the backend provides it, every tensor involved is float32 on that backend, and the param
 * group did not ask for the reference path with `fused: false` (PyTorch's option name).
 */
import type { Tensor } from '@gradstack/core';

export function canFuse(fused: unknown, kernel: unknown, tensors: readonly (Tensor | null | undefined)[]): boolean {
  if (fused === false || typeof kernel !== 'function') return false;
  const backend = tensors[0]!.backend;
  for (const t of tensors) if (t && (t.dtype !== 'float32' || t.backend !== backend)) return false;
  return true;
}

/** In-place modifications through a fused kernel still bump the tensors' version counters. */
export function markModified(op: string, tensors: readonly (Tensor | null | undefined)[]): void {
  for (const t of tensors) if (t) t._bump(op);
}

export function checkFusedOption(value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean') {
    throw new RangeError(`Invalid fused: ${String(value)} — option 'fused' must be true, false or left unset (auto)`);
  }
}
