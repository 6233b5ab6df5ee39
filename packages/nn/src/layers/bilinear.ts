/** Bilinear: y_k = x1ᵀ W_k x2 + b_k. */
import { empty, type DType, type Tensor } from '@gradstack/core';
import { bilinear } from '../functional/linear.js';
import { uniform_ } from '../init.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { pyBool } from '../repr.js';

export class Bilinear extends Module {
  declare weight: Parameter;
  declare bias: Parameter | null;

  constructor(readonly in1Features: number, readonly in2Features: number, readonly outFeatures: number, opts: { bias?: boolean; dtype?: DType } = {}) {
    super();
    const dtype = opts.dtype ?? 'float32';
    this.registerParameter('weight', new Parameter(empty([outFeatures, in1Features, in2Features], { dtype })));
    this.registerParameter('bias', opts.bias ?? true ? new Parameter(empty([outFeatures], { dtype })) : null);
    this.resetParameters();
  }

  /** PyTorch's default: U(−1/√in1, 1/√in1) for weight and bias. */
  resetParameters(): void {
    const bound = 1 / Math.sqrt(this.weight.shape[1]);
    uniform_(this.weight, -bound, bound);
    if (this.bias) uniform_(this.bias, -bound, bound);
  }

  forward(x1: Tensor, x2: Tensor): Tensor {
    return bilinear(x1, x2, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `in1_features=${this.in1Features}, in2_features=${this.in2Features}, out_features=${this.outFeatures}, bias=${pyBool(this.bias !== null)}`;
  }
}
