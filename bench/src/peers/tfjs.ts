/**
 * TensorFlow.js with its wasm backend (XNNPACK, SIMD) and its pure-JS cpu backend. Both run the
 * same code; only the active backend differs, switched at case creation (each case is created,
 * timed and disposed before the next, so a case never runs on the other backend). tfjs has Adam
 * and momentum but no AdamW, Lion, Adafactor or 8-bit state: those are "n/a" and W2 runs Adam.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths, getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { BETAS, EPS, SGD_MOMENTUM } from '../hparams.js';
import type { ElementwiseCase, MatmulCase, MlpSpec, OptimCase, OptimSpec, Peer, TrainCase } from '../types.js';

type TfBackend = 'wasm' | 'cpu';

let wasmPathsSet = false;

async function use(backend: TfBackend): Promise<void> {
  if (backend === 'wasm' && !wasmPathsSet) {
    // In Node the .wasm binaries are read from disk; point the loader at the package's dist/.
    const main = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
    setWasmPaths(path.dirname(main) + path.sep);
    wasmPathsSet = true;
  }
  if (tf.getBackend() !== backend) {
    const ok = await tf.setBackend(backend);
    if (!ok) throw new Error(`tfjs: backend ${backend} failed to initialise`);
  }
  await tf.ready();
}

/** Flags worth recording: whether wasm runs SIMD and how many threads it uses here. */
export async function tfjsWasmInfo(): Promise<string> {
  await use('wasm');
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const mt = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  return `tfjs-wasm: SIMD ${String(simd)}, multithread ${String(mt)}, threads ${getThreadsCount()}`;
}

function makePeer(backend: TfBackend): Peer {
  return {
    name: `tfjs-${backend}`,
    version: () => `@tensorflow/tfjs ${tf.version.tfjs} (${backend} backend)`,
    async activate() {
      const switched = tf.getBackend() !== backend;
      await use(backend);
      return switched;
    },

    async matmul(a, b, n): Promise<MatmulCase> {
      await use(backend);
      const ta = tf.tensor2d(a, [n, n]);
      const tb = tf.tensor2d(b, [n, n]);
      let c: tf.Tensor | null = null;
      return {
        // wasm and cpu kernels run synchronously inside the op call, so no readback is needed.
        run: () => {
          c?.dispose();
          c = tf.matMul(ta, tb);
        },
        result: () => (c as tf.Tensor | null)!.dataSync() as Float32Array,
        dispose: () => {
          tf.dispose([ta, tb]);
          (c as tf.Tensor | null)?.dispose();
        },
      };
    },

    async mlp(spec: MlpSpec): Promise<TrainCase> {
      await use(backend);
      const L = spec.sizes.length - 1;
      const ws: tf.Variable[] = [];
      const bs: tf.Variable[] = [];
      for (let i = 0; i < L; i++) {
        ws.push(tf.variable(tf.tensor2d(spec.weights[i], [spec.sizes[i], spec.sizes[i + 1]])));
        bs.push(tf.variable(tf.tensor1d(spec.biases[i])));
      }
      const x = tf.tensor2d(spec.x, [spec.batch, spec.sizes[0]]);
      const y =
        spec.loss === 'mse'
          ? tf.tensor2d(spec.yFloat, [spec.batch, 1])
          : tf.oneHot(tf.tensor1d(spec.yLabel, 'int32'), spec.sizes[L]).toFloat();
      const opt = tf.train.adam(spec.lr, BETAS[0], BETAS[1], EPS);
      const lossFn = (): tf.Scalar => {
        let h: tf.Tensor = x;
        for (let i = 0; i < L; i++) {
          h = tf.add(tf.matMul(h, ws[i]), bs[i]);
          if (i + 1 < L) h = tf.relu(h);
        }
        return spec.loss === 'mse' ? tf.losses.meanSquaredError(y, h) : tf.losses.softmaxCrossEntropy(y, h);
      };
      return {
        step: () => {
          const loss = opt.minimize(lossFn, true) as tf.Scalar;
          const v = loss.dataSync()[0];
          loss.dispose();
          return v;
        },
        note: spec.optim === 'adamw' ? 'Adam (tfjs has no AdamW)' : undefined,
        dispose: () => {
          opt.dispose();
          tf.dispose([...ws, ...bs, x, y]);
        },
      };
    },

    async optimizer(spec: OptimSpec): Promise<OptimCase | null> {
      if (spec.kind !== 'sgd' && spec.kind !== 'adam') return null;
      await use(backend);
      const p = tf.variable(tf.tensor2d(spec.param, [spec.rows, spec.cols]));
      const g = tf.tensor2d(spec.grad, [spec.rows, spec.cols]);
      const opt = spec.kind === 'sgd' ? tf.train.momentum(spec.lr, SGD_MOMENTUM) : tf.train.adam(spec.lr, BETAS[0], BETAS[1], EPS);
      return {
        run: () => opt.applyGradients([{ name: p.name, tensor: g }]),
        sample: () => (p.dataSync() as Float32Array).slice(0, 8),
        dispose: () => {
          opt.dispose();
          tf.dispose([p, g]);
        },
      };
    },

    async elementwise(kind, a, b, c): Promise<ElementwiseCase> {
      await use(backend);
      const ta = tf.tensor1d(a);
      const tb = tf.tensor1d(b);
      const tc = tf.tensor1d(c);
      let out: tf.Tensor | null = null;
      return {
        run: () => {
          out?.dispose();
          out = tf.tidy(() => {
            const y = tf.add(tf.mul(ta, tb), tc);
            return kind === 'fma' ? y : tf.relu(y);
          });
        },
        result: () => (out as tf.Tensor | null)!.dataSync() as Float32Array,
        dispose: () => {
          tf.dispose([ta, tb, tc]);
          (out as tf.Tensor | null)?.dispose();
        },
      };
    },
  };
}

export const tfjsWasmPeer = makePeer('wasm');
export const tfjsCpuPeer = makePeer('cpu');
