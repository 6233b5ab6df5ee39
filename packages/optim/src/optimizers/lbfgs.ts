/**
 * L-BFGS (Nocedal 1980; Liu & Nocedal 1989), as torch/optim/lbfgs.py (itself minFunc's port).
 * All parameters form one flat vector x; one `step(closure)` runs up to maxIter iterations:
 *
 *   g ← ∇f(x)   (closure);  stop if max|g| ≤ toleranceGrad
 *   loop:
 *     first iteration ever:  d ← −g,  H₀ ← 1
 *     else:  y ← g − g_prev,  s ← t·d;  if yᵀs > 1e-10 push (y, s, ρ = 1/yᵀs) (keep historySize), H₀ ← yᵀs/yᵀy
 *            d ← −H·g by the two-loop recursion over the history
 *     t ← first iteration ever ? min(1, 1/‖g‖₁)·lr : lr
 *     stop if gᵀd > −toleranceChange
 *     strong_wolfe: (f, g, t) ← line search along d;  x ← x + t·d
 *     else:         x ← x + t·d;  re-evaluate f, g unless this is the call's last iteration
 *     stop on maxIter, maxEval evaluations, max|g| ≤ toleranceGrad, max|t·d| ≤ toleranceChange,
 *       or |f − f_prev| < toleranceChange
 *
 * The history, direction and step persist across step() calls (state of the first parameter,
 * under PyTorch's keys); `n_iter` counts iterations over all calls and decides "first iteration".
 * Scalars that PyTorch holds in 0-d tensors (yᵀs, ρ, H₀, the two-loop coefficients, interpolated
 * step lengths) are rounded to the parameters' float type, as PyTorch's arithmetic does.
 */
import { cat, enableGrad, noGrad, zeros, type Tensor } from '@gradstack/core';
import { Optimizer, type Closure, type ParamGroup, type ParamGroupInput, type ParamState, type Params } from '../optimizer.js';
import { checkNonNegative } from '../validation.js';

export interface LBFGSOptions {
  lr: number;
  maxIter: number;
  /** Evaluations per step(); null: floor(maxIter·5/4), as PyTorch. */
  maxEval: number | null;
  toleranceGrad: number;
  toleranceChange: number;
  historySize: number;
  lineSearchFn: 'strong_wolfe' | null;
}

export const LBFGS_DEFAULTS: LBFGSOptions = { lr: 1, maxIter: 20, maxEval: null, toleranceGrad: 1e-7, toleranceChange: 1e-9, historySize: 100, lineSearchFn: null };

type Round = (x: number) => number;

export class LBFGS extends Optimizer<LBFGSOptions> {
  constructor(params: Params<LBFGSOptions>, options: Partial<LBFGSOptions> = {}) {
    const maxIter = options.maxIter ?? LBFGS_DEFAULTS.maxIter;
    super(params, { ...LBFGS_DEFAULTS, ...options, maxEval: options.maxEval ?? Math.floor((maxIter * 5) / 4) });
  }

  /** PyTorch views every parameter as one vector, so there is exactly one group. */
  override addParamGroup(input: ParamGroupInput<LBFGSOptions>): void {
    if (this.paramGroups.length > 0) throw new RangeError("LBFGS doesn't support per-parameter options (parameter groups) — pass a single list of parameters");
    super.addParamGroup(input);
  }

  protected validateGroup(g: ParamGroup<LBFGSOptions>): void {
    checkNonNegative('lr', g.lr);
    for (const option of ['maxIter', 'maxEval', 'historySize'] as const) {
      const v = g[option];
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new RangeError(`Invalid ${option}: ${String(v)} — option '${option}' must be an integer >= 1`);
    }
    checkNonNegative('toleranceGrad', g.toleranceGrad);
    checkNonNegative('toleranceChange', g.toleranceChange);
    if (g.lineSearchFn !== null && g.lineSearchFn !== 'strong_wolfe') {
      throw new RangeError(`Invalid lineSearchFn: ${String(g.lineSearchFn)} — option 'lineSearchFn' must be null or 'strong_wolfe'`);
    }
  }

  /** Unused: LBFGS updates the flat parameter vector in performStep, never one parameter at a time. */
  protected updateParam(): void {
    throw new Error('LBFGS updates all parameters together in step(closure); updateParam is never called');
  }

  protected override performStep(closure?: Closure): number | undefined {
    if (typeof closure !== 'function') throw new TypeError('LBFGS.step(closure) needs a closure that zeroes the gradients, recomputes the loss, calls backward() and returns the loss');
    const evaluate = (): number => {
      const l = enableGrad(closure);
      return typeof l === 'number' ? l : l.item();
    };
    return noGrad(() => this.run(evaluate));
  }

  private get params(): Tensor[] {
    return this.paramGroups[0].params;
  }

  private get numel(): number {
    return this.params.reduce((n, p) => n + p.numel, 0);
  }

  private gatherFlatGrad(): Tensor {
    const views = this.params.map((p) => (p.grad === null ? zeros([p.numel], { dtype: p.dtype }).to(p.backend) : p.grad.reshape(-1)));
    // a fresh copy even for one parameter: the closure may zero p.grad in place
    return views.length === 1 ? views[0].clone() : cat(views, 0);
  }

  private addGrad(stepSize: number, update: Tensor): void {
    let offset = 0;
    for (const p of this.params) {
      axpy_(p, stepSize, update.narrow(0, offset, p.numel).view(p.shape));
      offset += p.numel;
    }
  }

  /** f and ∇f at x + t·d, leaving the parameters at x. */
  private directionalEvaluate(closure: () => number, x: Tensor[], t: number, d: Tensor): { loss: number; grad: Tensor } {
    this.addGrad(t, d);
    const loss = closure();
    const grad = this.gatherFlatGrad();
    this.params.forEach((p, i) => p.copy_(x[i]));
    return { loss, grad };
  }

  private run(closure: () => number): number {
    const group = this.paramGroups[0];
    const { lr, maxIter, toleranceGrad, toleranceChange, historySize, lineSearchFn } = group;
    const maxEval = group.maxEval as number;
    const first = this.params[0];
    const round: Round = first.dtype === 'float64' ? (x) => x : Math.fround;
    let state = this.state.get(first);
    if (!state) {
      state = {};
      this.state.set(first, state);
    }
    state.func_evals ??= 0;
    state.n_iter ??= 0;

    const origLoss = closure();
    let loss = origLoss;
    let currentEvals = 1;
    state.func_evals = (state.func_evals as number) + 1;
    let flatGrad = this.gatherFlatGrad();
    let optCond = maxAbs(flatGrad) <= toleranceGrad;
    if (optCond) return origLoss;

    let d = state.d as Tensor | undefined;
    let t = state.t as number | undefined;
    let oldDirs = (state.old_dirs as Tensor[] | undefined) ?? [];
    let oldStps = (state.old_stps as Tensor[] | undefined) ?? [];
    let ro = (state.ro as number[] | undefined) ?? [];
    let hDiag = (state.H_diag as number | undefined) ?? 1;
    let prevFlatGrad = (state.prev_flat_grad as Tensor | null | undefined) ?? null;
    let prevLoss = state.prev_loss as number | undefined;

    let nIter = 0;
    while (nIter < maxIter) {
      nIter++;
      state.n_iter = (state.n_iter as number) + 1;

      // Direction.
      if (state.n_iter === 1) {
        d = flatGrad.neg();
        oldDirs = [];
        oldStps = [];
        ro = [];
        hDiag = 1;
      } else {
        const y = flatGrad.sub(prevFlatGrad as Tensor);
        const s = (d as Tensor).mul(t as number);
        const ys = y.dot(s).item();
        if (ys > 1e-10) {
          if (oldDirs.length === historySize) {
            oldDirs.shift();
            oldStps.shift();
            ro.shift();
          }
          oldDirs.push(y);
          oldStps.push(s);
          ro.push(round(1 / ys));
          hDiag = round(ys / y.dot(y).item());
        }
        d = twoLoop(flatGrad, oldDirs, oldStps, ro, hDiag, round);
      }
      prevFlatGrad = flatGrad.clone();
      prevLoss = loss;

      // Step length: the very first step is scaled by 1/‖g‖₁ so it cannot overshoot wildly.
      if (state.n_iter === 1) {
        const inv = round(1 / flatGrad.abs().sum().item());
        t = inv < 1 ? round(inv * lr) : lr;
      } else {
        t = lr;
      }
      const gtd = flatGrad.dot(d).item();
      if (gtd > -toleranceChange) break;

      let lsFuncEvals = 0;
      if (lineSearchFn === 'strong_wolfe') {
        const x = this.params.map((p) => p.clone());
        const ls = strongWolfe((at, step, dir) => this.directionalEvaluate(closure, at, step, dir), x, t, d, loss, flatGrad, gtd, round);
        ({ loss, grad: flatGrad, t } = ls);
        lsFuncEvals = ls.evals;
        this.addGrad(t, d);
        optCond = maxAbs(flatGrad) <= toleranceGrad;
      } else {
        this.addGrad(t, d);
        if (nIter !== maxIter) {
          // The last iteration of a call does not re-evaluate: the next call starts with a fresh closure().
          loss = closure();
          flatGrad = this.gatherFlatGrad();
          optCond = maxAbs(flatGrad) <= toleranceGrad;
          lsFuncEvals = 1;
        }
      }
      currentEvals += lsFuncEvals;
      state.func_evals = (state.func_evals as number) + lsFuncEvals;

      if (nIter === maxIter) break;
      if (currentEvals >= maxEval) break;
      if (optCond) break;
      if (maxAbs(d.mul(t)) <= toleranceChange) break;
      if (Math.abs(loss - prevLoss) < toleranceChange) break;
    }

    state.d = d ?? null;
    state.t = t ?? null;
    state.old_dirs = oldDirs;
    state.old_stps = oldStps;
    state.ro = ro;
    state.H_diag = hDiag;
    state.prev_flat_grad = prevFlatGrad;
    state.prev_loss = prevLoss ?? null;
    return origLoss;
  }

  /** History vectors are flat over all parameters, so they have the total numel, not a parameter's shape. */
  protected override checkStateShape(key: string, value: Tensor, _p: Tensor): void {
    if (value.ndim !== 1 || value.numel !== this.numel) {
      throw new RangeError(`loadStateDict: LBFGS state '${key}' has shape [${value.shape.join(',')}] but the flat parameter vector has ${this.numel} elements`);
    }
  }
}

/** y ← y + α·x rounded once, like a fused multiply-add. */
function axpy_(y: Tensor, alpha: number, x: Tensor): void {
  y.addcmul_(x, x.fullLike(alpha), 1);
}

function maxAbs(v: Tensor): number {
  return v.abs().max().item();
}

/** −H·g by the two-loop recursion: newest→oldest, scale by H₀, oldest→newest. */
function twoLoop(flatGrad: Tensor, oldDirs: Tensor[], oldStps: Tensor[], ro: number[], hDiag: number, round: Round): Tensor {
  const al = new Array<number>(oldDirs.length);
  const q = flatGrad.neg();
  for (let i = oldDirs.length - 1; i >= 0; i--) {
    al[i] = round(oldStps[i].dot(q).item() * ro[i]);
    axpy_(q, -al[i], oldDirs[i]);
  }
  const r = q.mul(hDiag);
  for (let i = 0; i < oldDirs.length; i++) {
    const be = round(oldDirs[i].dot(r).item() * ro[i]);
    axpy_(r, round(al[i] - be), oldStps[i]);
  }
  return r;
}

/** `_cubic_interpolate`: the minimiser of the cubic through (x1, f1, g1), (x2, f2, g2), clamped to bounds. */
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

type DirectionalEvaluate = (x: Tensor[], t: number, d: Tensor) => { loss: number; grad: Tensor };

/**
 * `_strong_wolfe` (minFunc's lswolfe): bracket a step satisfying the strong Wolfe conditions
 * (sufficient decrease c1, curvature c2), then zoom in by safeguarded cubic interpolation.
 * Returns the best point's loss, gradient and step, and how many evaluations it took.
 */
function strongWolfe(
  objective: DirectionalEvaluate,
  x: Tensor[],
  tInit: number,
  d: Tensor,
  f: number,
  g: Tensor,
  gtd: number,
  round: Round,
  c1 = 1e-4,
  c2 = 0.9,
  toleranceChange = 1e-9,
  maxLs = 25,
): { loss: number; grad: Tensor; t: number; evals: number } {
  let t = tInit;
  const dNorm = maxAbs(d);
  let { loss: fNew, grad: gNew } = objective(x, t, d);
  let evals = 1;
  let gtdNew = gNew.dot(d).item();

  let [tPrev, fPrev, gPrev, gtdPrev] = [0, f, g, gtd];
  let done = false;
  let lsIter = 0;
  let bracket: number[] = [];
  let bracketF: number[] = [];
  let bracketG: Tensor[] = [];
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
    // Still descending: extrapolate, at least 1% beyond t and at most 10·t.
    const minStep = t + 0.01 * (t - tPrev);
    const maxStep = t * 10;
    const tmp = t;
    t = round(cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, [minStep, maxStep]));
    [tPrev, fPrev, gPrev, gtdPrev] = [tmp, fNew, gNew, gtdNew];
    ({ loss: fNew, grad: gNew } = objective(x, t, d));
    evals++;
    gtdNew = gNew.dot(d).item();
    lsIter++;
  }
  if (lsIter === maxLs) [bracket, bracketF, bracketG] = [[0, t], [f, fNew], [g, gNew]];

  // Zoom: shrink the bracket until a point satisfies the strong Wolfe conditions.
  let insufProgress = false;
  let [lowPos, highPos] = bracketF[0] <= bracketF[bracketF.length - 1] ? [0, 1] : [1, 0];
  while (!done && lsIter < maxLs) {
    if (Math.abs(bracket[1] - bracket[0]) * dNorm < toleranceChange) break;
    t = round(cubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1]));
    const hi = Math.max(...bracket);
    const lo = Math.min(...bracket);
    const eps = 0.1 * (hi - lo);
    if (Math.min(hi - t, t - lo) < eps) {
      // Too close to an end: if that already happened, or t left the bracket, move 10% inside.
      if (insufProgress || t >= hi || t <= lo) {
        t = Math.abs(t - hi) < Math.abs(t - lo) ? hi - eps : lo + eps;
        insufProgress = false;
      } else {
        insufProgress = true;
      }
    } else {
      insufProgress = false;
    }
    ({ loss: fNew, grad: gNew } = objective(x, t, d));
    evals++;
    gtdNew = gNew.dot(d).item();
    lsIter++;

    if (fNew > f + c1 * t * gtd || fNew >= bracketF[lowPos]) {
      // Armijo fails or no lower than the low end: t becomes the high end.
      bracket[highPos] = t;
      bracketF[highPos] = fNew;
      bracketG[highPos] = gNew;
      bracketGtd[highPos] = gtdNew;
      [lowPos, highPos] = bracketF[0] <= bracketF[1] ? [0, 1] : [1, 0];
    } else {
      if (Math.abs(gtdNew) <= -c2 * gtd) {
        done = true;
      } else if (gtdNew * (bracket[highPos] - bracket[lowPos]) >= 0) {
        // The minimum lies between the old low end and t: the old low becomes the high end.
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
  return { loss: bracketF[lowPos], grad: bracketG[lowPos], t: bracket[lowPos], evals };
}
