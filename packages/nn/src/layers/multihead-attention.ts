/**
 * MultiheadAttention (torch.nn.MultiheadAttention with kdim = vdim = embedDim): packed q/k/v
 * input projection `in_proj_weight` [3E, E] (xavier-uniform) and `in_proj_bias` (zeros), and an
 * output Linear `out_proj` (its bias zeroed), so state dicts match PyTorch's key for key.
 */
import { ArgumentError, ShapeError, defaultGenerator, empty, zeros, type DType, type Generator, type Tensor } from '@gradstack/core';
import { applyAttnMask, causalMask } from '../functional/attention.js';
import { dropout } from '../functional/dropout.js';
import { linear } from '../functional/linear.js';
import { constant_, xavierUniform_ } from '../init.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { Linear } from './linear.js';

export interface MultiheadAttentionOptions {
  /** Dropout on the attention weights (training only). */
  dropout?: number;
  bias?: boolean;
  /** Inputs are [N, L, E] rather than PyTorch's default [L, N, E]. */
  batchFirst?: boolean;
  generator?: Generator;
  dtype?: DType;
}

export interface MultiheadAttentionForwardOptions {
  /** [N, S]: int32 1 (or float −∞) marks keys to ignore. */
  keyPaddingMask?: Tensor | null;
  needWeights?: boolean;
  /** [L, S] or [N·numHeads, L, S]: int32 1 = may not attend, or float added to the scores. */
  attnMask?: Tensor | null;
  averageAttnWeights?: boolean;
  isCausal?: boolean;
}

export class MultiheadAttention extends Module {
  declare in_proj_weight: Parameter;
  declare in_proj_bias: Parameter | null;
  declare out_proj: Linear;
  readonly headDim: number;
  readonly dropout: number;
  readonly batchFirst: boolean;
  readonly generator: Generator;

  constructor(readonly embedDim: number, readonly numHeads: number, opts: MultiheadAttentionOptions = {}) {
    super();
    if (!(embedDim > 0 && numHeads > 0) || embedDim % numHeads !== 0) {
      throw new ArgumentError(`MultiheadAttention: embedDim (${embedDim}) must be divisible by numHeads (${numHeads})`);
    }
    this.headDim = embedDim / numHeads;
    this.dropout = opts.dropout ?? 0;
    this.batchFirst = opts.batchFirst ?? false;
    this.generator = opts.generator ?? defaultGenerator;
    const dtype = opts.dtype ?? 'float32';
    const bias = opts.bias ?? true;
    this.registerParameter('in_proj_weight', new Parameter(empty([3 * embedDim, embedDim], { dtype })));
    this.registerParameter('in_proj_bias', bias ? new Parameter(zeros([3 * embedDim], { dtype })) : null);
    this.registerModule('out_proj', new Linear(embedDim, embedDim, { bias, dtype }));
    xavierUniform_(this.in_proj_weight);
    if (this.out_proj.bias) constant_(this.out_proj.bias, 0);
  }

  get inProjWeight(): Parameter {
    return this.in_proj_weight;
  }

  get inProjBias(): Parameter | null {
    return this.in_proj_bias;
  }

  get outProj(): Linear {
    return this.out_proj;
  }

  /** Returns `[attnOutput, attnWeights]` (weights null unless `needWeights`, the default true). */
  forward(query: Tensor, key: Tensor, value: Tensor, opts: MultiheadAttentionForwardOptions = {}): [Tensor, Tensor | null] {
    const unbatched = query.ndim === 2;
    let q = unbatched ? query.unsqueeze(0) : this.batchFirst ? query : query.transpose(0, 1);
    let k = unbatched ? key.unsqueeze(0) : this.batchFirst ? key : key.transpose(0, 1);
    let v = unbatched ? value.unsqueeze(0) : this.batchFirst ? value : value.transpose(0, 1);
    const [N, L, E] = q.shape;
    const S = k.shape[1];
    if (E !== this.embedDim) throw new ShapeError(`MultiheadAttention: expected embedding dim ${this.embedDim}, got query [${query.shape.join(',')}]`);
    const H = this.numHeads;
    const d = this.headDim;
    const w = this.in_proj_weight;
    const b = this.in_proj_bias;
    const part = (t: Tensor, i: number): Tensor => t.narrow(0, i * E, E);
    q = linear(q, part(w, 0), b && part(b, 0));
    k = linear(k, part(w, 1), b && part(b, 1));
    v = linear(v, part(w, 2), b && part(b, 2));
    const heads = (t: Tensor, len: number) => t.reshape([N, len, H, d]).permute([0, 2, 1, 3]); // [N, H, len, d]
    let scores = heads(q, L).matmul(heads(k, S).permute([0, 1, 3, 2])).mul(1 / Math.sqrt(d)); // [N, H, L, S]
    if (opts.attnMask) {
      const m = opts.attnMask;
      scores = applyAttnMask(scores, m.ndim === 3 ? m.reshape([N, H, L, S]) : m);
    } else if (opts.isCausal) {
      scores = applyAttnMask(scores, causalMask(L, S));
    }
    if (opts.keyPaddingMask) {
      const kpm = unbatched ? opts.keyPaddingMask.unsqueeze(0) : opts.keyPaddingMask;
      scores = applyAttnMask(scores, kpm.reshape([N, 1, 1, S]));
    }
    let attn = scores.softmax(-1);
    // As PyTorch, the returned weights are the ones applied to the values (after dropout).
    if (this.dropout > 0 && this.training) attn = dropout(attn, this.dropout, true, this.generator);
    const ctx = attn.matmul(heads(v, S)).permute([0, 2, 1, 3]).reshape([N, L, E]);
    let out = this.out_proj.call(ctx);
    if (!unbatched && !this.batchFirst) out = out.transpose(0, 1);
    if (unbatched) out = out.squeeze(0);
    if (!(opts.needWeights ?? true)) return [out, null];
    if (opts.averageAttnWeights ?? true) attn = attn.mean(1);
    if (unbatched) attn = attn.squeeze(0);
    return [out, attn];
  }
}
