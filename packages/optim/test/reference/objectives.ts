/**
 * Deterministic objectives that define LBFGS fixtures (LBFGS pulls its gradients from a closure, so a
 * fixture is an objective, not a gradient list). Both act on the flat concatenation of all params.
 * Loss and gradient are computed in float64 and returned rounded to float32, as a float32 closure would.
 */
import { f32 } from './float32.js';

export type Objective =
  /** 0.5·xᵀAx − bᵀx + c with A symmetric positive definite (row-major n×n); c defaults to 0. */
  | { type: 'quadratic'; A: number[]; b: number[]; c?: number }
  /** Σ_i 100·(x_{i+1} − x_i²)² + (1 − x_i)² over consecutive entries of the flat vector. */
  | { type: 'rosenbrock' };

export function evaluateObjective(objective: Objective, x: readonly number[]): { loss: number; grad: number[] } {
  const n = x.length;
  if (objective.type === 'quadratic') {
    const { A, b } = objective;
    const grad = new Array<number>(n);
    let loss = objective.c ?? 0;
    for (let i = 0; i < n; i++) {
      let ax = 0;
      for (let j = 0; j < n; j++) ax += A[i * n + j] * x[j];
      grad[i] = ax - b[i];
      loss += 0.5 * x[i] * ax - b[i] * x[i];
    }
    return { loss: f32(loss), grad: grad.map(f32) };
  }
  const grad = new Array<number>(n).fill(0);
  let loss = 0;
  for (let i = 0; i < n - 1; i++) {
    const r = x[i + 1] - x[i] * x[i];
    loss += 100 * r * r + (1 - x[i]) ** 2;
    grad[i] += -400 * x[i] * r - 2 * (1 - x[i]);
    grad[i + 1] += 200 * r;
  }
  return { loss: f32(loss), grad: grad.map(f32) };
}
