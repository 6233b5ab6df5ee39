/**
 * Negative log-likelihood and cross-entropy, following PyTorch's LossNLL.cpp: class-index targets
 * (int32, with `ignoreIndex` and class `weight`; 'mean' divides by the summed weights of the
 * counted targets) or class-probability targets (float, same shape as the input), and label
 * smoothing mixing in the uniform distribution.
 */
import { ArgumentError, DTypeError, IndexError, ShapeError, tensor, type Tensor } from '@gradstack/core';
import { checkReduction, type Reduction } from './reduction.js';

export interface NLLLossOptions {
  weight?: Tensor | null;
  ignoreIndex?: number;
  reduction?: Reduction;
}

export interface CrossEntropyOptions extends NLLLossOptions {
  labelSmoothing?: number;
}

/** Moves an unbatched [C] input (and its scalar target) to [1, C]. */
function batchify(input: Tensor, target: Tensor, op: string): [Tensor, Tensor, boolean] {
  if (input.ndim === 0) throw new ShapeError(`${op}: input must have at least 1 dim (classes), got a scalar`);
  if (input.ndim === 1) return [input.unsqueeze(0), target.unsqueeze(0), true];
  return [input, target, false];
}

function checkIndexTarget(input: Tensor, target: Tensor, op: string): void {
  const expect = [input.shape[0], ...input.shape.slice(2)];
  if (target.ndim !== expect.length || target.shape.some((s, i) => s !== expect[i])) {
    throw new ShapeError(`${op}: expected target of shape [${expect.join(',')}] for input [${input.shape.join(',')}], got [${target.shape.join(',')}]`);
  }
}

/** Weight of class c broadcast along dim 1 of an [N, C, *] tensor. */
function classWeightView(weight: Tensor, ndim: number): Tensor {
  return weight.reshape([1, weight.numel, ...new Array<number>(ndim - 2).fill(1)]);
}

interface IndexTerms {
  /** Per-element −w_y·logp_y (0 where ignored), shape [N, *]. */
  loss: Tensor;
  /** Per-element weight w_y (0 where ignored), or null when every element counts with weight 1. */
  w: Tensor | null;
  /** Mask of counted elements (float, 1 = counted), or null when none is ignored. */
  keep: Tensor | null;
  counted: number;
}

function nllTerms(logp: Tensor, target: Tensor, weight: Tensor | null | undefined, ignoreIndex: number, op: string): IndexTerms {
  if (target.dtype !== 'int32') throw new DTypeError(`${op}: class-index targets must be int32, got ${target.dtype} — use .int(), or pass class probabilities with the input's shape`);
  checkIndexTarget(logp, target, op);
  const C = logp.shape[1];
  if (weight && (weight.ndim !== 1 || weight.numel !== C)) throw new ShapeError(`${op}: weight must be a 1-D tensor of ${C} class weights, got [${weight.shape.join(',')}]`);
  const t = target.data() as Int32Array;
  let ignored = 0;
  for (let i = 0; i < t.length; i++) {
    if (t[i] === ignoreIndex) ignored++;
    else if (t[i] < 0 || t[i] >= C) throw new IndexError(`${op}: target ${t[i]} is out of bounds for ${C} classes`);
  }
  let safe = target;
  let keep: Tensor | null = null;
  if (ignored > 0) {
    const s = new Int32Array(t.length);
    const k = new Float64Array(t.length);
    for (let i = 0; i < t.length; i++) {
      const ig = t[i] === ignoreIndex;
      s[i] = ig ? 0 : t[i];
      k[i] = ig ? 0 : 1;
    }
    safe = tensor(s, { shape: target.shape });
    keep = tensor(k, { shape: target.shape, dtype: logp.dtype });
  }
  const picked = logp.gather(1, safe.unsqueeze(1)).squeeze(1);
  let w: Tensor | null = weight ? weight.indexSelect(0, safe.reshape([-1])).reshape(safe.shape) : null;
  if (keep) w = w ? w.mul(keep) : keep;
  const loss = w ? picked.mul(w).neg() : picked.neg();
  return { loss, w, keep, counted: t.length - ignored };
}

function reduceWeighted(loss: Tensor, terms: IndexTerms, reduction: Reduction): Tensor {
  if (reduction === 'none') return loss;
  if (reduction === 'sum') return loss.sum();
  // Mean over the weights of the counted targets (0/0 = NaN when every target is ignored, as PyTorch).
  if (terms.w) return loss.sum().div(terms.w.sum());
  return loss.mean();
}

/** input: log-probabilities [N, C, *] (or [C]); target: int32 class indices [N, *]. */
export function nllLoss(input: Tensor, target: Tensor, opts: NLLLossOptions = {}): Tensor {
  const reduction = opts.reduction ?? 'mean';
  checkReduction(reduction, 'nllLoss');
  const [logp, tgt, unbatched] = batchify(input, target, 'nllLoss');
  const terms = nllTerms(logp, tgt, opts.weight, opts.ignoreIndex ?? -100, 'nllLoss');
  const r = reduceWeighted(terms.loss, terms, reduction);
  return unbatched && reduction === 'none' ? r.squeeze(0) : r;
}

/**
 * input: unnormalised logits [N, C, *] (or [C]); target: int32 class indices [N, *], or class
 * probabilities with the input's shape. Computed as logSoftmax + gather, which is stable for any
 * logits.
 */
export function crossEntropy(input: Tensor, target: Tensor, opts: CrossEntropyOptions = {}): Tensor {
  const reduction = opts.reduction ?? 'mean';
  checkReduction(reduction, 'crossEntropy');
  const ls = opts.labelSmoothing ?? 0;
  if (!(ls >= 0 && ls <= 1)) throw new ArgumentError(`crossEntropy: labelSmoothing must be between 0.0 and 1.0, got ${ls}`);
  const [x, tgt, unbatched] = batchify(input, target, 'crossEntropy');
  const C = x.shape[1];
  const logp = x.logSoftmax(1);
  const weight = opts.weight ?? null;
  let r: Tensor;
  if (tgt.dtype !== 'int32') {
    if (tgt.ndim !== x.ndim || tgt.shape.some((s, i) => s !== x.shape[i])) {
      throw new ShapeError(`crossEntropy: probability targets must have the input's shape [${x.shape.join(',')}], got [${tgt.shape.join(',')}] — class indices must be int32`);
    }
    const probs = ls > 0 ? tgt.mul(1 - ls).add(ls / C) : tgt;
    const weighted = weight ? logp.mul(classWeightView(weight, x.ndim)) : logp;
    const loss = weighted.mul(probs).sum(1).neg();
    r = reduction === 'mean' ? loss.mean() : reduction === 'sum' ? loss.sum() : loss;
  } else {
    const terms = nllTerms(logp, tgt, weight, opts.ignoreIndex ?? -100, 'crossEntropy');
    r = reduceWeighted(terms.loss, terms, reduction);
    if (ls > 0) {
      // PyTorch: (1 − ε)·nll + ε/C · Σ_c −w_c·logp_c, with the same 'mean' denominator as nll.
      let smooth = (weight ? logp.mul(classWeightView(weight, x.ndim)) : logp).sum(1).neg();
      if (terms.keep) smooth = smooth.mul(terms.keep);
      let s: Tensor;
      if (reduction === 'none') s = smooth;
      else if (reduction === 'sum') s = smooth.sum();
      else if (terms.w) s = smooth.sum().div(terms.w.sum());
      else s = smooth.sum().div(terms.counted);
      r = r.mul(1 - ls).add(s.mul(ls / C));
    }
  }
  return unbatched && reduction === 'none' ? r.squeeze(0) : r;
}
