/** Unflatten: splits one dim into `unflattenedSize` (the inverse of Flatten). */
import { ShapeError, type Tensor } from '@gradstack/core';
import { Module } from '../module.js';
import { pyTuple } from '../repr.js';

export class Unflatten extends Module {
  readonly unflattenedSize: number[];

  constructor(readonly dim: number, unflattenedSize: readonly number[]) {
    super();
    this.unflattenedSize = [...unflattenedSize];
  }

  forward(x: Tensor): Tensor {
    const d = this.dim < 0 ? this.dim + x.ndim : this.dim;
    if (d < 0 || d >= x.ndim) throw new ShapeError(`Unflatten: dim ${this.dim} is out of range for input [${x.shape.join(',')}]`);
    return x.reshape([...x.shape.slice(0, d), ...this.unflattenedSize, ...x.shape.slice(d + 1)]);
  }

  override extraRepr(): string {
    return `dim=${this.dim}, unflattened_size=${pyTuple(this.unflattenedSize)}`;
  }
}
