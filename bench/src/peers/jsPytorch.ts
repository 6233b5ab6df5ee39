/**
 * js-pytorch: a PyTorch-syntax library that stores tensors as nested JS arrays of doubles. It is
 * the closest API peer to gradstack, so it is driven with its own nn.ReLU, MSELoss,
 * CrossEntropyLoss and optim.Adam, as its users would. The float32 inputs are converted to
 * nested arrays once, outside timing (same values; its arithmetic is float64). It has only Adam
 * (no AdamW), and its Adam skips bias correction — a slightly different rule, same work.
 */
import { torch } from 'js-pytorch';
import { flattenNested, toNested } from '../data.js';
import { BETAS, EPS } from '../hparams.js';
import type { ElementwiseCase, MatmulCase, MlpSpec, OptimCase, OptimSpec, Peer, TrainCase } from '../types.js';

type JT = ReturnType<typeof torch.tensor>;

const version = '0.7.2';

export const jsPytorchPeer: Peer = {
  name: 'js-pytorch',
  version: () => `js-pytorch ${version} (nested JS arrays, cpu)`,

  async matmul(a, b, n): Promise<MatmulCase> {
    const ta = torch.tensor(toNested(a, n, n));
    const tb = torch.tensor(toNested(b, n, n));
    let c: JT | null = null;
    return {
      run: () => {
        c = torch.matmul(ta, tb);
      },
      result: () => flattenNested((c as JT | null)!.data),
      dispose: () => {},
    };
  },

  async mlp(spec: MlpSpec): Promise<TrainCase> {
    const L = spec.sizes.length - 1;
    const ws: JT[] = [];
    const bs: JT[] = [];
    for (let i = 0; i < L; i++) {
      ws.push(torch.tensor(toNested(spec.weights[i], spec.sizes[i], spec.sizes[i + 1]), true));
      bs.push(torch.tensor(Array.from(spec.biases[i]), true));
    }
    const x = torch.tensor(toNested(spec.x, spec.batch, spec.sizes[0]));
    const y = spec.loss === 'mse' ? torch.tensor(toNested(spec.yFloat, spec.batch, 1)) : torch.tensor(Array.from(spec.yLabel));
    const relu = new torch.nn.ReLU();
    const lossMod = spec.loss === 'mse' ? new torch.nn.MSELoss() : new torch.nn.CrossEntropyLoss();
    const opt = new torch.optim.Adam([...ws, ...bs], spec.lr, 0, [...BETAS], EPS);
    return {
      step: () => {
        opt.zero_grad();
        let h: JT = x;
        for (let i = 0; i < L; i++) {
          h = h.matmul(ws[i]).add(bs[i]);
          if (i + 1 < L) h = relu.forward(h);
        }
        const loss = lossMod.forward(h, y);
        loss.backward();
        opt.step();
        return flattenNested(loss.data)[0];
      },
      note: spec.optim === 'adamw' ? 'Adam (no AdamW), no bias correction' : 'no bias correction',
      dispose: () => {},
    };
  },

  async optimizer(spec: OptimSpec): Promise<OptimCase | null> {
    if (spec.kind !== 'adam') return null;
    const p = torch.tensor(toNested(spec.param, spec.rows, spec.cols), true);
    const grad = torch.tensor(toNested(spec.grad, spec.rows, spec.cols));
    const opt = new torch.optim.Adam([p], spec.lr, 0, [...BETAS], EPS);
    // Its step reads `_grad`; setting it directly is what backward() would have left there.
    (p as unknown as { _grad: JT })._grad = grad;
    return {
      run: () => opt.step(),
      sample: () => Float32Array.from((p.data as number[][])[0].slice(0, 8)),
      note: 'no bias correction',
      dispose: () => {},
    };
  },

  async elementwise(kind, a, b, c): Promise<ElementwiseCase> {
    // 1M elements as 1000×1000 nested rows (a flat 1M-long JS array is the same work).
    const side = Math.round(Math.sqrt(a.length));
    const ta = torch.tensor(toNested(a, side, side));
    const tb = torch.tensor(toNested(b, side, side));
    const tc = torch.tensor(toNested(c, side, side));
    const relu = new torch.nn.ReLU();
    let out: JT | null = null;
    return {
      run: () => {
        const y = ta.mul(tb).add(tc);
        out = kind === 'fma' ? y : relu.forward(y);
      },
      result: () => flattenNested((out as JT | null)!.data),
      dispose: () => {},
    };
  },
};
