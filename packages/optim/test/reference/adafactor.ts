/**
 * Adafactor — torch/optim/_adafactor.py `_single_tensor_adafactor` (torch.optim.Adafactor, PyTorch ≥ 2.5).
 * Not the paper's or HF's variant: lr only caps the relative step ρ_t and scales the decoupled decay;
 * eps1 floors the row mean and V (squared); tensors with ndim ≥ 2 are factored over the last two dims.
 */
import { buf, f32, norm2, num, runPerParameter, tensor, zeros, type GradSequence, type RefTensor, type Trajectory } from './float32.js';

export interface AdafactorOptions {
  lr?: number;
  beta2Decay?: number;
  /** [eps1, eps2]; eps1 null means finfo(float32).eps = 2^-23. */
  eps?: [number | null, number];
  d?: number;
  weightDecay?: number;
  maximize?: boolean;
}

const FLOAT32_EPS = 2 ** -23;

export function adafactorTrajectory(initial: readonly RefTensor[], grads: GradSequence, options: AdafactorOptions = {}): Trajectory {
  const { lr = 1e-2, beta2Decay = -0.8, eps = [null, 1e-3], d = 1.0, weightDecay = 0, maximize = false } = options;
  const eps1 = eps[0] ?? FLOAT32_EPS;
  const eps2 = eps[1];
  return runPerParameter(initial, grads, (p, rawGrad, state, shape) => {
    const factored = shape.length >= 2;
    const cols = factored ? shape[shape.length - 1] : 1;
    const rows = factored ? shape[shape.length - 2] : 1;
    const batch = factored ? p.length / (rows * cols) : 1;
    if (state.step === undefined) {
      state.step = 0;
      if (factored) {
        state.row_var = tensor([...shape.slice(0, -1), 1], zeros(batch * rows));
        state.col_var = tensor([...shape.slice(0, -2), 1, cols], zeros(batch * cols));
      } else {
        state.variance = tensor(shape, zeros(p.length));
      }
    }
    const step = num(state, 'step') + 1;
    state.step = step;
    const g = rawGrad.map((x) => (maximize ? -x : x));
    const oneMinusBeta2 = step ** beta2Decay; // 1 on step 1: the first estimate is exactly g²
    const rhoT = Math.min(lr, 1 / Math.sqrt(step));
    // alpha uses p before the weight decay.
    const alpha = Math.max(eps2, norm2(p) / Math.sqrt(p.length)) * rhoT;
    if (weightDecay !== 0) for (let i = 0; i < p.length; i++) p[i] = f32(p[i] * (1 - lr * weightDecay));

    let varEstimate: number[];
    if (factored) {
      const rowVar = buf(state, 'row_var');
      const colVar = buf(state, 'col_var');
      varEstimate = new Array<number>(p.length);
      for (let b = 0; b < batch; b++) {
        const base = b * rows * cols;
        for (let r = 0; r < rows; r++) {
          let sq = 0;
          for (let c = 0; c < cols; c++) sq += g[base + r * cols + c] ** 2;
          // vector_norm(...).square_().div_(n): each op rounds to float32
          const rowMean = f32(f32(f32(Math.sqrt(sq)) ** 2) / cols);
          const k = b * rows + r;
          rowVar[k] = f32(rowVar[k] + oneMinusBeta2 * (rowMean - rowVar[k]));
        }
        for (let c = 0; c < cols; c++) {
          let sq = 0;
          for (let r = 0; r < rows; r++) sq += g[base + r * cols + c] ** 2;
          const colMean = f32(f32(f32(Math.sqrt(sq)) ** 2) / rows);
          const k = b * cols + c;
          colVar[k] = f32(colVar[k] + oneMinusBeta2 * (colMean - colVar[k]));
        }
        let rowSum = 0;
        for (let r = 0; r < rows; r++) rowSum += rowVar[b * rows + r];
        const rowVarMean = Math.max(f32(rowSum / rows), eps1);
        for (let r = 0; r < rows; r++) {
          for (let c = 0; c < cols; c++) {
            // (R,1) @ (1,C) is the outer product
            const outer = f32(rowVar[b * rows + r] * colVar[b * cols + c]);
            varEstimate[base + r * cols + c] = f32(outer / rowVarMean);
          }
        }
      }
    } else {
      const variance = buf(state, 'variance');
      for (let i = 0; i < p.length; i++) {
        const gSquared = f32(g[i] * g[i]);
        variance[i] = f32(variance[i] + oneMinusBeta2 * (gSquared - variance[i]));
      }
      varEstimate = [...variance];
    }
    // clamp_(min=eps1²).rsqrt_().mul_(grad)
    const update = varEstimate.map((v, i) => f32(f32(1 / Math.sqrt(Math.max(v, f32(eps1 * eps1)))) * g[i]));
    const denom = Math.max(1.0, norm2(update) / (Math.sqrt(update.length) * d));
    const scale = -alpha / denom;
    for (let i = 0; i < p.length; i++) p[i] = f32(p[i] + scale * update[i]);
  });
}
