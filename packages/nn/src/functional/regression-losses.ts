/** Pointwise regression losses: MSE, L1, Huber and Smooth-L1 (torch.nn.functional formulas). */
import { ArgumentError, where, type Tensor } from '@gradstack/core';
import { checkSameShape, reduce, type Reduction } from './reduction.js';

export interface ReductionOptions {
  reduction?: Reduction;
}

/** (x − y)². */
export function mseLoss(input: Tensor, target: Tensor, opts: ReductionOptions = {}): Tensor {
  checkSameShape(input, target, 'mseLoss');
  return reduce(input.sub(target).square(), opts.reduction ?? 'mean', 'mseLoss');
}

/** |x − y|. */
export function l1Loss(input: Tensor, target: Tensor, opts: ReductionOptions = {}): Tensor {
  checkSameShape(input, target, 'l1Loss');
  return reduce(input.sub(target).abs(), opts.reduction ?? 'mean', 'l1Loss');
}

/** ½d² where |d| < δ, else δ(|d| − ½δ). */
export function huberLoss(input: Tensor, target: Tensor, opts: ReductionOptions & { delta?: number } = {}): Tensor {
  const delta = opts.delta ?? 1;
  if (!(delta > 0)) throw new ArgumentError(`huberLoss: delta must be positive, got ${delta}`);
  checkSameShape(input, target, 'huberLoss');
  const d = input.sub(target);
  const a = d.abs();
  const loss = where(a.lt(delta), d.square().mul(0.5), a.sub(0.5 * delta).mul(delta));
  return reduce(loss, opts.reduction ?? 'mean', 'huberLoss');
}

/** ½d²/β where |d| < β, else |d| − ½β; β = 0 is L1. */
export function smoothL1Loss(input: Tensor, target: Tensor, opts: ReductionOptions & { beta?: number } = {}): Tensor {
  const beta = opts.beta ?? 1;
  if (!(beta >= 0)) throw new ArgumentError(`smoothL1Loss: beta must be non-negative, got ${beta}`);
  checkSameShape(input, target, 'smoothL1Loss');
  const d = input.sub(target);
  const a = d.abs();
  const loss = beta === 0 ? a : where(a.lt(beta), d.square().mul(0.5 / beta), a.sub(0.5 * beta));
  return reduce(loss, opts.reduction ?? 'mean', 'smoothL1Loss');
}
