/**
 * The small interface every peer adapter implements, one optional factory per workload. A factory
 * receives the same Float32Array inputs for every peer (generated once in data.ts) and returns a
 * "case": a closure to time plus what is needed to verify it did the work. Factories return null
 * when the peer has no such feature (reported as "n/a", never as a zero).
 */

/** A closure the harness times; a returned promise is awaited (jax-js readback is async-capable). */
export type Thunk = () => unknown;

/** W1: C = A·B for square N×N float32 matrices, row-major. */
export interface MatmulCase {
  run: Thunk;
  /** The product as float32, read after timing, for the max-relative-error check against the JS loop. */
  result(): Float32Array | Promise<Float32Array>;
  dispose(): void;
}

export type LossKind = 'mse' | 'ce';
export type OptimKind = 'sgd' | 'adam' | 'adamw' | 'lion' | 'adafactor' | 'adam8bit';

/** W2/W3: a dense ReLU MLP, weights laid out [in, out] so every peer computes x·W + b. */
export interface MlpSpec {
  sizes: number[];
  loss: LossKind;
  /** The workload asks for AdamW; a peer without AdamW runs Adam and says so in `note`. */
  optim: 'adam' | 'adamw';
  lr: number;
  weightDecay: number;
  batch: number;
  /** Initial weights and biases, per layer: weights[i] is sizes[i]×sizes[i+1]. */
  weights: Float32Array[];
  biases: Float32Array[];
  x: Float32Array;
  /** MSE targets [batch, 1] as float32; CE labels [batch] as int32. */
  yFloat: Float32Array;
  yLabel: Int32Array;
}

export interface TrainCase {
  /** One training step (forward + backward + optimizer step); returns the step's loss. */
  step(): number | Promise<number>;
  /** What the peer actually ran when it differs from the spec (e.g. "Adam (no AdamW)"). */
  note?: string;
  dispose(): void;
}

/** W4: one optimizer step over a [rows, cols] parameter with a fixed gradient. */
export interface OptimSpec {
  kind: OptimKind;
  rows: number;
  cols: number;
  param: Float32Array;
  grad: Float32Array;
  lr: number;
}

export interface OptimCase {
  run: Thunk;
  /** Optimizer state size in bytes, when the library can tell. */
  stateBytes?(): number;
  /** A few parameter values after the timed steps, to check the step moved the parameter. */
  sample(): Float32Array | Promise<Float32Array>;
  note?: string;
  dispose(): void;
}

/** W5: 'fma' is a*b+c, 'chain3' is relu(a*b+c) — three elementwise ops. */
export type ElementwiseKind = 'fma' | 'chain3';

export interface ElementwiseCase {
  run: Thunk;
  result(): Float32Array | Promise<Float32Array>;
  dispose(): void;
}

export interface Peer {
  /** Column name in the tables, e.g. "tfjs-wasm". */
  name: string;
  /** Library name and version, recorded in the environment block. */
  version(): string;
  /**
   * Makes this peer's runtime current before its samples (tfjs switches its global backend);
   * returns true when it switched, so the harness runs one untimed call to move data back.
   */
  activate?(): Promise<boolean>;
  matmul?(a: Float32Array, b: Float32Array, n: number): Promise<MatmulCase | null>;
  mlp?(spec: MlpSpec): Promise<TrainCase | null>;
  optimizer?(spec: OptimSpec): Promise<OptimCase | null>;
  elementwise?(kind: ElementwiseKind, a: Float32Array, b: Float32Array, c: Float32Array): Promise<ElementwiseCase | null>;
}
