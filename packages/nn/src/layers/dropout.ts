/** Dropout: zeroes elements with probability p in training (scaling the rest by 1/(1−p)); identity in eval. */
import { ArgumentError, Generator, defaultGenerator, type Tensor } from '@gradstack/core';
import { dropout } from '../functional/dropout.js';
import { Module } from '../module.js';
import { pyBool, pyFloat } from '../repr.js';

export interface DropoutOptions {
  /** The random stream for the masks; core's default generator (seeded by manualSeed) otherwise. */
  generator?: Generator;
  /** Accepted for PyTorch compatibility; the result is always a new tensor. */
  inplace?: boolean;
}

export class Dropout extends Module {
  readonly generator: Generator;
  readonly inplace: boolean;

  constructor(readonly p = 0.5, opts: DropoutOptions | Generator = {}) {
    super();
    if (!(p >= 0 && p <= 1)) throw new ArgumentError(`Dropout: probability has to be between 0 and 1, but got ${p}`);
    const o = opts instanceof Generator ? { generator: opts } : opts;
    this.generator = o.generator ?? defaultGenerator;
    this.inplace = o.inplace ?? false;
  }

  forward(x: Tensor): Tensor {
    return dropout(x, this.p, this.training, this.generator);
  }

  override extraRepr(): string {
    return `p=${pyFloat(this.p)}, inplace=${pyBool(this.inplace)}`;
  }
}
