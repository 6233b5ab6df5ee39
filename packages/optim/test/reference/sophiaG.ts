/**
 * SophiaG — Liuhong99/Sophia sophia.py (`update_hessian` + `_single_tensor_sophiag`).
 * The Hessian EMA is fed by the caller: after step k it calls updateHessian() with the
 * Gauss-Newton-Bartlett gradients ĝ present on the parameters; the step clips |m|/(ρ·bs·h) at 1.
 */
import { buf, f32, num, sign, tensor, toF32, zeros, type GradSequence, type ParamState, type RefTensor, type Trajectory } from './float32.js';

export interface SophiaGOptions {
  lr?: number;
  betas?: [number, number];
  rho?: number;
  weightDecay?: number;
  maximize?: boolean;
}

/** `updateHessian()` called right after step `afterStep` (0-based) with these grads on the params. */
export interface HessianUpdate {
  afterStep: number;
  grads: (number[] | null)[];
}

function initState(state: ParamState, shape: readonly number[], n: number): void {
  if (state.step === undefined) {
    state.step = 0;
    state.exp_avg = tensor(shape, zeros(n));
    state.hessian = tensor(shape, zeros(n));
  }
}

export function sophiaGTrajectory(
  initial: readonly RefTensor[],
  grads: GradSequence,
  hessianUpdates: readonly HessianUpdate[],
  options: SophiaGOptions = {},
  stepOptions: { bs?: number } = {},
): Trajectory {
  const { lr = 1e-4, betas = [0.965, 0.99], rho = 0.04, weightDecay = 1e-1, maximize = false } = options;
  const bs = stepOptions.bs ?? 5120;
  const [beta1, beta2] = betas;
  const params = initial.map((t) => toF32(t.values));
  const states: (ParamState | null)[] = initial.map(() => null);
  const history: number[][][] = [];

  grads.forEach((stepGrads, stepIndex) => {
    stepGrads.forEach((rawGrad, i) => {
      if (rawGrad === null) return;
      const p = params[i];
      const state = (states[i] ??= {});
      initState(state, initial[i].shape, p.length);
      state.step = num(state, 'step') + 1;
      const g = toF32(rawGrad).map((x) => (maximize ? -x : x));
      const m = buf(state, 'exp_avg');
      const h = buf(state, 'hessian');
      for (let j = 0; j < p.length; j++) {
        p[j] = f32(p[j] * (1 - lr * weightDecay));
        m[j] = f32(f32(m[j] * beta1) + (1 - beta1) * g[j]);
        const ratio = Math.min(f32(f32(Math.abs(m[j])) / f32(f32(rho * bs * h[j]) + 1e-15)), 1);
        p[j] = f32(p[j] - lr * f32(sign(m[j]) * ratio));
      }
    });
    for (const update of hessianUpdates.filter((u) => u.afterStep === stepIndex)) {
      update.grads.forEach((rawHessGrad, i) => {
        if (rawHessGrad === null) return;
        const state = (states[i] ??= {});
        initState(state, initial[i].shape, params[i].length);
        const h = buf(state, 'hessian');
        const gh = toF32(rawHessGrad);
        for (let j = 0; j < h.length; j++) h[j] = f32(f32(h[j] * beta2) + (1 - beta2) * gh[j] * gh[j]);
      });
    }
    history.push(params.map((p) => [...p]));
  });
  return { params: history, state: states };
}
