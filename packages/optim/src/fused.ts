/**
 * When an optimizer hands its update to the backend's fused kernel (one pass per parameter): the
 * backend provides it, every tensor involved is float32 on that backend, and the group's `fused`
 * option (PyTorch's name) allows it — `false` never, `true` always, unset (auto) for parameters of
 * at least FUSED_MIN_NUMEL elements, where the pass over memory dominates. Smaller parameters take
 * the tensor-op update, which rounds after every op exactly as PyTorch's single-tensor path. Auto
 * uses the kernel at any size when it is bit-exact with that path (`exact`), or when the backend
 * sets `preferFused` (gpu.js: each kernel launch costs more than the arithmetic).
 */
import { Tensor } from '@gradstack/core';

export const FUSED_MIN_NUMEL = 1 << 16;

export function canFuse(fused: unknown, kernel: unknown, tensors: readonly (Tensor | null | undefined)[], exact = false): boolean {
  if (fused === false || typeof kernel !== 'function') return false;
  const backend = tensors[0]!.backend;
  if (fused === undefined && !exact && !backend.preferFused && tensors[0]!.numel < FUSED_MIN_NUMEL) return false;
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

/** Zeroed optimizer state shaped like p: in the backend's state area when the fused kernel will read it. */
export function stateZeros(p: Tensor, fusedHere: boolean): Tensor {
  const backend = p.backend;
  if (!fusedHere || !backend.allocState || p.dtype !== 'float32') return p.zerosLike();
  return new Tensor(backend.allocState(p.dtype, p.numel), [...p.shape], p.dtype, backend);
}
