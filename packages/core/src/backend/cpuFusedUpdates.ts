/**
 * Fused optimizer updates for the cpu backend: one pass over each parameter instead of a chain of
 * tensor ops. Like PyTorch's fused kernels they compute each element's update in one go — here in
 * double precision, rounding to float32 only where state is stored — so they agree with the
 * optimizer's tensor-op update (the reference, which rounds after every op as PyTorch's
 * single-tensor path does) to within float32 rounding, not bit for bit; rounding every
 * intermediate costs ~60% more time on this memory-bound pass. Scalars (lr, betas, decay) are
 * cast to float32 as the reference casts them, which is free. Lion keeps per-op rounding: its
 * sign() would turn a one-ulp difference into a full ±lr step. packages/optim/test/fused.test.ts
 * holds each kernel to its reference.
 */
import type { AdamOptions, LionOptions, RmspropOptions, SgdOptions } from './fusedUpdates.js';

const f = Math.fround;

export function sgdStep(P: Float32Array, G: Float32Array, B: Float32Array | null, n: number, o: SgdOptions): void {
  const lr = f(o.lr);
  const momentum = f(o.momentum);
  const weightDecay = f(o.weightDecay);
  const nesterov = o.nesterov;
  const damp = f(1 - o.dampening);
  const sign = o.maximize ? -1 : 1;
  const hasMomentum = momentum !== 0;
  for (let i = 0; i < n; i++) {
    const p = P[i];
    let g = sign * G[i] + weightDecay * p;
    if (hasMomentum) {
      const b = o.firstStep ? g : B![i] * momentum + damp * g;
      B![i] = b;
      g = nesterov ? g + momentum * B![i] : B![i];
    }
    P[i] = p - lr * g;
  }
}

export function adamStep(
  P: Float32Array, G: Float32Array, M: Float32Array, V: Float32Array, VM: Float32Array | null, n: number, o: AdamOptions,
): void {
  const decay = o.decoupled ? f(1 - o.lr * o.weightDecay) : 1;
  const l2 = o.decoupled ? 0 : f(o.weightDecay);
  const w1 = f(1 - o.beta1);
  const beta2 = f(o.beta2);
  const omb2 = f(1 - o.beta2);
  const eps = f(o.eps);
  const bc2 = f(Math.sqrt(1 - o.beta2 ** o.step));
  const stepSize = f(o.lr / (1 - o.beta1 ** o.step));
  const sign = o.maximize ? -1 : 1;
  if (!VM) {
    for (let i = 0; i < n; i++) {
      const p = P[i] * decay;
      const g = sign * G[i] + l2 * p;
      M[i] = M[i] + w1 * (g - M[i]);
      V[i] = beta2 * V[i] + omb2 * g * g;
      P[i] = p - (stepSize * M[i]) / (Math.sqrt(V[i]) / bc2 + eps);
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const p = P[i] * decay;
    const g = sign * G[i] + l2 * p;
    M[i] = M[i] + w1 * (g - M[i]);
    V[i] = beta2 * V[i] + omb2 * g * g;
    const vm = VM[i];
    VM[i] = vm > V[i] || vm !== vm ? vm : V[i];
    P[i] = p - (stepSize * M[i]) / (Math.sqrt(VM[i]) / bc2 + eps);
  }
}

export function lionStep(P: Float32Array, G: Float32Array, M: Float32Array, n: number, o: LionOptions): void {
  const decay = f(1 - o.lr * o.weightDecay);
  const b1 = f(o.beta1);
  const omb1 = f(1 - o.beta1);
  const b2 = f(o.beta2);
  const omb2 = f(1 - o.beta2);
  const nlr = f(-o.lr);
  for (let i = 0; i < n; i++) {
    const g = o.maximize ? -G[i] : G[i];
    const p = f(P[i] * decay);
    const m0 = M[i];
    const u = o.beta1 === 0 ? f(f(m0 * b1) + g) : f(f(m0 * b1) + omb1 * g);
    const sgn = u > 0 ? 1 : u < 0 ? -1 : u;
    P[i] = f(p + nlr * sgn);
    M[i] = o.beta2 === 0 ? f(f(m0 * b2) + g) : f(f(m0 * b2) + omb2 * g);
  }
}

export function rmspropStep(
  P: Float32Array, G: Float32Array, SQ: Float32Array, B: Float32Array | null, GA: Float32Array | null, n: number, o: RmspropOptions,
): void {
  const lr = f(o.lr);
  const alpha = f(o.alpha);
  const oma = f(1 - o.alpha);
  const weightDecay = f(o.weightDecay);
  const momentum = f(o.momentum);
  const centered = o.centered;
  const eps = f(o.eps);
  const sign = o.maximize ? -1 : 1;
  for (let i = 0; i < n; i++) {
    const p = P[i];
    const g = sign * G[i] + weightDecay * p;
    SQ[i] = alpha * SQ[i] + oma * g * g;
    let avg: number;
    if (centered) {
      GA![i] = GA![i] + oma * (g - GA![i]);
      // avg is rounded where the reference stores it: g/avg amplifies any difference when avg ≈ eps,
      // and a difference below float32's range must become ±0, not a negative sqrt argument.
      avg = f(f(Math.sqrt(f(SQ[i] - GA![i] * GA![i]))) + eps);
    } else {
      avg = f(f(Math.sqrt(SQ[i])) + eps);
    }
    if (momentum > 0) {
      B![i] = momentum * B![i] + g / avg;
      P[i] = p - lr * B![i];
    } else {
      P[i] = p - (lr * g) / avg;
    }
  }
}
