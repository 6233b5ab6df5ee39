/** Linear: y = x Wᵀ + b, with PyTorch's default initialisation. */
import { empty, type DType, type Tensor } from '@gradstack/core';
import { linear } from '../functional/linear.js';
import { calculateFanInAndFanOut, kaimingUniform_, uniform_ } from '../init.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { pyBool } from '../repr.js';

export interface LinearOptions {
  bias?: boolean;
  dtype?: DType;
}

export class Linear extends Module {
  declare weight: Parameter;
  declare bias: Parameter | null;

  constructor(readonly inFeatures: number, readonly outFeatures: number, opts: LinearOptions = {}) {
    super();
    const dtype = opts.dtype ?? 'float32';
    this.registerParameter('weight', new Parameter(empty([outFeatures, inFeatures], { dtype })));
    this.registerParameter('bias', opts.bias ?? true ? new Parameter(empty([outFeatures], { dtype })) : null);
    this.resetParameters();
  }

  /**
   * kaiming_uniform_(a = √5) on the weight, i.e. U(−1/√fanIn, 1/√fanIn), and the same bound for
   * the bias: PyTorch's default, so loss curves are comparable.
   */
  resetParameters(): void {
    kaimingUniform_(this.weight, Math.sqrt(5));
    if (this.bias) {
      const [fanIn] = calculateFanInAndFanOut(this.weight);
      const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      uniform_(this.bias, -bound, bound);
    }
  }

  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${pyBool(this.bias !== null)}`;
  }
}
