/**
 * Seeded inputs, generated once per run and handed to every peer, so all libraries multiply the
 * same matrices and train from the same initial weights on the same batch. The generator is
 * independent of every library's own RNG (mulberry32 + Box–Muller) so no peer's seeding scheme
 * can change the data.
 */
import type { MlpSpec } from './types.js';

export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
  normals(n: number, scale = 1): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = this.normal() * scale;
    return out;
  }
  uniforms(n: number, lo: number, hi: number): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * this.next();
    return out;
  }
}

/** Kaiming-uniform weights (PyTorch's Linear default) and zero biases, one pair per layer. */
function initLayers(rng: Rng, sizes: number[]): { weights: Float32Array[]; biases: Float32Array[] } {
  const weights: Float32Array[] = [];
  const biases: Float32Array[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    const bound = 1 / Math.sqrt(sizes[i]);
    weights.push(rng.uniforms(sizes[i] * sizes[i + 1], -bound, bound));
    biases.push(rng.uniforms(sizes[i + 1], -bound, bound));
  }
  return { weights, biases };
}

/** W2: the tutorials' regression MLP 4-64-32-1, MSE on a smooth target of the inputs. */
export function w2Spec(seed = 1): MlpSpec {
  const rng = new Rng(seed);
  const sizes = [4, 64, 32, 1];
  const batch = 64;
  const x = rng.normals(batch * 4);
  const yFloat = new Float32Array(batch);
  for (let i = 0; i < batch; i++) {
    yFloat[i] = Math.sin(x[i * 4]) + 0.5 * x[i * 4 + 1] * x[i * 4 + 2] - 0.25 * x[i * 4 + 3];
  }
  return { sizes, loss: 'mse', optim: 'adamw', lr: 1e-3, weightDecay: 0.01, batch, ...initLayers(rng, sizes), x, yFloat, yLabel: new Int32Array(0) };
}

/**
 * W3: MNIST-shaped MLP 784-128-10 with softmax cross-entropy. The batch is synthetic (pixel-like
 * values in [0, 1), labels from a fixed random linear teacher) so the bench needs no download;
 * speed does not depend on pixel content, and the teacher makes the labels learnable.
 */
export function w3Spec(seed = 2): MlpSpec {
  const rng = new Rng(seed);
  const sizes = [784, 128, 10];
  const batch = 128;
  const x = rng.uniforms(batch * 784, 0, 1);
  const teacher = rng.normals(784 * 10);
  const yLabel = new Int32Array(batch);
  for (let i = 0; i < batch; i++) {
    let best = -Infinity;
    for (let c = 0; c < 10; c++) {
      let s = 0;
      for (let k = 0; k < 784; k++) s += x[i * 784 + k] * teacher[k * 10 + c];
      if (s > best) {
        best = s;
        yLabel[i] = c;
      }
    }
  }
  return { sizes, loss: 'ce', optim: 'adam', lr: 1e-3, weightDecay: 0, batch, ...initLayers(rng, sizes), x, yFloat: new Float32Array(0), yLabel };
}

/** Row-major float32 [rows, cols] → nested number arrays, for js-pytorch which stores JS arrays. */
export function toNested(data: Float32Array, rows: number, cols: number): number[][] {
  const out: number[][] = [];
  for (let r = 0; r < rows; r++) out.push(Array.from(data.subarray(r * cols, (r + 1) * cols)));
  return out;
}

/** Nested arrays of any depth → a flat float32 array (js-pytorch results back to the common form). */
export function flattenNested(v: unknown): Float32Array {
  const flat: number[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) for (const e of x) walk(e);
    else flat.push(x as number);
  };
  walk(v);
  return Float32Array.from(flat);
}
