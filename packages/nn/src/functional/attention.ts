/** Scaled dot-product attention: softmax(q kᵀ / √d + mask) v, over [..., L, d] × [..., S, d]. */
import { ShapeError, defaultGenerator, tensor, type Generator, type Tensor } from '@gradstack/core';
import { dropout } from './dropout.js';

export interface AttentionOptions {
  /** int32 (1 = may NOT attend, PyTorch's boolean convention for MultiheadAttention) or float (added to the scores). */
  attnMask?: Tensor | null;
  dropoutP?: number;
  /** Mask out keys after each query (a lower-triangular mask). */
  isCausal?: boolean;
  /** Defaults to 1/√d. */
  scale?: number | null;
  generator?: Generator;
}

/** Applies a mask to attention scores: boolean masks fill with −∞, float masks are added. */
export function applyAttnMask(scores: Tensor, mask: Tensor): Tensor {
  return mask.dtype === 'int32' ? scores.maskedFill(mask.ne(0), -Infinity) : scores.add(mask);
}

export function causalMask(L: number, S: number): Tensor {
  const m = new Int32Array(L * S);
  for (let i = 0; i < L; i++) for (let j = i + 1; j < S; j++) m[i * S + j] = 1;
  return tensor(m, { shape: [L, S] });
}

/** Returns [output, attention weights]. */
export function scaledDotProductAttentionWithWeights(q: Tensor, k: Tensor, v: Tensor, opts: AttentionOptions = {}): [Tensor, Tensor] {
  const d = q.shape[q.ndim - 1];
  if (k.shape[k.ndim - 1] !== d) throw new ShapeError(`scaledDotProductAttention: query dim ${d} and key dim ${k.shape[k.ndim - 1]} differ`);
  const scale = opts.scale ?? 1 / Math.sqrt(d);
  let scores = q.matmul(k.transpose(-2, -1)).mul(scale);
  if (opts.isCausal) scores = applyAttnMask(scores, causalMask(q.shape[q.ndim - 2], k.shape[k.ndim - 2]));
  if (opts.attnMask) scores = applyAttnMask(scores, opts.attnMask);
  let attn = scores.softmax(-1);
  const p = opts.dropoutP ?? 0;
  if (p > 0) attn = dropout(attn, p, true, opts.generator ?? defaultGenerator);
  return [attn.matmul(v), attn];
}

export function scaledDotProductAttention(q: Tensor, k: Tensor, v: Tensor, opts: AttentionOptions = {}): Tensor {
  return scaledDotProductAttentionWithWeights(q, k, v, opts)[0];
}
