/**
 * L-BFGS — torch/optim/lbfgs.py (`LBFGS.step`, `_strong_wolfe`, `_cubic_interpolate`).
 * All parameters are one flat vector; history, direction and step length persist across step() calls
 * and `n_iter` (global) decides the "first iteration". Float32 tensors (x, g, d, history, dot
 * products) are rounded with f32; Python floats (loss values, lr) stay float64.
 */
import { evaluateObjective, type Objective } from './objectives.js';
import { dot, f32, numel, tensor, toF32, type ParamState, type RefTensor } from './float32.js';

export interface LbfgsOptions {
  lr?: number;
  maxIter?: number;
  maxEval?: number;
  toleranceGrad?: number;
  toleranceChange?: number;
  historySize?: number;
  lineSearchFn?: 'strong_wolfe' | null;
}

export interface LbfgsTrajectory {
  /** params[callIndex][paramIndex] after each step(closure) call. */
  params: number[][][];
  /** The loss each step() returned (the closure's value at the start of the call). */
  losses: number[];
  /** state.func_evals and state.n_iter after each call. */
  funcEvals: number[];
  nIters: number[];
  /** The final global state (stored under the first parameter). */
  state: ParamState;
}

const maxAbs = (v: readonly number[]): number => v.reduce((a, x) => Math.max(a, Math.abs(x)), 0);
// PyTorch casts the Python-float alpha to float32 before the fused multiply-add.
const axpy = (y: readonly number[], alpha: number, x: readonly number[]): number[] => { const a = f32(alpha); return y.map((yi, i) => f32(yi + a * x[i])); };

export function cubicInterpolate(x1: number, f1: number, g1: number, x2: number, f2: number, g2: number, bounds?: [number, number]): number {
  const [xminBound, xmaxBound] = bounds ?? (x1 <= x2 ? [x1, x2] : [x2, x1]);
  const d1 = g1 + g2 - (3 * (f1 - f2)) / (x1 - x2);
  const d2Square = d1 * d1 - g1 * g2;
  if (d2Square >= 0) {
    const d2 = Math.sqrt(d2Square);
    const minPos = x1 <= x2 ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2)) : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
    return Math.min(Math.max(minPos, xminBound), xmaxBound);
  }
  return (xminBound + xmaxBound) / 2;
}

type Evaluate = (x: readonly number[], t: number, d: readonly number[]) => { loss: number; grad: number[] };

/** `_strong_wolfe` with PyTorch's defaults c1 = 1e-4, c2 = 0.9, tolerance_change = 1e-9, max_ls = 25. */
export function strongWolfe(
  evaluate: Evaluate,
  x: readonly number[],
  tInit: number,
  d: readonly number[],
  f: number,
  g: readonly number[],
  gtd: number,
  c1 = 1e-4,
  c2 = 0.9,
  toleranceChange = 1e-9,
  maxLs = 25,
): { loss: number; grad: number[]; t: number; evals: number } {
  let t = tInit;
  const dNorm = maxAbs(d);
  let { loss: fNew, grad: gNew } = evaluate(x, t, d);
  let evals = 1;
  let gtdNew = dot(gNew, d);
  let tPrev = 0;
  let fPrev = f;
  let gPrev: readonly number[] = g;
  let gtdPrev = gtd;
  let done = false;
  let lsIter = 0;
  let bracket: number[] = [];
  let bracketF: number[] = [];
  let bracketG: (readonly number[])[] = [];
  let bracketGtd: number[] = [];
  while (lsIter < maxLs) {
    if (fNew > f + c1 * t * gtd || (lsIter > 1 && fNew >= fPrev)) {
      [bracket, bracketF, bracketG, bracketGtd] = [[tPrev, t], [fPrev, fNew], [gPrev, gNew], [gtdPrev, gtdNew]];
      break;
    }
    if (Math.abs(gtdNew) <= -c2 * gtd) {
      [bracket, bracketF, bracketG] = [[t], [fNew], [gNew]];
      done = true;
      break;
    }
    if (gtdNew >= 0) {
      [bracket, bracketF, bracketG, bracketGtd] = [[tPrev, t], [fPrev, fNew], [gPrev, gNew], [gtdPrev, gtdNew]];
      break;
    }
    const minStep = t + 0.01 * (t - tPrev);
    const maxStep = t * 10;
    const tmp = t;
    // t becomes a float32 0-d tensor here (the interpolation mixes in gtd tensors)
    t = f32(cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, [minStep, maxStep]));
    tPrev = tmp;
    fPrev = fNew;
    gPrev = gNew;
    gtdPrev = gtdNew;
    ({ loss: fNew, grad: gNew } = evaluate(x, t, d));
    evals += 1;
    gtdNew = dot(gNew, d);
    lsIter += 1;
  }
  if (lsIter === maxLs) {
    [bracket, bracketF, bracketG] = [[0, t], [f, fNew], [g, gNew]];
  }
  let insufProgress = false;
  let [lowPos, highPos] = bracketF[0] <= bracketF[bracketF.length - 1] ? [0, 1] : [1, 0];
  while (!done && lsIter < maxLs) {
    if (Math.abs(bracket[1] - bracket[0]) * dNorm < toleranceChange) break;
    t = f32(cubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1]));
    const hi = Math.max(...bracket);
    const lo = Math.min(...bracket);
    const eps = 0.1 * (hi - lo);
    if (Math.min(hi - t, t - lo) < eps) {
      // Interpolation close to a boundary: move 10% inside if progress was already insufficient.
      if (insufProgress || t >= hi || t <= lo) {
        t = Math.abs(t - hi) < Math.abs(t - lo) ? hi - eps : lo + eps;
        insufProgress = false;
      } else {
        insufProgress = true;
      }
    } else {
      insufProgress = false;
    }
    ({ loss: fNew, grad: gNew } = evaluate(x, t, d));
    evals += 1;
    gtdNew = dot(gNew, d);
    lsIter += 1;
    if (fNew > f + c1 * t * gtd || fNew >= bracketF[lowPos]) {
      bracket[highPos] = t;
      bracketF[highPos] = fNew;
      bracketG[highPos] = gNew;
      bracketGtd[highPos] = gtdNew;
      [lowPos, highPos] = bracketF[0] <= bracketF[1] ? [0, 1] : [1, 0];
    } else {
      if (Math.abs(gtdNew) <= -c2 * gtd) {
        done = true;
      } else if (gtdNew * (bracket[highPos] - bracket[lowPos]) >= 0) {
        bracket[highPos] = bracket[lowPos];
        bracketF[highPos] = bracketF[lowPos];
        bracketG[highPos] = bracketG[lowPos];
        bracketGtd[highPos] = bracketGtd[lowPos];
      }
      bracket[lowPos] = t;
      bracketF[lowPos] = fNew;
      bracketG[lowPos] = gNew;
      bracketGtd[lowPos] = gtdNew;
    }
  }
  return { loss: bracketF[lowPos], grad: [...bracketG[lowPos]], t: bracket[lowPos], evals };
}

export function lbfgsTrajectory(initial: readonly RefTensor[], objective: Objective, steps: number, options: LbfgsOptions = {}): LbfgsTrajectory {
  const { lr = 1, maxIter = 20, toleranceGrad = 1e-7, toleranceChange = 1e-9, historySize = 100, lineSearchFn = null } = options;
  const maxEval = options.maxEval ?? Math.floor((maxIter * 5) / 4);
  const sizes = initial.map((t) => numel(t.shape));
  let x = initial.flatMap((t) => toF32(t.values));
  const closure = (at: readonly number[]) => evaluateObjective(objective, at);

  // Global state, persisted across calls.
  let funcEvals = 0;
  let nIterTotal = 0;
  let d: number[] = [];
  let t = 0;
  let oldDirs: number[][] = [];
  let oldStps: number[][] = [];
  let ro: number[] = [];
  let hDiag = 1;
  let prevFlatGrad: number[] | null = null;
  let prevLoss = 0;
  const al: number[] = new Array<number>(historySize).fill(0);

  const result: LbfgsTrajectory = { params: [], losses: [], funcEvals: [], nIters: [], state: {} };
  const split = (flat: readonly number[]) => {
    let offset = 0;
    return sizes.map((n) => flat.slice(offset, (offset += n)));
  };

  for (let call = 0; call < steps; call++) {
    let { loss, grad: flatGrad } = closure(x);
    const origLoss = loss;
    let currentEvals = 1;
    funcEvals += 1;
    let optCond = maxAbs(flatGrad) <= toleranceGrad;
    if (!optCond) {
      let nIter = 0;
      while (nIter < maxIter) {
        nIter += 1;
        nIterTotal += 1;
        if (nIterTotal === 1) {
          d = flatGrad.map((v) => -v);
          oldDirs = [];
          oldStps = [];
          ro = [];
          hDiag = 1;
        } else {
          const y = flatGrad.map((v, i) => f32(v - (prevFlatGrad as number[])[i]));
          const s = d.map((v) => f32(v * f32(t)));
          const ys = dot(y, s);
          if (ys > 1e-10) {
            if (oldDirs.length === historySize) {
              oldDirs.shift();
              oldStps.shift();
              ro.shift();
            }
            oldDirs.push(y);
            oldStps.push(s);
            ro.push(f32(1 / ys));
            hDiag = f32(ys / dot(y, y));
          }
          // Two-loop recursion.
          let q = flatGrad.map((v) => -v);
          for (let i = oldDirs.length - 1; i >= 0; i--) {
            al[i] = f32(dot(oldStps[i], q) * ro[i]);
            q = axpy(q, -al[i], oldDirs[i]);
          }
          let r = q.map((v) => f32(v * hDiag));
          for (let i = 0; i < oldDirs.length; i++) {
            const beI = f32(dot(oldDirs[i], r) * ro[i]);
            r = axpy(r, f32(al[i] - beI), oldStps[i]);
          }
          d = r;
        }
        prevFlatGrad = [...flatGrad];
        prevLoss = loss;
        // First iteration ever: scale the step by 1/‖g‖₁ (a float32 tensor when it wins the min).
        if (nIterTotal === 1) {
          const inv = f32(1 / f32(flatGrad.reduce((a, v) => a + Math.abs(v), 0)));
          t = inv < 1 ? f32(inv * lr) : lr;
        } else {
          t = lr;
        }
        const gtd = dot(flatGrad, d);
        if (gtd > -toleranceChange) break;

        let lsFuncEvals = 0;
        if (lineSearchFn === 'strong_wolfe') {
          const evaluate: Evaluate = (at, step, dir) => closure(axpy(at, step, dir));
          const ls = strongWolfe(evaluate, x, t, d, loss, flatGrad, gtd);
          ({ loss, grad: flatGrad, t } = ls);
          lsFuncEvals = ls.evals;
          x = axpy(x, t, d);
          optCond = maxAbs(flatGrad) <= toleranceGrad;
        } else {
          x = axpy(x, t, d);
          if (nIter !== maxIter) {
            // The last iteration of a call does not re-evaluate.
            ({ loss, grad: flatGrad } = closure(x));
            optCond = maxAbs(flatGrad) <= toleranceGrad;
            lsFuncEvals = 1;
          }
        }
        currentEvals += lsFuncEvals;
        funcEvals += lsFuncEvals;

        if (nIter === maxIter) break;
        if (currentEvals >= maxEval) break;
        if (optCond) break;
        if (maxAbs(d.map((v) => f32(v * f32(t)))) <= toleranceChange) break;
        if (Math.abs(loss - prevLoss) < toleranceChange) break;
      }
    }
    result.params.push(split(x));
    result.losses.push(origLoss);
    result.funcEvals.push(funcEvals);
    result.nIters.push(nIterTotal);
  }
  const n = x.length;
  result.state = {
    func_evals: funcEvals,
    n_iter: nIterTotal,
    d: tensor([n], d),
    t,
    old_dirs: oldDirs.map((v) => tensor([n], v)),
    old_stps: oldStps.map((v) => tensor([n], v)),
    ro: [...ro],
    H_diag: hDiag,
    prev_flat_grad: prevFlatGrad ? tensor([n], prevFlatGrad) : null,
    prev_loss: prevLoss,
  };
  return result;
}
