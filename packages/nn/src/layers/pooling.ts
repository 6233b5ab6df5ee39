/** MaxPool2d and AvgPool2d modules over [N, C, H, W]. */
import type { Tensor } from '@gradstack/core';
import type { IntPair } from '../functional/im2col.js';
import { avgPool2d, maxPool2d, maxPool2dWithIndices } from '../functional/pooling.js';
import { Module } from '../module.js';
import { pyBool, pyIntOrTuple } from '../repr.js';

export interface MaxPool2dOptions<R extends boolean = boolean> {
  stride?: IntPair | null;
  padding?: IntPair;
  dilation?: IntPair;
  /** Also return each maximum's flat index in its H·W plane (forward then gives `[values, indices]`). */
  returnIndices?: R;
  ceilMode?: boolean;
}

export class MaxPool2d<R extends boolean = false> extends Module {
  readonly stride: IntPair;
  readonly padding: IntPair;
  readonly dilation: IntPair;
  readonly returnIndices: R;
  readonly ceilMode: boolean;

  constructor(readonly kernelSize: IntPair, opts: MaxPool2dOptions<R> = {}) {
    super();
    this.stride = opts.stride ?? kernelSize;
    this.padding = opts.padding ?? 0;
    this.dilation = opts.dilation ?? 1;
    this.returnIndices = (opts.returnIndices ?? false) as R;
    this.ceilMode = opts.ceilMode ?? false;
  }

  /** The pooled tensor, or `[values, indices]` with `returnIndices`. */
  forward(x: Tensor): R extends true ? [Tensor, Tensor] : Tensor {
    const o = { stride: this.stride, padding: this.padding, dilation: this.dilation, ceilMode: this.ceilMode };
    const out = this.returnIndices ? maxPool2dWithIndices(x, this.kernelSize, o) : maxPool2d(x, this.kernelSize, o);
    return out as R extends true ? [Tensor, Tensor] : Tensor;
  }

  override extraRepr(): string {
    return `kernel_size=${pyIntOrTuple(this.kernelSize)}, stride=${pyIntOrTuple(this.stride)}, padding=${pyIntOrTuple(this.padding)}, dilation=${pyIntOrTuple(this.dilation)}, ceil_mode=${pyBool(this.ceilMode)}`;
  }
}

export interface AvgPool2dOptions {
  stride?: IntPair | null;
  padding?: IntPair;
  ceilMode?: boolean;
  countIncludePad?: boolean;
  divisorOverride?: number | null;
}

export class AvgPool2d extends Module {
  readonly stride: IntPair;
  readonly padding: IntPair;
  readonly ceilMode: boolean;
  readonly countIncludePad: boolean;
  readonly divisorOverride: number | null;

  constructor(readonly kernelSize: IntPair, opts: AvgPool2dOptions = {}) {
    super();
    this.stride = opts.stride ?? kernelSize;
    this.padding = opts.padding ?? 0;
    this.ceilMode = opts.ceilMode ?? false;
    this.countIncludePad = opts.countIncludePad ?? true;
    this.divisorOverride = opts.divisorOverride ?? null;
  }

  forward(x: Tensor): Tensor {
    return avgPool2d(x, this.kernelSize, {
      stride: this.stride, padding: this.padding, ceilMode: this.ceilMode, countIncludePad: this.countIncludePad, divisorOverride: this.divisorOverride,
    });
  }

  override extraRepr(): string {
    return `kernel_size=${pyIntOrTuple(this.kernelSize)}, stride=${pyIntOrTuple(this.stride)}, padding=${pyIntOrTuple(this.padding)}`;
  }
}
