/**
 * GaLoreAdamW — jiaweizzhao/GaLore galore_torch/adamw.py + galore_projector.py.
 * HF-style AdamW (eps on the raw sqrt, bias correction folded into the step size, decay after the step)
 * on a gradient projected to rank r by the SVD of the gradient, refreshed every updateProjGap steps.
 * All parameters of a trajectory are in one group; with `rank` set they must all be 2-D.
 */
import { jacobiSvd } from './jacobiSvd.js';
import { buf, f32, num, runPerParameter, tensor, zeros, type GradSequence, type RefTensor, type Trajectory } from './float32.js';

export type GaloreProjType = 'std' | 'reverse_std' | 'left' | 'right' | 'full';

export interface GaloreAdamWOptions {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weightDecay?: number;
  correctBias?: boolean;
  /** Presence of rank makes the group a GaLore group. */
  rank?: number;
  updateProjGap?: number;
  scale?: number;
  projType?: GaloreProjType;
}

/** A row-major float32 matrix. */
interface Matrix {
  rows: number;
  cols: number;
  data: number[];
}

function matmul(a: Matrix, b: Matrix): Matrix {
  const data = new Array<number>(a.rows * b.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < b.cols; j++) {
      let sum = 0;
      for (let k = 0; k < a.cols; k++) sum += a.data[i * a.cols + k] * b.data[k * b.cols + j];
      data[i * b.cols + j] = f32(sum);
    }
  }
  return { rows: a.rows, cols: b.cols, data };
}

function transpose(a: Matrix): Matrix {
  const data = new Array<number>(a.rows * a.cols);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) data[j * a.rows + i] = a.data[i * a.cols + j];
  return { rows: a.cols, cols: a.rows, data };
}

const asTensor = (a: Matrix): RefTensor => tensor([a.rows, a.cols], a.data);
const asMatrix = (t: RefTensor): Matrix => ({ rows: t.shape[0], cols: t.shape[1], data: t.values });

/** get_orthogonal_matrix: float32 factors of the float64 Jacobi SVD. */
function orthogonal(g: Matrix, rank: number, side: 'left' | 'right'): Matrix {
  const svd = jacobiSvd(g.data, g.rows, g.cols);
  if (side === 'right') {
    return { rows: rank, cols: g.cols, data: svd.Vh.slice(0, rank * g.cols).map(f32) }; // Vh[:rank, :]
  }
  const data: number[] = [];
  for (let i = 0; i < g.rows; i++) for (let j = 0; j < rank; j++) data.push(f32(svd.U[i * svd.k + j])); // U[:, :rank]
  return { rows: g.rows, cols: rank, data };
}

/** Which side a projection acts on for the given gradient shape. */
function projectionSide(projType: Exclude<GaloreProjType, 'full'>, rows: number, cols: number): 'left' | 'right' {
  if (projType === 'left' || projType === 'right') return projType;
  const tall = rows >= cols;
  if (projType === 'std') return tall ? 'right' : 'left';
  return tall ? 'left' : 'right'; // reverse_std
}

export function galoreAdamWTrajectory(initial: readonly RefTensor[], grads: GradSequence, options: GaloreAdamWOptions = {}): Trajectory {
  const { lr = 1e-3, betas = [0.9, 0.999], eps = 1e-6, weightDecay = 0, correctBias = true, rank, updateProjGap = 200, scale = 1.0, projType = 'std' } = options;
  const [beta1, beta2] = betas;
  return runPerParameter(initial, grads, (p, rawGrad, state, shape) => {
    if (state.step === undefined) state.step = 0;
    const stepBefore = num(state, 'step');
    let g: Matrix | number[] = rawGrad as number[];
    let lowShape: readonly number[] = shape;
    if (rank !== undefined) {
      if (shape.length !== 2) throw new RangeError('GaLore groups hold 2-D parameters only');
      const full: Matrix = { rows: shape[0], cols: shape[1], data: [...rawGrad] };
      // Refresh on the first call and whenever the pre-increment step is a multiple of the gap.
      const refresh = state.ortho_matrix === undefined || stepBefore % updateProjGap === 0;
      let low: Matrix;
      if (projType === 'full') {
        if (refresh) state.ortho_matrix = [asTensor(orthogonal(full, rank, 'left')), asTensor(orthogonal(full, rank, 'right'))];
        const [A, B] = state.ortho_matrix as RefTensor[];
        low = matmul(matmul(transpose(asMatrix(A)), full), transpose(asMatrix(B)));
      } else {
        const side = projectionSide(projType, full.rows, full.cols);
        if (refresh) state.ortho_matrix = asTensor(orthogonal(full, rank, side));
        const P = asMatrix(state.ortho_matrix as RefTensor);
        low = side === 'right' ? matmul(full, transpose(P)) : matmul(transpose(P), full);
      }
      g = low.data;
      lowShape = [low.rows, low.cols];
    }
    const gv = g as number[];
    if (state.exp_avg === undefined) {
      state.exp_avg = tensor(lowShape, zeros(gv.length));
      state.exp_avg_sq = tensor(lowShape, zeros(gv.length));
    }
    const step = stepBefore + 1;
    state.step = step;
    const m = buf(state, 'exp_avg');
    const v = buf(state, 'exp_avg_sq');
    // torch casts a Python-float alpha/value to float32 before the fused multiply-add.
    for (let i = 0; i < gv.length; i++) {
      m[i] = f32(f32(m[i] * beta1) + f32(1 - beta1) * gv[i]);
      v[i] = f32(f32(v[i] * beta2) + f32(1 - beta2) * gv[i] * gv[i]);
    }
    let stepSize = lr;
    if (correctBias) stepSize = (stepSize * Math.sqrt(1 - beta2 ** step)) / (1 - beta1 ** step);
    let normGrad = m.map((mi, i) => f32(mi / f32(f32(Math.sqrt(v[i])) + eps)));
    if (rank !== undefined) {
      const N: Matrix = { rows: lowShape[0], cols: lowShape[1], data: normGrad };
      let back: Matrix;
      if (projType === 'full') {
        const [A, B] = state.ortho_matrix as RefTensor[];
        back = matmul(matmul(asMatrix(A), N), asMatrix(B));
      } else {
        const P = asMatrix(state.ortho_matrix as RefTensor);
        // project_back re-derives the side from N's shape, exactly as the authors' code does.
        let side: 'left' | 'right';
        if (projType === 'std') side = N.rows >= N.cols ? 'right' : 'left';
        else if (projType === 'reverse_std') side = N.rows <= N.cols ? 'left' : 'right';
        else side = projType;
        back = side === 'right' ? matmul(N, P) : matmul(P, N);
      }
      normGrad = back.data.map((x) => f32(x * scale));
    }
    const alpha = f32(-stepSize);
    for (let i = 0; i < p.length; i++) p[i] = f32(p[i] + alpha * normGrad[i]);
    if (weightDecay > 0) {
      // p.add_(p, alpha=-lr·λ): decay of the already-updated p
      const decay = f32(-lr * weightDecay);
      for (let i = 0; i < p.length; i++) p[i] = f32(p[i] + decay * p[i]);
    }
  });
}
