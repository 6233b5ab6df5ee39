/** Base classes of the loss modules: the `reduction` option, and a class `weight` buffer. */
import type { Tensor } from '@gradstack/core';
import { checkReduction, type Reduction } from '../functional/reduction.js';
import { Module } from '../module.js';

export interface LossOptions {
  reduction?: Reduction;
}

export abstract class Loss extends Module {
  readonly reduction: Reduction;

  constructor(opts: LossOptions = {}, extraReductions: readonly string[] = []) {
    super();
    this.reduction = opts.reduction ?? 'mean';
    checkReduction(this.reduction, this.constructor.name, extraReductions);
  }

  abstract override forward(input: Tensor, target: Tensor): Tensor;
}

/** Losses with a per-class `weight`, registered as a buffer (it is in the state dict, as in PyTorch). */
export abstract class WeightedLoss extends Loss {
  declare weight: Tensor | null;

  constructor(opts: LossOptions & { weight?: Tensor | null } = {}) {
    super(opts);
    this.registerBuffer('weight', opts.weight ?? null);
  }
}
