/**
 * Adam8bit — bitsandbytes `bnb.optim.Adam8bit` (Dettmers et al. 2022, 8-bit optimizers via
 * block-wise quantization): bitsandbytes/optim/adam.py, optim/optimizer.py, csrc/kernels.cu
 * `kOptimizerStatic8bit2StateBlockwise` (and `kOptimizer32bit2State` for small tensors).
 *
 *   t ← t + 1;  C1 = 1 − β1ᵗ,  C2 = sqrt(1 − β2ᵗ),  stepSize = −η·C2/C1
 *   per block b of 256 consecutive flat elements, for each element with a finite gradient:
 *     m ← code1[c1]·absmax1[b],  v ← code2[c2]·absmax2[b]                 (dequantize)
 *     v ← v·β2 + ((1 − β2)·g)·g;   m ← m·β1 + (1 − β1)·g                  (update; else m = v = 0)
 *     absmax1[b] ← max|m|,  absmax2[b] ← max|v|  over the block
 *     p ← p + stepSize·m/(sqrt(v) + C2·ε);   λ > 0: p ← p·(1 − η·λ)        (decoupled, *after*)
 *     c1 ← nearest(code1, m/absmax1[b])  (+1/−1 if that flips m's sign bit);
 *     c2 ← nearest(code2, v/absmax2[b])                                    (requantize)
 *   tensors with fewer than min8bitSize elements keep float32 m, v: the same update unquantized.
 *
 * code1/code2 are the signed/unsigned dynamic maps (quantization.ts). All arithmetic is float32,
 * one rounding per operation, as in the kernel (which may contract multiply-adds, so it can
 * differ from this in the last bit). Because the decay comes after the Adam step, bnb's Adam8bit
 * with weightDecay behaves like AdamW, not like torch's Adam.
 *
 * State: `step`; quantized tensors: `state1`, `state2` (Uint8Array codes, one per element),
 * `absmax1`, `absmax2` (Float32Array, one per block) — about 2 bytes per parameter in
 * `stateBytes()`; small tensors: `state1`, `state2` as float32 tensors.
 */
import { fromTyped, type Tensor } from '@gradstack/core';
import { Optimizer, type ParamGroup, type ParamState, type Params, type StateValue } from '../optimizer.js';
import { checkBetas, checkNonNegative } from '../validation.js';
import { BLOCK_SIZE, quantizeNearest, SIGNED_MAP, UNSIGNED_MAP } from './quantization.js';

export interface Adam8bitOptions {
  lr: number;
  betas: [number, number];
  eps: number;
  /** Decoupled, applied after the Adam step (bnb's kernel). */
  weightDecay: number;
  /** Tensors with fewer elements keep 32-bit state (bnb's `min_8bit_size`). */
  min8bitSize: number;
}

export const ADAM8BIT_DEFAULTS: Adam8bitOptions = { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, min8bitSize: 4096 };

const f32 = Math.fround;

/**
 * Uint8 code storage. core's TypedArray (the StateValue type) lists only tensor dtypes; the base
 * class serialises and counts any ArrayBuffer view, so the cast is sound.
 */
const codes = (n: number): StateValue => new Uint8Array(n) as unknown as StateValue;

/** Sign bit, so that −0 counts as negative as the kernel's signbit() does. */
const signBit = (x: number): boolean => x < 0 || Object.is(x, -0);

export class Adam8bit extends Optimizer<Adam8bitOptions> {
  constructor(params: Params<Adam8bitOptions>, options: Partial<Adam8bitOptions> = {}) {
    super(params, { ...ADAM8BIT_DEFAULTS, ...options });
  }

  protected validateGroup(g: ParamGroup<Adam8bitOptions>): void {
    checkNonNegative('lr', g.lr);
    checkNonNegative('eps', g.eps);
    checkBetas(g.betas);
    checkNonNegative('weightDecay', g.weightDecay);
    checkNonNegative('min8bitSize', g.min8bitSize);
  }

  protected updateParam(p: Tensor, grad: Tensor, state: ParamState, group: ParamGroup<Adam8bitOptions>): void {
    const n = p.numel;
    const blocks = Math.ceil(n / BLOCK_SIZE);
    if (state.step === undefined) {
      state.step = 0;
      // The decision is made once, at init, on the tensor's size (bnb's init_state).
      if (n >= group.min8bitSize) {
        state.state1 = codes(n);
        state.state2 = codes(n);
        state.absmax1 = new Float32Array(blocks);
        state.absmax2 = new Float32Array(blocks);
      } else {
        state.state1 = p.zerosLike().float();
        state.state2 = p.zerosLike().float();
      }
    }
    const t = (state.step as number) + 1;
    state.step = t;
    const quantized = (state.state1 as unknown) instanceof Uint8Array;

    const lr = f32(group.lr);
    const beta1 = f32(group.betas[0]);
    const beta2 = f32(group.betas[1]);
    const correction1 = f32(1 - f32(beta1 ** t));
    const correction2 = f32(Math.sqrt(f32(1 - f32(beta2 ** t))));
    const stepSize = f32(f32(-lr * correction2) / correction1);
    const epsTerm = f32(correction2 * f32(group.eps));
    const oneMinusBeta1 = f32(1 - beta1);
    const oneMinusBeta2 = f32(1 - beta2);
    const decay = group.weightDecay > 0 ? f32(1 - f32(lr * f32(group.weightDecay))) : 1;

    const g = grad.data();
    const pv = p.data();
    // Dequantize (or read) the moments.
    const m = new Float32Array(n);
    const v = new Float32Array(n);
    if (quantized) {
      const c1 = state.state1 as unknown as Uint8Array;
      const c2 = state.state2 as unknown as Uint8Array;
      const a1 = state.absmax1 as Float32Array;
      const a2 = state.absmax2 as Float32Array;
      for (let i = 0; i < n; i++) {
        const b = Math.floor(i / BLOCK_SIZE);
        m[i] = SIGNED_MAP[c1[i]] * a1[b];
        v[i] = UNSIGNED_MAP[c2[i]] * a2[b];
      }
    } else {
      m.set((state.state1 as Tensor).data());
      v.set((state.state2 as Tensor).data());
    }
    // Update moments and parameter, element by element.
    for (let i = 0; i < n; i++) {
      const gi = g[i];
      if (!Number.isFinite(gi)) {
        m[i] = 0;
        v[i] = 0;
        continue;
      }
      v[i] = f32(f32(v[i] * beta2) + f32(f32(oneMinusBeta2 * gi) * gi));
      m[i] = f32(f32(m[i] * beta1) + f32(oneMinusBeta1 * gi));
      let pi = f32(pv[i] + f32(stepSize * f32(m[i] / f32(f32(Math.sqrt(v[i])) + epsTerm))));
      if (decay !== 1) pi = f32(pi * decay);
      pv[i] = pi;
    }
    p.copy_(fromTyped(pv, p.shape, p.backend));
    if (!quantized) {
      (state.state1 as Tensor).copy_(fromTyped(m, p.shape, p.backend));
      (state.state2 as Tensor).copy_(fromTyped(v, p.shape, p.backend));
      return;
    }
    // New absmax per block, then requantize.
    const c1 = state.state1 as unknown as Uint8Array;
    const c2 = state.state2 as unknown as Uint8Array;
    const a1 = state.absmax1 as Float32Array;
    const a2 = state.absmax2 as Float32Array;
    for (let b = 0; b < blocks; b++) {
      const lo = b * BLOCK_SIZE;
      const hi = Math.min(lo + BLOCK_SIZE, n);
      let max1 = 0;
      let max2 = 0;
      for (let i = lo; i < hi; i++) {
        max1 = Math.max(max1, Math.abs(m[i]));
        max2 = Math.max(max2, Math.abs(v[i]));
      }
      a1[b] = max1;
      a2[b] = max2;
      for (let i = lo; i < hi; i++) {
        let code = quantizeNearest(SIGNED_MAP, f32(m[i] / max1), true);
        // Keep the moment's sign: a small negative m must not come back as a positive value.
        if (signBit(SIGNED_MAP[code]) !== signBit(m[i])) code = m[i] > 0 ? code + 1 : code - 1;
        c1[i] = code; // Uint8Array wraps −1 to 255 like the kernel's unsigned char
        c2[i] = quantizeNearest(UNSIGNED_MAP, f32(v[i] / max2), false);
      }
    }
  }
}
