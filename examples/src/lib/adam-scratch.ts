/**
 * Adam on plain Float64Arrays, line for line the tutorial's `AdamScratch` (tutorial 003): the
 * reference the library optimizer is compared against, so it must not share any code with it.
 */
export interface AdamScratchOptions {
  readonly lr?: number;
  readonly betas?: readonly [number, number];
  readonly eps?: number;
  /** false gives the "naive" Adam of tutorial 004's widget, to show what bias correction fixes. */
  readonly biasCorrection?: boolean;
}

export class AdamScratch {
  readonly lr: number;
  readonly b1: number;
  readonly b2: number;
  readonly eps: number;
  readonly biasCorrection: boolean;
  t = 0;
  readonly m: Float64Array[];
  readonly v: Float64Array[];

  constructor(
    readonly params: Float64Array[],
    { lr = 0.001, betas = [0.9, 0.999], eps = 1e-8, biasCorrection = true }: AdamScratchOptions = {},
  ) {
    this.lr = lr;
    [this.b1, this.b2] = betas;
    this.eps = eps;
    this.biasCorrection = biasCorrection;
    // Moment estimates start at zero for every parameter, which is why bias correction is needed.
    this.m = params.map((p) => new Float64Array(p.length));
    this.v = params.map((p) => new Float64Array(p.length));
  }

  /** Updates the parameters in place from one gradient per parameter. */
  step(grads: readonly ArrayLike<number>[]): void {
    if (grads.length !== this.params.length) {
      throw new RangeError(`AdamScratch.step: got ${grads.length} gradients for ${this.params.length} parameters`);
    }
    this.t += 1;
    const c1 = this.biasCorrection ? 1 - this.b1 ** this.t : 1;
    const c2 = this.biasCorrection ? 1 - this.b2 ** this.t : 1;
    this.params.forEach((p, i) => {
      const g = grads[i];
      const m = this.m[i];
      const v = this.v[i];
      if (g.length !== p.length) {
        throw new RangeError(`AdamScratch.step: gradient ${i} has ${g.length} values, parameter has ${p.length}`);
      }
      for (let j = 0; j < p.length; j++) {
        m[j] = this.b1 * m[j] + (1 - this.b1) * g[j];
        v[j] = this.b2 * v[j] + (1 - this.b2) * g[j] ** 2;
        const mHat = m[j] / c1;
        const vHat = v[j] / c2;
        p[j] -= (this.lr * mHat) / (Math.sqrt(vHat) + this.eps);
      }
    });
  }
}
