/**
 * The parity suite's sample that runs in the page: a fixed set of ops (broadcasting, transposed and
 * permuted views, reductions, matmul, indexing, composites) forward and backward from seeded data,
 * plus three AdamW steps of a small nn MLP. It takes the library as a parameter so the same code
 * runs on the page's bundle and, in Node, on the sources (the cpu reference).
 */
import type * as Gradstack from './gradstack.js';

type G = typeof Gradstack;
type Tensor = Gradstack.Tensor;

export interface CaseResult {
  name: string;
  /** The output, then each input's gradient, flattened. */
  values: number[][];
}

/** mulberry32, so both sides draw identical float32 data without touching the library's RNG. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function data(n: number, seed: number, lo = -2, hi = 2): Float32Array {
  const r = rng(seed);
  return Float32Array.from({ length: n }, () => lo + (hi - lo) * r());
}

interface Case {
  name: string;
  inputs: { shape: number[]; lo?: number; hi?: number }[];
  f: (g: G, xs: Tensor[]) => Tensor;
}

const CASES: Case[] = [
  { name: 'add (broadcast [3,4] + [4])', inputs: [{ shape: [3, 4] }, { shape: [4] }], f: (_g, [a, b]) => a.add(b) },
  { name: 'mul (broadcast [2,1,3] × [4,1])', inputs: [{ shape: [2, 1, 3] }, { shape: [4, 1] }], f: (_g, [a, b]) => a.mul(b) },
  { name: 'div and pow', inputs: [{ shape: [5], lo: 0.5, hi: 2 }, { shape: [5], lo: 0.5, hi: 2 }], f: (_g, [a, b]) => a.div(b).add(a.pow(b)) },
  { name: 'exp · log · tanh · sigmoid · gelu', inputs: [{ shape: [2, 6], lo: 0.2, hi: 2 }], f: (g, [x]) => g.gelu(x.exp().log().tanh().add(x.sigmoid())) },
  { name: 'where and lerp', inputs: [{ shape: [3, 3] }, { shape: [3, 3] }, { shape: [3] , lo: 0, hi: 1 }], f: (g, [a, b, w]) => g.where(a.gt(0), a, b).add(g.lerp(a, b, w)) },
  { name: 'sum / mean / max over dims', inputs: [{ shape: [3, 4, 2] }], f: (_g, [x]) => x.sum(1).add(x.mean(1).mul(2)).add(x.max(1).values) },
  { name: 'batched matmul [2,3,5] @ [5,4]', inputs: [{ shape: [2, 3, 5] }, { shape: [5, 4] }], f: (g, [a, b]) => g.matmul(a, b) },
  { name: 'mm of a transposed view', inputs: [{ shape: [6, 3] }, { shape: [6, 2] }], f: (_g, [a, b]) => a.t().mm(b) },
  { name: 'permuted view × tensor', inputs: [{ shape: [2, 3, 4] }, { shape: [4, 3, 2] }], f: (_g, [a, b]) => a.permute(2, 1, 0).mul(b) },
  { name: 'softmax and logSoftmax', inputs: [{ shape: [4, 5] }], f: (g, [x]) => g.softmax(x, -1).add(g.logSoftmax(x, 0)) },
  {
    name: 'cross-entropy (logSoftmax + gather)',
    inputs: [{ shape: [6, 4] }],
    f: (g, [x]) => g.logSoftmax(x, 1).gather(1, g.tensor(Int32Array.from([0, 3, 1, 2, 2, 0]), { shape: [6, 1] })).mean().neg(),
  },
  {
    name: 'indexSelect and scatterAdd',
    inputs: [{ shape: [5, 3] }, { shape: [4, 3] }],
    f: (g, [x, s]) => {
      const idx = g.tensor(Int32Array.from([4, 0, 0, 2]));
      return x.indexSelect(0, idx).add(x.scatterAdd(0, g.tensor(Int32Array.from([1, 1, 3, 0, 2, 2, 4, 4, 0, 3, 3, 1]), { shape: [4, 3] }), s).narrow(0, 0, 4));
    },
  },
  {
    name: 'layer norm (composed)',
    inputs: [{ shape: [3, 8] }],
    f: (_g, [x]) => {
      const mu = x.mean(-1, true);
      return x.sub(mu).div(x.sub(mu).square().mean(-1, true).add(1e-5).sqrt());
    },
  },
];

/** One case's tensors to read: the output, then each input's gradient (null: no gradient). */
interface CaseTensors {
  name: string;
  tensors: (Tensor | null)[];
}

/**
 * Runs every case on the current backend (the caller picks it with setBackend) and returns the
 * tensors to read, without reading any: so the same run serves the synchronous read and the async
 * one (the only read on webgpu).
 */
function computeSample(g: G): CaseTensors[] {
  const out: CaseTensors[] = [];
  CASES.forEach((c, ci) => {
    const xs = c.inputs.map((inp, i) => {
      const n = inp.shape.reduce((a, b) => a * b, 1);
      return g.tensor(data(n, 1000 * ci + i, inp.lo, inp.hi), { shape: inp.shape, requiresGrad: true });
    });
    const y = c.f(g, xs);
    const cot = g.tensor(data(y.numel, 1000 * ci + 99, -1, 1), { shape: y.shape });
    y.mul(cot).sum().backward();
    out.push({ name: c.name, tensors: [y, ...xs.map((x) => x.grad)] });
  });
  const mlp = trainMlp(g);
  out.push({ name: 'nn MLP 4-8-1, 3 AdamW steps (losses, then first-layer weight)', tensors: [g.stack(mlp.losses), mlp.weight] });
  return out;
}

/** Runs every case on the current backend and reads the results synchronously. */
export function runSample(g: G): CaseResult[] {
  return computeSample(g).map((c) => ({ name: c.name, values: c.tensors.map((t) => Array.from(t?.data() ?? [])) }));
}

/** The same, read back through the async read (`dataAsync()`), which every backend supports. */
export async function runSampleAsync(g: G): Promise<CaseResult[]> {
  const cases = computeSample(g);
  const out: CaseResult[] = [];
  for (const c of cases) {
    const values: number[][] = [];
    for (const t of c.tensors) values.push(Array.from(t ? await t.dataAsync() : []));
    out.push({ name: c.name, values });
  }
  return out;
}

/**
 * nn and optim in the page: weights from seeded data (not the RNG), so both sides start equal.
 * The losses are kept as tensors (detached) and read after training, with the first-layer weight.
 */
function trainMlp(g: G): { losses: Tensor[]; weight: Tensor } {
  const model = new g.nn.Sequential(new g.nn.Linear(4, 8), new g.nn.Tanh(), new g.nn.Linear(8, 1));
  g.noGrad(() => model.parameters().forEach((p, i) => p.copy_(g.tensor(data(p.numel, 500 + i, -0.5, 0.5), { shape: p.shape }))));
  const x = g.tensor(data(32 * 4, 600), { shape: [32, 4] });
  const y = g.tensor(data(32, 601), { shape: [32, 1] });
  const opt = new g.optim.AdamW(model.parameters(), { lr: 0.05 });
  const losses: Tensor[] = [];
  for (let i = 0; i < 3; i++) {
    opt.zeroGrad();
    const loss = g.nn.functional.mseLoss(model.forward(x) as Tensor, y);
    loss.backward();
    opt.step();
    losses.push(loss.detach());
  }
  return { losses, weight: model.parameters()[0] };
}
