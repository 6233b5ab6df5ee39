/** LayerNorm: normalises over the trailing `normalizedShape` dims, with an elementwise affine. */
import { noGrad, ones, zeros, type DType, type Tensor } from '@gradstack/core';
import { layerNorm } from '../functional/normalization.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { pyBool, pyFloat, pyTuple } from '../repr.js';

export interface LayerNormOptions {
  eps?: number;
  elementwiseAffine?: boolean;
  /** Learn a bias (with elementwiseAffine); default true. */
  bias?: boolean;
  dtype?: DType;
}

export class LayerNorm extends Module {
  declare weight: Parameter | null;
  declare bias: Parameter | null;
  readonly normalizedShape: number[];
  readonly eps: number;
  readonly elementwiseAffine: boolean;

  constructor(normalizedShape: number | readonly number[], opts: LayerNormOptions = {}) {
    super();
    this.normalizedShape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    this.eps = opts.eps ?? 1e-5;
    this.elementwiseAffine = opts.elementwiseAffine ?? true;
    const dtype = opts.dtype ?? 'float32';
    this.registerParameter('weight', this.elementwiseAffine ? new Parameter(ones(this.normalizedShape, { dtype })) : null);
    this.registerParameter('bias', this.elementwiseAffine && (opts.bias ?? true) ? new Parameter(zeros(this.normalizedShape, { dtype })) : null);
  }

  resetParameters(): void {
    noGrad(() => {
      this.weight?.fill_(1);
      this.bias?.zero_();
    });
  }

  forward(x: Tensor): Tensor {
    return layerNorm(x, this.normalizedShape, this.weight, this.bias, this.eps);
  }

  override extraRepr(): string {
    return `${pyTuple(this.normalizedShape)}, eps=${pyFloat(this.eps)}, elementwise_affine=${pyBool(this.elementwiseAffine)}`;
  }
}
