/** Activation functions as modules (torch.nn names and defaults). */
import type { Tensor } from '@gradstack/core';
import * as F from '../functional/activation.js';
import { Module } from '../module.js';
import { pyFloat } from '../repr.js';

export class ReLU extends Module {
  forward(x: Tensor): Tensor {
    return x.relu();
  }
}

export class ReLU6 extends Module {
  forward(x: Tensor): Tensor {
    return F.relu6(x);
  }
}

export class LeakyReLU extends Module {
  constructor(readonly negativeSlope = 0.01) {
    super();
  }

  forward(x: Tensor): Tensor {
    return x.leakyRelu(this.negativeSlope);
  }

  override extraRepr(): string {
    return `negative_slope=${this.negativeSlope}`;
  }
}

export class ELU extends Module {
  constructor(readonly alpha = 1) {
    super();
  }

  forward(x: Tensor): Tensor {
    return x.elu(this.alpha);
  }

  override extraRepr(): string {
    return `alpha=${pyFloat(this.alpha)}`;
  }
}

export class GELU extends Module {
  readonly approximate: 'none' | 'tanh';

  /** `new GELU()`, `new GELU('tanh')` or `new GELU({ approximate: 'tanh' })`. */
  constructor(approximate: 'none' | 'tanh' | { approximate?: 'none' | 'tanh' } = 'none') {
    super();
    this.approximate = typeof approximate === 'string' ? approximate : approximate.approximate ?? 'none';
  }

  forward(x: Tensor): Tensor {
    return x.gelu(this.approximate);
  }

  override extraRepr(): string {
    return `approximate='${this.approximate}'`;
  }
}

export class SiLU extends Module {
  forward(x: Tensor): Tensor {
    return x.silu();
  }
}

export class Mish extends Module {
  forward(x: Tensor): Tensor {
    return F.mish(x);
  }
}

export class Sigmoid extends Module {
  forward(x: Tensor): Tensor {
    return x.sigmoid();
  }
}

export class Tanh extends Module {
  forward(x: Tensor): Tensor {
    return x.tanh();
  }
}

export class Softplus extends Module {
  readonly beta: number;
  readonly threshold: number;

  /** `new Softplus(beta = 1, threshold = 20)` or `new Softplus({ beta, threshold })`. */
  constructor(beta: number | { beta?: number; threshold?: number } = 1, threshold = 20) {
    super();
    if (typeof beta === 'number') {
      this.beta = beta;
      this.threshold = threshold;
    } else {
      this.beta = beta.beta ?? 1;
      this.threshold = beta.threshold ?? 20;
    }
  }

  forward(x: Tensor): Tensor {
    return x.softplus(this.beta, this.threshold);
  }

  override extraRepr(): string {
    return `beta=${pyFloat(this.beta)}, threshold=${pyFloat(this.threshold)}`;
  }
}

/** PyTorch's legacy implicit dim when none is given: 0 for 0-, 1- and 3-D inputs, else 1. */
function implicitDim(ndim: number): number {
  return ndim === 0 || ndim === 1 || ndim === 3 ? 0 : 1;
}

export class Softmax extends Module {
  constructor(readonly dim: number | null = null) {
    super();
  }

  forward(x: Tensor): Tensor {
    return x.softmax(this.dim ?? implicitDim(x.ndim));
  }

  override extraRepr(): string {
    return `dim=${this.dim === null ? 'None' : this.dim}`;
  }
}

export class LogSoftmax extends Module {
  constructor(readonly dim: number | null = null) {
    super();
  }

  forward(x: Tensor): Tensor {
    return x.logSoftmax(this.dim ?? implicitDim(x.ndim));
  }

  override extraRepr(): string {
    return `dim=${this.dim === null ? 'None' : this.dim}`;
  }
}
