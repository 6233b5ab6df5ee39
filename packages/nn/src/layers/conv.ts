/** Conv2d: 2-D cross-correlation over [N, C, H, W] with PyTorch's options and default init. */
import { ArgumentError, empty, type DType, type Tensor } from '@gradstack/core';
import { conv2d } from '../functional/conv.js';
import { pair, type IntPair } from '../functional/im2col.js';
import { calculateFanInAndFanOut, kaimingUniform_, uniform_ } from '../init.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { pyTuple } from '../repr.js';

export interface Conv2dOptions {
  stride?: IntPair;
  padding?: IntPair | 'valid' | 'same';
  dilation?: IntPair;
  groups?: number;
  bias?: boolean;
  /** Only 'zeros' is supported. */
  paddingMode?: 'zeros';
  dtype?: DType;
}

export class Conv2d extends Module {
  declare weight: Parameter;
  declare bias: Parameter | null;
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number] | 'valid' | 'same';
  readonly dilation: [number, number];
  readonly groups: number;

  constructor(readonly inChannels: number, readonly outChannels: number, kernelSize: IntPair, opts: Conv2dOptions = {}) {
    super();
    this.kernelSize = pair(kernelSize, 'kernelSize', 'Conv2d');
    this.stride = pair(opts.stride ?? 1, 'stride', 'Conv2d');
    const p = opts.padding ?? 0;
    this.padding = p === 'valid' || p === 'same' ? p : pair(p, 'padding', 'Conv2d');
    this.dilation = pair(opts.dilation ?? 1, 'dilation', 'Conv2d');
    this.groups = opts.groups ?? 1;
    if (!(Number.isInteger(this.groups) && this.groups > 0)) throw new ArgumentError(`Conv2d: groups must be a positive integer, got ${this.groups}`);
    if (inChannels % this.groups !== 0) throw new ArgumentError(`Conv2d: in_channels (${inChannels}) must be divisible by groups (${this.groups})`);
    if (outChannels % this.groups !== 0) throw new ArgumentError(`Conv2d: out_channels (${outChannels}) must be divisible by groups (${this.groups})`);
    if (p === 'same' && (this.stride[0] !== 1 || this.stride[1] !== 1)) throw new ArgumentError(`Conv2d: padding='same' is not supported for strided convolutions`);
    if ((opts.paddingMode ?? 'zeros') !== 'zeros') throw new ArgumentError(`Conv2d: paddingMode '${opts.paddingMode}' is not supported (only 'zeros')`);
    const dtype = opts.dtype ?? 'float32';
    this.registerParameter('weight', new Parameter(empty([outChannels, inChannels / this.groups, ...this.kernelSize], { dtype })));
    this.registerParameter('bias', opts.bias ?? true ? new Parameter(empty([outChannels], { dtype })) : null);
    this.resetParameters();
  }

  /** kaiming_uniform_(a = √5) on the weight and U(±1/√fanIn) on the bias, as PyTorch. */
  resetParameters(): void {
    kaimingUniform_(this.weight, Math.sqrt(5));
    if (this.bias) {
      const [fanIn] = calculateFanInAndFanOut(this.weight);
      const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      uniform_(this.bias, -bound, bound);
    }
  }

  forward(x: Tensor): Tensor {
    return conv2d(x, this.weight, this.bias, { stride: this.stride, padding: this.padding, dilation: this.dilation, groups: this.groups });
  }

  override extraRepr(): string {
    let s = `${this.inChannels}, ${this.outChannels}, kernel_size=${pyTuple(this.kernelSize)}, stride=${pyTuple(this.stride)}`;
    if (typeof this.padding === 'string') s += `, padding=${this.padding}`;
    else if (this.padding.some((v) => v !== 0)) s += `, padding=${pyTuple(this.padding)}`;
    if (this.dilation.some((v) => v !== 1)) s += `, dilation=${pyTuple(this.dilation)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (!this.bias) s += ', bias=False';
    return s;
  }
}
