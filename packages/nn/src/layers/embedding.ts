/** Embedding: a lookup table of `numEmbeddings` vectors of size `embeddingDim`, initialised N(0, 1). */
import { ArgumentError, empty, noGrad, tensor, type DType, type Tensor } from '@gradstack/core';
import { embedding } from '../functional/embedding.js';
import { normal_ } from '../init.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';

export interface EmbeddingOptions {
  /** This row is zero at init and receives no gradient (a padding token). */
  paddingIdx?: number | null;
  dtype?: DType;
  /** Use this tensor as the weight instead of a fresh N(0, 1) draw. */
  weight?: Tensor;
}

export class Embedding extends Module {
  declare weight: Parameter;
  readonly paddingIdx: number | null;

  constructor(readonly numEmbeddings: number, readonly embeddingDim: number, opts: EmbeddingOptions = {}) {
    super();
    let pad = opts.paddingIdx ?? null;
    if (pad !== null) {
      if (!Number.isInteger(pad) || pad >= numEmbeddings || pad < -numEmbeddings) {
        throw new ArgumentError(`Embedding: paddingIdx ${pad} must be an integer within numEmbeddings (${numEmbeddings})`);
      }
      if (pad < 0) pad += numEmbeddings;
    }
    this.paddingIdx = pad;
    if (opts.weight) {
      if (opts.weight.ndim !== 2 || opts.weight.shape[0] !== numEmbeddings || opts.weight.shape[1] !== embeddingDim) {
        throw new ArgumentError(`Embedding: weight [${opts.weight.shape.join(',')}] does not match [${numEmbeddings}, ${embeddingDim}]`);
      }
      this.registerParameter('weight', new Parameter(opts.weight.detach()));
    } else {
      this.registerParameter('weight', new Parameter(empty([numEmbeddings, embeddingDim], { dtype: opts.dtype ?? 'float32' })));
      this.resetParameters();
    }
  }

  /** An Embedding holding `embeddings` (frozen unless `freeze: false`). */
  static fromPretrained(embeddings: Tensor, opts: { freeze?: boolean; paddingIdx?: number | null } = {}): Embedding {
    const [n, d] = embeddings.shape;
    const e = new Embedding(n, d, { weight: embeddings, paddingIdx: opts.paddingIdx });
    e.weight.requiresGrad_(!(opts.freeze ?? true));
    return e;
  }

  resetParameters(): void {
    normal_(this.weight);
    if (this.paddingIdx !== null) {
      const mask = new Int32Array(this.numEmbeddings);
      mask[this.paddingIdx] = 1;
      const w = this.weight;
      noGrad(() => w.maskedFill_(tensor(mask, { shape: [this.numEmbeddings, 1] }), 0));
    }
  }

  forward(input: Tensor): Tensor {
    return embedding(input, this.weight, this.paddingIdx);
  }

  override extraRepr(): string {
    return `${this.numEmbeddings}, ${this.embeddingDim}${this.paddingIdx !== null ? `, padding_idx=${this.paddingIdx}` : ''}`;
  }
}
