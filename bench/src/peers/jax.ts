/**
 * jax-js on its wasm device, in the two ways its users run it: eager ops, and the whole step
 * under `jit` (traced once, fused kernels replayed). jax-js ships no optimizer, so Adam/AdamW,
 * momentum SGD, Lion and Adafactor are written here in its own numpy ops — the code a user would
 * write. Arrays are reference-counted: every argument is consumed, `.ref` keeps a second use alive.
 *
 * Timed closures end in a synchronous readback (`item()` of the loss, or `blockUntilReady` of
 * the output) because jax-js evaluates lazily; without it a peer could "finish" work it never did.
 */
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { init, jit, nn, numpy as np, tree, valueAndGrad } from '@jax-js/jax';
import { ADAFACTOR, ADAMW_WD, BETAS, EPS, LION_BETAS, SGD_MOMENTUM } from '../hparams.js';
import type { ElementwiseCase, MatmulCase, MlpSpec, OptimCase, OptimKind, OptimSpec, Peer, TrainCase } from '../types.js';

type Arr = np.Array;

let ready: Promise<unknown> | null = null;
function ensureInit(): Promise<unknown> {
  ready ??= init('wasm');
  return ready;
}

function jaxVersion(): string {
  try {
    // The package's exports map hides package.json; walk up from its entry point instead.
    let dir = path.dirname(createRequire(import.meta.url).resolve('@jax-js/jax'));
    while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
    return (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** Worker-based threading needs a global `Worker`, which Node does not have: single-threaded here. */
export function jaxThreadsInfo(): string {
  return `jax-js wasm: ${typeof (globalThis as { Worker?: unknown }).Worker === 'undefined' ? 'single-threaded (no global Worker in Node)' : 'may use Web Workers'}`;
}

function mat(data: Float32Array, shape: number[]): Arr {
  return np.array(data).reshape(shape);
}

// ---- update rules, written in jax-js ops (each consumes its arguments) ---------------------

interface AdamScalars {
  stepSize: number | Arr;
  bc2inv: number | Arr;
}

/** PyTorch's Adam numerics; `decay` is AdamW's decoupled shrink (1 when plain Adam). */
function adamUpdate(p: Arr, g: Arr, m: Arr, v: Arr, s: AdamScalars, decay: number): [Arr, Arr, Arr] {
  const [b1, b2] = BETAS;
  const m2 = m.mul(b1).add(g.ref.mul(1 - b1));
  const v2 = v.mul(b2).add(np.square(g).mul(1 - b2));
  const denom = np.sqrt(v2.ref).mul(s.bc2inv).add(EPS);
  const pd = decay === 1 ? p : p.mul(decay);
  const p2 = pd.sub(m2.ref.mul(s.stepSize).div(denom));
  return [p2, m2, v2];
}

function adamScalars(t: number, lr: number): { stepSize: number; bc2inv: number } {
  return { stepSize: lr / (1 - BETAS[0] ** t), bc2inv: 1 / Math.sqrt(1 - BETAS[1] ** t) };
}

// ---- MLP --------------------------------------------------------------------------------

function mlpLoss(spec: MlpSpec): (params: Arr[], x: Arr, y: Arr) => Arr {
  const L = spec.sizes.length - 1;
  return (params, x, y) => {
    let h = x;
    for (let i = 0; i < L; i++) {
      h = np.matmul(h, params[2 * i]).add(params[2 * i + 1]);
      if (i + 1 < L) h = nn.relu(h);
    }
    if (spec.loss === 'mse') return np.mean(np.square(h.sub(y)));
    // y is one-hot [batch, classes]: mean over the batch of −Σ y·log softmax.
    return np.sum(nn.logSoftmax(h, -1).mul(y)).mul(-1 / spec.batch);
  };
}

function mlpInputs(spec: MlpSpec): { params: Arr[]; x: Arr; y: Arr } {
  const L = spec.sizes.length - 1;
  const params: Arr[] = [];
  for (let i = 0; i < L; i++) {
    params.push(mat(spec.weights[i], [spec.sizes[i], spec.sizes[i + 1]]));
    params.push(mat(spec.biases[i], [spec.sizes[i + 1]]));
  }
  const x = mat(spec.x, [spec.batch, spec.sizes[0]]);
  let y: Arr;
  if (spec.loss === 'mse') y = mat(spec.yFloat, [spec.batch, 1]);
  else {
    const classes = spec.sizes[L];
    const oh = new Float32Array(spec.batch * classes);
    for (let i = 0; i < spec.batch; i++) oh[i * classes + spec.yLabel[i]] = 1;
    y = mat(oh, [spec.batch, classes]);
  }
  return { params, x, y };
}

function makeMlp(spec: MlpSpec, jitted: boolean): TrainCase {
  const lossFn = mlpLoss(spec);
  const vg = valueAndGrad(lossFn);
  const decay = spec.optim === 'adamw' ? 1 - spec.lr * spec.weightDecay : 1;
  let { params, x, y } = mlpInputs(spec);
  let m = params.map((p) => np.zerosLike(p.ref));
  let v = params.map((p) => np.zerosLike(p.ref));
  let t = 0;

  const update = (ps: Arr[], ms: Arr[], vs: Arr[], x: Arr, y: Arr, stepSize: number | Arr, bc2inv: number | Arr) => {
    const [loss, grads] = vg(tree.ref(ps), x, y);
    const out = { params: [] as Arr[], m: [] as Arr[], v: [] as Arr[], loss };
    // Under jit the scalars are tracers, consumed by each use: take a reference per parameter.
    const keep = <T extends number | Arr>(s: T): T => (typeof s === 'number' ? s : (s.ref as T));
    for (let i = 0; i < ps.length; i++) {
      const [p2, m2, v2] = adamUpdate(ps[i], grads[i], ms[i], vs[i], { stepSize: keep(stepSize), bc2inv: keep(bc2inv) }, decay);
      out.params.push(p2);
      out.m.push(m2);
      out.v.push(v2);
    }
    if (typeof stepSize !== 'number') stepSize.dispose();
    if (typeof bc2inv !== 'number') bc2inv.dispose();
    return out;
  };
  const stepFn = jitted ? jit(update) : update;

  return {
    step: () => {
      t++;
      const { stepSize, bc2inv } = adamScalars(t, spec.lr);
      const out = stepFn(params, m, v, x.ref, y.ref, stepSize, bc2inv);
      params = out.params;
      m = out.m;
      v = out.v;
      return out.loss.item();
    },
    dispose: () => {
      tree.dispose([params, m, v, x, y]);
      if (jitted) (stepFn as { dispose?: () => void }).dispose?.();
    },
  };
}

// ---- W4 optimizers ----------------------------------------------------------------------

type OptState = Arr[];
interface OptRule {
  init(p: Arr): OptState;
  /** (param, grad, state, step scalars) → [param, ...state]. */
  apply(p: Arr, g: Arr, st: OptState, s: number[]): Arr[];
  scalars(t: number): number[];
}

function optRule(kind: OptimKind, lr: number, rows: number, cols: number): OptRule | null {
  switch (kind) {
    case 'sgd':
      // PyTorch seeds the buffer with g on step 1; buf = μ·0 + g gives the same with a zero init.
      return {
        init: (p) => [np.zerosLike(p)],
        apply: (p, g, [buf]) => {
          const b = buf.mul(SGD_MOMENTUM).add(g);
          return [p.sub(b.ref.mul(lr)), b];
        },
        scalars: () => [],
      };
    case 'adam':
    case 'adamw': {
      const decay = kind === 'adamw' ? 1 - lr * ADAMW_WD : 1;
      return {
        init: (p) => [np.zerosLike(p.ref), np.zerosLike(p)],
        apply: (p, g, [m, v], [stepSize, bc2inv]) => adamUpdate(p, g, m, v, { stepSize, bc2inv }, decay),
        scalars: (t) => {
          const s = adamScalars(t, lr);
          return [s.stepSize, s.bc2inv];
        },
      };
    }
    case 'lion': {
      const [b1, b2] = LION_BETAS;
      return {
        init: (p) => [np.zerosLike(p)],
        apply: (p, g, [m]) => {
          const c = m.ref.mul(b1).add(g.ref.mul(1 - b1));
          const p2 = p.sub(np.sign(c).mul(lr));
          return [p2, m.mul(b2).add(g.mul(1 - b2))];
        },
        scalars: () => [],
      };
    }
    case 'adafactor': {
      // torch.optim.Adafactor: factored second moment, relative step, RMS clipping (no .item()).
      const { beta2Decay, eps1, eps2, d } = ADAFACTOR;
      const sqrtN = Math.sqrt(rows * cols);
      return {
        init: () => [np.zeros([rows, 1]), np.zeros([1, cols])],
        apply: (p, g, [rowVar, colVar], [w, rho]) => {
          const gsq = np.square(g.ref);
          const wr = typeof w === 'number' ? w : (w as Arr).ref;
          const r2 = rowVar.ref.add(np.mean(gsq.ref, 1, { keepdims: true }).sub(rowVar).mul(wr));
          const c2 = colVar.ref.add(np.mean(gsq, 0, { keepdims: true }).sub(colVar).mul(w));
          const rowScale = np.maximum(np.mean(r2.ref), eps1);
          const varEst = np.maximum(r2.ref.mul(c2.ref).div(rowScale), eps1 * eps1);
          const u = g.div(np.sqrt(varEst));
          const denom = np.maximum(np.sqrt(np.sum(np.square(u.ref))).div(sqrtN * d), 1);
          const alpha = np.maximum(np.sqrt(np.sum(np.square(p.ref))).div(sqrtN), eps2).mul(rho);
          return [p.sub(u.mul(alpha.div(denom))), r2, c2];
        },
        scalars: (t) => [t ** beta2Decay, Math.min(lr, 1 / Math.sqrt(t))],
      };
    }
    default:
      return null;
  }
}

function makeOptim(spec: OptimSpec, jitted: boolean): OptimCase | null {
  const rule = optRule(spec.kind, spec.lr, spec.rows, spec.cols);
  if (!rule) return null;
  let p = mat(spec.param, [spec.rows, spec.cols]);
  const g = mat(spec.grad, [spec.rows, spec.cols]);
  let st = rule.init(p.ref);
  let t = 0;
  const apply = (p: Arr, g: Arr, st: OptState, s: number[]) => rule.apply(p, g, st, s);
  const fn = jitted ? jit(apply) : apply;
  return {
    run: async () => {
      t++;
      const [p2, ...st2] = fn(p, g.ref, st, rule.scalars(t));
      p = p2;
      st = st2;
      await p.blockUntilReady();
    },
    stateBytes: () => 4 * st.reduce((s, a) => s + a.shape.reduce((x, y) => x * y, 1), 0),
    sample: () => (p.ref.dataSync() as Float32Array).slice(0, 8),
    dispose: () => {
      tree.dispose([p, g, st]);
      if (jitted) (fn as { dispose?: () => void }).dispose?.();
    },
  };
}

// ---- W1 / W5 ----------------------------------------------------------------------------

function makeMatmul(a: Float32Array, b: Float32Array, n: number, jitted: boolean): MatmulCase {
  const A = mat(a, [n, n]);
  const B = mat(b, [n, n]);
  const mm = (x: Arr, y: Arr) => np.matmul(x, y);
  const fn = jitted ? jit(mm) : mm;
  let c: Arr | null = null;
  return {
    run: async () => {
      c?.dispose();
      c = fn(A.ref, B.ref);
      await c.blockUntilReady();
    },
    result: () => (c as Arr | null)!.ref.dataSync() as Float32Array,
    dispose: () => {
      tree.dispose([A, B, c]);
      if (jitted) (fn as { dispose?: () => void }).dispose?.();
    },
  };
}

function makeElementwise(kind: 'fma' | 'chain3', a: Float32Array, b: Float32Array, c: Float32Array, jitted: boolean): ElementwiseCase {
  const A = np.array(a);
  const B = np.array(b);
  const C = np.array(c);
  const f = (x: Arr, y: Arr, z: Arr) => (kind === 'fma' ? x.mul(y).add(z) : nn.relu(x.mul(y).add(z)));
  const fn = jitted ? jit(f) : f;
  let out: Arr | null = null;
  return {
    run: async () => {
      out?.dispose();
      out = fn(A.ref, B.ref, C.ref);
      await out.blockUntilReady();
    },
    result: () => (out as Arr | null)!.ref.dataSync() as Float32Array,
    dispose: () => {
      tree.dispose([A, B, C, out]);
      if (jitted) (fn as { dispose?: () => void }).dispose?.();
    },
  };
}

function makePeer(jitted: boolean): Peer {
  return {
    name: jitted ? 'jax-js jit' : 'jax-js eager',
    version: () => `@jax-js/jax ${jaxVersion()} (wasm, ${jitted ? 'jit' : 'eager'})`,
    matmul: async (a, b, n) => {
      await ensureInit();
      return makeMatmul(a, b, n, jitted);
    },
    mlp: async (spec) => {
      await ensureInit();
      const c = makeMlp(spec, jitted);
      return { ...c, note: spec.optim === 'adamw' ? 'AdamW written in jax-js ops' : undefined };
    },
    optimizer: async (spec) => {
      await ensureInit();
      return makeOptim(spec, jitted);
    },
    elementwise: async (kind, a, b, c) => {
      await ensureInit();
      return makeElementwise(kind, a, b, c, jitted);
    },
  };
}

export const jaxEagerPeer = makePeer(false);
export const jaxJitPeer = makePeer(true);
