/**
 * gradstack, driven the way its users write it: core tensors with requiresGrad, autograd
 * backward, and @gradstack/optim optimizers. The MLP is written with raw core ops
 * (x.matmul(w).add(b).relu()) — exactly what @gradstack/nn's Linear/ReLU do — so it measures the
 * same kernels and autograd as the nn version will. Optimizers that may not exist yet (Lion,
 * Adafactor, Adam8bit) are looked up at run time and reported "n/a" when absent.
 */
import { fromTyped, getBackend, noGrad, tensor, type Tensor } from '@gradstack/core';
import * as optim from '@gradstack/optim';
import { ADAMW_WD, BETAS, EPS, LION_BETAS, SGD_MOMENTUM } from '../hparams.js';
import type { ElementwiseCase, MatmulCase, MlpSpec, OptimCase, OptimKind, OptimSpec, Peer, TrainCase } from '../types.js';

/** The optimizer surface the bench uses; every @gradstack/optim optimizer has it. */
interface OptimizerLike {
  zeroGrad(): void;
  step(): unknown;
  stateBytes(): number;
}
type OptimizerCtor = new (params: Tensor[], options: Record<string, unknown>) => OptimizerLike;

const exportName: Record<OptimKind, string> = {
  sgd: 'SGD',
  adam: 'Adam',
  adamw: 'AdamW',
  lion: 'Lion',
  adafactor: 'Adafactor',
  adam8bit: 'Adam8bit',
};

/** The constructor for `kind`, or null while @gradstack/optim does not export it yet. */
export function gradstackOptimizer(kind: OptimKind): OptimizerCtor | null {
  const ctor = (optim as Record<string, unknown>)[exportName[kind]];
  return typeof ctor === 'function' ? (ctor as OptimizerCtor) : null;
}

function optimizerOptions(kind: OptimKind, lr: number): Record<string, unknown> {
  switch (kind) {
    case 'sgd':
      return { lr, momentum: SGD_MOMENTUM };
    case 'adam':
      return { lr, betas: BETAS, eps: EPS };
    case 'adamw':
      return { lr, betas: BETAS, eps: EPS, weightDecay: ADAMW_WD };
    case 'lion':
      return { lr, betas: LION_BETAS };
    default:
      return { lr };
  }
}

export const gradstackPeer: Peer = {
  name: 'gradstack',
  version: () => `@gradstack/core 0.1.0 (${getBackend().describe()})`,

  async matmul(a, b, n): Promise<MatmulCase> {
    const ta = fromTyped(a, [n, n]);
    const tb = fromTyped(b, [n, n]);
    let c: Tensor | null = null;
    return {
      run: () => {
        c = noGrad(() => ta.matmul(tb));
      },
      result: () => (c as Tensor | null)?.data() as Float32Array,
      dispose: () => {},
    };
  },

  async mlp(spec: MlpSpec): Promise<TrainCase> {
    const L = spec.sizes.length - 1;
    const ws: Tensor[] = [];
    const bs: Tensor[] = [];
    for (let i = 0; i < L; i++) {
      ws.push(fromTyped(spec.weights[i], [spec.sizes[i], spec.sizes[i + 1]]).requiresGrad_(true));
      bs.push(fromTyped(spec.biases[i], [spec.sizes[i + 1]]).requiresGrad_(true));
    }
    const x = fromTyped(spec.x, [spec.batch, spec.sizes[0]]);
    const y = spec.loss === 'mse' ? fromTyped(spec.yFloat, [spec.batch, 1]) : tensor(spec.yLabel, { shape: [spec.batch, 1] });
    const params = [...ws, ...bs];
    const opt =
      spec.optim === 'adamw'
        ? new optim.AdamW(params, { lr: spec.lr, weightDecay: spec.weightDecay })
        : new optim.Adam(params, { lr: spec.lr });
    const forward = (): Tensor => {
      let h = x;
      for (let i = 0; i < L; i++) {
        h = h.matmul(ws[i]).add(bs[i]);
        if (i + 1 < L) h = h.relu();
      }
      // MSE, or softmax cross-entropy as log-softmax + gather of the label column.
      return spec.loss === 'mse' ? h.sub(y).square().mean() : h.logSoftmax(-1).gather(1, y).mean().neg();
    };
    return {
      step: () => {
        opt.zeroGrad();
        const loss = forward();
        loss.backward();
        opt.step();
        return loss.item();
      },
      dispose: () => {},
    };
  },

  async optimizer(spec: OptimSpec): Promise<OptimCase | null> {
    const Ctor = gradstackOptimizer(spec.kind);
    if (!Ctor) return null;
    const p = fromTyped(spec.param, [spec.rows, spec.cols]).requiresGrad_(true);
    p.grad = fromTyped(spec.grad, [spec.rows, spec.cols]);
    const opt = new Ctor([p], optimizerOptions(spec.kind, spec.lr));
    return {
      // step() must not clear the gradient; it is set once and reused by every timed step.
      run: () => {
        opt.step();
      },
      stateBytes: () => opt.stateBytes(),
      sample: () => (p.data() as Float32Array).slice(0, 8),
      dispose: () => {},
    };
  },

  async elementwise(kind, a, b, c): Promise<ElementwiseCase> {
    const ta = fromTyped(a, [a.length]);
    const tb = fromTyped(b, [b.length]);
    const tc = fromTyped(c, [c.length]);
    let out: Tensor | null = null;
    const run =
      kind === 'fma'
        ? () => {
            out = noGrad(() => ta.mul(tb).add(tc));
          }
        : () => {
            out = noGrad(() => ta.mul(tb).add(tc).relu());
          };
    return { run, result: () => (out as Tensor | null)?.data() as Float32Array, dispose: () => {} };
  },
};
