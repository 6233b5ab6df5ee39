/**
 * Tensor-level parity: composite ops and their gradients through core's autograd, run on the gpu
 * backend and on cpu from the same data. Registers the gpu factory here; the registry wiring
 * (and GRADSTACK_BACKEND) is the owner's.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createGpuBackend, type GpuMode } from '../../src/backend/gpu/index.js';
import { logSoftmax, matmul, registerBackend, setBackend, tensor, type Tensor } from '../../src/index.js';
import { expectClose, modeUnderTest, randomData } from './helpers.js';

registerBackend('gpu', (opts) => createGpuBackend({ mode: (opts.mode as GpuMode | undefined) ?? modeUnderTest() }));

/** Runs `f` on a fresh leaf per input on the given backend; returns output and input grads. */
function run(backend: 'cpu' | 'gpu', inputs: { data: Float32Array; shape: number[] }[], f: (...xs: Tensor[]) => Tensor) {
  setBackend(backend, backend === 'gpu' ? { mode: modeUnderTest() } : {});
  try {
    const xs = inputs.map((i) => tensor(i.data.slice(), { shape: i.shape, requiresGrad: true }));
    const y = f(...xs);
    y.sum().backward();
    return { y: y.data() as Float32Array, grads: xs.map((x) => (x.grad as Tensor).data() as Float32Array) };
  } finally {
    setBackend('cpu');
  }
}

describe(`tensor ops on the gpu backend (mode ${modeUnderTest()})`, () => {
  it('matmul → logSoftmax → weighted sum: values and gradients match cpu', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 6 }), fc.integer(), (m, k, n, seed) => {
        const inputs = [
          { data: randomData(m * k, seed, { lo: -1, hi: 1 }), shape: [m, k] },
          { data: randomData(k * n, seed + 1, { lo: -1, hi: 1 }), shape: [k, n] },
          { data: randomData(n, seed + 2), shape: [n] },
        ];
        const f = (a: Tensor, b: Tensor, w: Tensor) => logSoftmax(matmul(a, b), -1).mul(w).tanh();
        const c = run('cpu', inputs, f);
        const g = run('gpu', inputs, f);
        expectClose(g.y, c.y, 1e-5, 1e-5, 'forward');
        g.grads.forEach((gr, i) => expectClose(gr, c.grads[i], 1e-4, 1e-5, `grad of input ${i}`));
      }),
      { numRuns: 15 },
    );
  });

  it('tensors stay on the gpu backend and mixing with cpu tensors is a clear error', () => {
    setBackend('gpu', { mode: modeUnderTest() });
    const a = tensor([1, 2, 3]);
    setBackend('cpu');
    const b = tensor([1, 2, 3]);
    expect(() => a.add(b)).toThrow(/'gpu' and 'cpu'.*\.to\('gpu'\)/);
    expect(Array.from(a.to('cpu').add(b).data())).toEqual([2, 4, 6]);
  });
});
