/**
 * Shared plumbing of the plain-array optimizer reference.
 *
 * Values live in ordinary JS number arrays, but every value PyTorch would *store* in a float32
 * tensor (a parameter, a state buffer, the result of each tensor op) is rounded with `f32`, so a
 * trajectory follows float32 PyTorch to within a few ulps per step. Python-float scalars
 * (bias corrections, step sizes) stay in float64, as they do in `_single_tensor_*`.
 */

/** Round to the nearest float32, as storing into a float32 tensor does. */
export const f32 = Math.fround;

/** A tensor as the fixtures carry it: row-major values plus shape. */
export interface RefTensor {
  shape: number[];
  values: number[];
}

/** One state entry: a scalar (step, mu_product, ...), a tensor, or a list (LBFGS history and ro). */
export type StateValue = number | number[] | string | RefTensor | RefTensor[] | null;
export type ParamState = Record<string, StateValue>;

/** grads[stepIndex][paramIndex]; null means "this parameter has no grad on this step". */
export type GradSequence = (number[] | null)[][];

export interface Trajectory {
  /** params[stepIndex][paramIndex] = flat values after that step. */
  params: number[][][];
  /** Final per-parameter state; null where the parameter was never stepped (lazy state). */
  state: (ParamState | null)[];
}

export function numel(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function toF32(values: readonly number[]): number[] {
  return values.map(f32);
}

export function zeros(n: number): number[] {
  return new Array<number>(n).fill(0);
}

export function filled(n: number, value: number): number[] {
  return new Array<number>(n).fill(f32(value));
}

/** Euclidean norm of a float32 tensor; the reduction returns one float32 scalar. */
export function norm2(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v * v;
  return f32(Math.sqrt(sum));
}

export function dot(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return f32(sum);
}

/** torch.sign: sign(0) = 0. */
export function sign(x: number): number {
  return x > 0 ? 1 : x < 0 ? -1 : 0;
}

export function tensor(shape: readonly number[], values: readonly number[]): RefTensor {
  return { shape: [...shape], values: [...values] };
}

/**
 * The per-parameter loop every optimizer except LBFGS shares: for each step, for each parameter
 * that has a grad (skip rule: a null grad touches neither the parameter nor its state), call
 * `update` on the parameter's values in place. `state` starts as an empty object the first time a
 * parameter is stepped, so each optimizer initialises its own buffers lazily, as PyTorch does.
 */
export function runPerParameter(
  initial: readonly RefTensor[],
  grads: GradSequence,
  update: (param: number[], grad: readonly number[], state: ParamState, shape: readonly number[]) => void,
): Trajectory {
  const params = initial.map((t) => toF32(t.values));
  const states: (ParamState | null)[] = initial.map(() => null);
  const history: number[][][] = [];
  for (const stepGrads of grads) {
    stepGrads.forEach((grad, i) => {
      if (grad === null) return;
      if (grad.length !== params[i].length) {
        throw new RangeError(`grad of param ${i} has ${grad.length} values, param has ${params[i].length}`);
      }
      const state = (states[i] ??= {});
      update(params[i], toF32(grad), state, initial[i].shape);
    });
    history.push(params.map((p) => [...p]));
  }
  return { params: history, state: states };
}

/** Read a tensor state buffer's values (throws if the key holds something else). */
export function buf(state: ParamState, key: string): number[] {
  const v = state[key];
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error(`state.${key} is not a tensor`);
  return v.values;
}

export function num(state: ParamState, key: string): number {
  const v = state[key];
  if (typeof v !== 'number') throw new Error(`state.${key} is not a number`);
  return v;
}
