/** Deterministic release: dispose, tidy scopes, the finalizer safety net, and a flat live count over training. */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { BackendError } from '../../src/errors.js';
import { gpu, randomData } from './helpers.js';

describe(`gpu backend memory (mode ${gpu().mode})`, () => {
  it('dispose frees at once, and a disposed storage cannot be used', () => {
    const g = gpu();
    const before = g.liveCount();
    const s = g.fromTyped(new Float32Array([1, 2]));
    expect(g.liveCount()).toBe(before + 1);
    g.dispose(s);
    g.dispose(s);
    expect(g.liveCount()).toBe(before);
    expect(() => g.read(s, 'float32', 2)).toThrow(/disposed/);
  });

  it('tidy frees intermediates, keeps what the result reaches, and frees everything on a throw', () => {
    const g = gpu();
    const before = g.liveCount();
    const kept = g.tidy(() => {
      const a = g.fromTyped(new Float32Array([1, 2, 3]));
      const b = g.alloc('float32', 3);
      g.unary('exp', a, b, 3, 'float32');
      const c = g.alloc('float32', 3);
      g.binary('mul', a, [3], b, [3], c, [3], 'float32');
      const inner = g.tidy(() => {
        const d = g.alloc('float32', 3);
        g.unary('neg', c, d, 3, 'float32');
        return { out: d };
      });
      return { result: c, nested: [inner.out] };
    });
    expect(g.liveCount()).toBe(before + 2);
    expect(Array.from(g.read(kept.result, 'float32', 3))).toEqual(Array.from(new Float32Array([Math.E, 2 * Math.E ** 2, 3 * Math.E ** 3])));
    expect(() =>
      g.tidy(() => {
        g.alloc('float32', 8);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(g.liveCount()).toBe(before + 2);
  });

  it('the FinalizationRegistry frees storages that were dropped without dispose', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    // A fresh instance: storages other tests dropped on the shared one would be collected too.
    const { createGpuBackend } = await import('../../src/backend/gpu/index.js');
    const g = createGpuBackend({ mode: gpu().mode });
    const before = g.liveCount();
    (() => {
      for (let i = 0; i < 50; i++) g.alloc('float32', 16);
    })();
    expect(g.liveCount()).toBe(before + 50);
    for (let i = 0; i < 20 && g.liveCount() > before; i++) {
      gc();
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(g.liveCount()).toBe(before);
  });

  it('2,000 training steps (matmul, broadcast, reduce, fused SGD) keep the live count flat', () => {
    const g = gpu();
    const n = 64;
    const d = 4;
    const X = randomData(n * d, 1, { lo: -1, hi: 1 });
    const trueW = Float32Array.from([1.5, -2, 0.5, 3]);
    const y = new Float32Array(n);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) y[i] += X[i * d + j] * trueW[j];
    const Xs = g.fromTyped(X);
    const ys = g.fromTyped(y);
    const w = g.alloc('float32', d);
    const buf = g.alloc('float32', d);
    const losses: number[] = [];
    let baseline = -1;
    for (let step = 1; step <= 2000; step++) {
      const loss = g.tidy(() => {
        const pred = g.alloc('float32', n);
        g.matmul(Xs, w, pred, 1, n, d, 1, 0, 0, false, false, 'float32');
        const diff = g.alloc('float32', n);
        g.binary('sub', pred, [n, 1], ys, [n], diff, [n, 1], 'float32');
        const sq = g.alloc('float32', n);
        g.unary('square', diff, sq, n, 'float32');
        const total = g.alloc('float32', 1);
        g.reduce('sum', sq, 1, n, 1, total, 'float32');
        const grad = g.alloc('float32', d);
        g.matmul(Xs, diff, grad, 1, d, n, 1, 0, 0, true, false, 'float32');
        g.binaryScalar('mul', grad, 2 / n, false, grad, d, 'float32');
        g.sgdStep(w, grad, buf, d, { lr: 0.05, momentum: 0.9, dampening: 0, weightDecay: 0, nesterov: false, maximize: false, firstStep: step === 1 });
        return step % 100 === 0 ? g.read(total, 'float32', 1)[0] / n : NaN;
      });
      if (step === 1) baseline = g.liveCount();
      if (step % 100 === 0) {
        losses.push(loss);
        expect(g.liveCount(), `live storages at step ${step}`).toBe(baseline);
      }
    }
    expect(losses[losses.length - 1]).toBeLessThan(1e-6);
    expect(Array.from(g.read(w, 'float32', d)).map((v) => Math.round(v * 100) / 100)).toEqual([1.5, -2, 0.5, 3]);
  });

  it('mixing storages of two gpu backend instances is an error naming both', async () => {
    const { createGpuBackend } = await import('../../src/backend/gpu/index.js');
    const other = createGpuBackend({ mode: 'cpu' });
    const a = other.fromTyped(new Float32Array([1]));
    const g = gpu();
    expect(() => g.unary('exp', a, g.alloc('float32', 1), 1, 'float32')).toThrow(BackendError);
    expect(() => g.unary('exp', a, g.alloc('float32', 1), 1, 'float32')).toThrow(/another gpu backend instance \(gpu:cpu\).*\.to\(backend\)/);
  });
});
