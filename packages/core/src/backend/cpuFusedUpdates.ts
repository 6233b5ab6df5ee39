/**
 * Fused optimizer updates for the cpu backend: one pass over each parameter instead of a chain of
 * tensor ops. Each loop rounds to float32 exactly where the optimizer's tensor-op update (the
 * reference, in @gradstack/optim) stores a float32 tensor, so the two agree bit for bit — the
 * property tests in packages/optim/test/fused.test.ts hold them together.
 */
import type { AdamOptions, LionOptions, RmspropOptions, SgdOptions } from './fusedUpdates.js';

const f = Math.fround;

export function sgdStep(P: Float32Array, G: Float32Array, B: Float32Array | null, n: number, o: SgdOptions): void {
  const wd = f(o.weightDecay);
  const mom = f(o.momentum);
  const damp = 1 - o.dampening;
  const dampF = f(damp);
  const nlr = f(-o.lr);
  const hasMomentum = o.momentum !== 0;
  for (let i = 0; i < n; i++) {
    let g = o.maximize ? -G[i] : G[i];
    if (o.weightDecay !== 0) g = f(g + wd * P[i]);
    if (hasMomentum) {
      let b: number;
      if (o.firstStep) b = g;
      else {
        b = f(B![i] * mom);
        b = damp === 1 ? f(b + g) : f(b + dampF * g);
      }
      B![i] = b;
      g = o.nesterov ? f(g + mom * b) : b;
    }
    P[i] = o.lr === -1 ? f(P[i] + g) : f(P[i] + nlr * g);
  }
}

export function adamStep(
  P: Float32Array, G: Float32Array, M: Float32Array, V: Float32Array, VM: Float32Array | null, n: number, o: AdamOptions,
): void {
  const decay = f(1 - o.lr * o.weightDecay);
  const wd = f(o.weightDecay);
  const w1 = f(1 - o.beta1);
  const b2 = f(o.beta2);
  const omb2 = f(1 - o.beta2);
  const bc2 = f(Math.sqrt(1 - o.beta2 ** o.step));
  const eps = f(o.eps);
  const nStep = f(-(o.lr / (1 - o.beta1 ** o.step)));
  const l2 = o.weightDecay !== 0 && !o.decoupled;
  const l2One = o.weightDecay === 1;
  const shrink = o.weightDecay !== 0 && o.decoupled;
  const sign = o.maximize ? -1 : 1;
  if (!l2 && !VM) {
    // The common case (Adam without decay, AdamW) as a branch-free loop.
    const d0 = shrink ? decay : 1;
    for (let i = 0; i < n; i++) {
      const g = sign * G[i];
      const p = f(P[i] * d0);
      const m0 = M[i];
      const m = f(m0 + w1 * (g - m0));
      M[i] = m;
      const v = f(f(V[i] * b2) + omb2 * g * g);
      V[i] = v;
      P[i] = f(p + nStep * (m / f(f(f(Math.sqrt(v)) / bc2) + eps)));
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    let g = sign * G[i];
    let p = P[i];
    if (shrink) p = f(p * decay);
    else if (l2) g = l2One ? f(g + p) : f(g + wd * p);
    const m0 = M[i];
    const m = f(m0 + w1 * (g - m0));
    M[i] = m;
    const v = f(f(V[i] * b2) + omb2 * g * g);
    V[i] = v;
    let s = v;
    if (VM) {
      const vm = VM[i];
      s = vm > v || vm !== vm ? vm : v;
      VM[i] = s;
    }
    const d = f(f(f(Math.sqrt(s)) / bc2) + eps);
    P[i] = f(p + nStep * (m / d));
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
  const wd = f(o.weightDecay);
  const a = f(o.alpha);
  const oma = f(1 - o.alpha);
  const eps = f(o.eps);
  const mom = f(o.momentum);
  const nlr = f(-o.lr);
  for (let i = 0; i < n; i++) {
    let g = o.maximize ? -G[i] : G[i];
    const p = P[i];
    if (o.weightDecay !== 0) g = o.weightDecay === 1 ? f(g + p) : f(g + wd * p);
    const sq = f(f(SQ[i] * a) + oma * g * g);
    SQ[i] = sq;
    let avg: number;
    if (o.centered) {
      const ga0 = GA![i];
      const ga = f(ga0 + oma * (g - ga0));
      GA![i] = ga;
      avg = f(Math.sqrt(f(sq - ga * ga)));
    } else {
      avg = f(Math.sqrt(sq));
    }
    avg = f(avg + eps);
    if (o.momentum > 0) {
      const b = f(f(B![i] * mom) + g / avg);
      B![i] = b;
      P[i] = f(p + nlr * b);
    } else {
      P[i] = f(p + nlr * (g / avg));
    }
  }
}
