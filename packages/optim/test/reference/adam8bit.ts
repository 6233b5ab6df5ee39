/**
 * Adam8bit — bitsandbytes `bnb.optim.Adam8bit` (block-wise dynamic quantization of both moments,
 * blocks of 256 consecutive flat elements; csrc/kernels.cu kOptimizerStatic8bit2StateBlockwise).
 * Tensors with fewer than min8bitSize elements keep float32 moments (kOptimizer32bit2State).
 * All arithmetic is float32 as in the kernels; weight decay is decoupled and applied after the step.
 */
import { createDynamicMap, quantizeNearest } from './dynamicMap.js';
import { f32, num, runPerParameter, tensor, zeros, type GradSequence, type ParamState, type RefTensor, type Trajectory } from './float32.js';

export interface Adam8bitOptions {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weightDecay?: number;
  min8bitSize?: number;
}

export const ADAM8BIT_BLOCK_SIZE = 256;
export const SIGNED_DYNAMIC_MAP = createDynamicMap(true);
export const UNSIGNED_DYNAMIC_MAP = createDynamicMap(false);

const signBit = (x: number): boolean => x < 0 || Object.is(x, -0);

function values(state: ParamState, key: string): number[] {
  const v = state[key];
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error(`state.${key} is not a tensor`);
  return v.values;
}

export function adam8bitTrajectory(initial: readonly RefTensor[], grads: GradSequence, options: Adam8bitOptions = {}): Trajectory {
  const { lr = 1e-3, betas = [0.9, 0.999], eps = 1e-8, weightDecay = 0, min8bitSize = 4096 } = options;
  const lr32 = f32(lr);
  const beta1 = f32(betas[0]);
  const beta2 = f32(betas[1]);
  const eps32 = f32(eps);
  const decayFactor = f32(1 - f32(lr32 * f32(weightDecay)));
  const code1 = SIGNED_DYNAMIC_MAP;
  const code2 = UNSIGNED_DYNAMIC_MAP;

  return runPerParameter(initial, grads, (p, g, state, shape) => {
    const quantized = p.length >= min8bitSize;
    const blocks = Math.ceil(p.length / ADAM8BIT_BLOCK_SIZE);
    if (state.step === undefined) {
      state.step = 0;
      if (quantized) {
        state.state1 = tensor(shape, zeros(p.length)); // uint8 codes
        state.state2 = tensor(shape, zeros(p.length));
        state.absmax1 = tensor([blocks], zeros(blocks));
        state.absmax2 = tensor([blocks], zeros(blocks));
      } else {
        state.state1 = tensor(shape, zeros(p.length)); // float32 moments
        state.state2 = tensor(shape, zeros(p.length));
      }
    }
    const step = num(state, 'step') + 1;
    state.step = step;
    const correction1 = f32(1 - f32(beta1 ** step));
    const correction2 = f32(Math.sqrt(f32(1 - f32(beta2 ** step))));
    const stepSize = f32(f32(-lr32 * correction2) / correction1);
    const epsTerm = f32(correction2 * eps32);
    const oneMinusBeta1 = f32(1 - beta1);
    const oneMinusBeta2 = f32(1 - beta2);
    const finite = g.map((x) => Number.isFinite(x));

    const state1 = values(state, 'state1');
    const state2 = values(state, 'state2');
    const m = new Array<number>(p.length);
    const v = new Array<number>(p.length);
    for (let i = 0; i < p.length; i++) {
      if (!finite[i]) {
        m[i] = 0;
        v[i] = 0;
        continue;
      }
      const block = Math.floor(i / ADAM8BIT_BLOCK_SIZE);
      const mPrev = quantized ? f32(code1[state1[i]] * values(state, 'absmax1')[block]) : state1[i];
      const vPrev = quantized ? f32(code2[state2[i]] * values(state, 'absmax2')[block]) : state2[i];
      v[i] = f32(f32(vPrev * beta2) + f32(f32(oneMinusBeta2 * g[i]) * g[i]));
      m[i] = f32(f32(mPrev * beta1) + f32(oneMinusBeta1 * g[i]));
    }
    for (let i = 0; i < p.length; i++) {
      if (!finite[i]) continue;
      p[i] = f32(p[i] + f32(stepSize * f32(m[i] / f32(f32(Math.sqrt(v[i])) + epsTerm))));
      if (weightDecay > 0) p[i] = f32(p[i] * decayFactor);
    }
    if (!quantized) {
      for (let i = 0; i < p.length; i++) {
        state1[i] = m[i];
        state2[i] = v[i];
      }
      return;
    }
    const absmax1 = values(state, 'absmax1');
    const absmax2 = values(state, 'absmax2');
    for (let b = 0; b < blocks; b++) {
      const lo = b * ADAM8BIT_BLOCK_SIZE;
      const hi = Math.min(lo + ADAM8BIT_BLOCK_SIZE, p.length);
      let max1 = 0;
      let max2 = 0;
      for (let i = lo; i < hi; i++) {
        max1 = Math.max(max1, Math.abs(m[i]));
        max2 = Math.max(max2, Math.abs(v[i]));
      }
      absmax1[b] = max1;
      absmax2[b] = max2;
      for (let i = lo; i < hi; i++) {
        let c1 = quantizeNearest(code1, f32(m[i] / max1), true);
        // Keep the sign of the moment: small negative m must not round to a non-negative code.
        if (signBit(code1[c1]) !== signBit(m[i])) c1 = m[i] > 0 ? c1 + 1 : c1 - 1;
        state1[i] = c1 & 0xff; // uint8 storage wraps
        state2[i] = quantizeNearest(code2, f32(v[i] / max2), false);
      }
    }
  });
}
