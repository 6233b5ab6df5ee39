/** Mode selection, describe(), and the error messages the issue asks for. */
import { describe, expect, it } from 'vitest';
import { GPU } from '../../src/backend/gpu/gpujs.js';
import { GPU_MODES, availableGpuModes, chooseGpuMode, createGpuBackend } from '../../src/backend/gpu/index.js';
import { KernelCache } from '../../src/backend/gpu/kernelCache.js';
import { BackendError, DTypeError } from '../../src/errors.js';
import { gpu } from './helpers.js';

describe('gpu backend modes and errors', () => {
  it('availableGpuModes lists every concrete mode with a reason; webasm and cpu run in Node', () => {
    const modes = availableGpuModes();
    expect(modes.map((m) => m.mode)).toEqual(GPU_MODES.filter((m) => m !== 'auto'));
    for (const m of modes) expect(m.why).toMatch(new RegExp(`^${m.mode}: `));
    expect(modes.find((m) => m.mode === 'webasm')?.available).toBe(true);
    expect(modes.find((m) => m.mode === 'cpu')?.available).toBe(true);
    // No DOM in Node: the WebGL modes say where they can run instead.
    expect(modes.find((m) => m.mode === 'webgl2')?.why).toMatch(/browser/);
  });

  it("'auto' in Node picks webgpu only with an adapter, else webasm, and says what it passed over", () => {
    const choice = chooseGpuMode('auto');
    const webgpu = availableGpuModes().find((m) => m.mode === 'webgpu');
    expect(webgpu?.available).toBe(false);
    expect(choice.mode).toBe('webasm');
    expect(choice.skipped[0]).toMatch(/^webgpu: /);
    const b = createGpuBackend({ mode: 'auto' });
    b.unary('exp', b.fromTyped(new Float32Array([0])), b.alloc('float32', 1), 1, 'float32');
    expect(b.describe()).toMatch(/mode webasm\): WebAssemblyKernel/);
    expect(b.describe()).toMatch(/auto passed over webgpu: /);
  });

  it("gpu.js's own cpu mode runs the same kernels (CPUKernel)", () => {
    const b = createGpuBackend({ mode: 'cpu' });
    const o = b.alloc('float32', 2);
    b.binary('add', b.fromTyped(new Float32Array([1, 2])), [2], b.fromTyped(new Float32Array([3])), [1], o, [2], 'float32');
    expect(Array.from(b.read(o, 'float32', 2))).toEqual([4, 5]);
    expect(b.describe()).toMatch(/CPUKernel/);
  });

  it('an unavailable mode is an error listing the modes available here and why', () => {
    const unavailable = availableGpuModes().filter((m) => !m.available);
    expect(unavailable.length).toBeGreaterThan(0);
    for (const m of unavailable) {
      expect(() => createGpuBackend({ mode: m.mode })).toThrow(BackendError);
      expect(() => createGpuBackend({ mode: m.mode })).toThrow(new RegExp(`${m.mode}: .*Modes available here: webasm, cpu`));
    }
    expect(() => createGpuBackend({ mode: 'vulkan' as never })).toThrow(/unknown mode 'vulkan'/);
  });

  it('float64 is cpu-only, with the fix in the message', () => {
    expect(() => gpu().alloc('float64', 3)).toThrow(DTypeError);
    expect(() => gpu().fromTyped(new Float64Array(3))).toThrow(/float64 is cpu-only.*\.to\('cpu'\)/);
    expect(() => gpu().fromTyped(Int32Array.of(2 ** 25))).toThrow(/beyond ±2\^24/);
  });

  it('int32 round-trips exactly', () => {
    const ints = Int32Array.from([-(2 ** 24), -7, 0, 5, 2 ** 24]);
    expect(Array.from(gpu().read(gpu().fromTyped(ints), 'int32', 5))).toEqual(Array.from(ints));
  });

  it('mixing a cpu-backend storage into a gpu op names both backends and suggests .to()', () => {
    const g = gpu();
    expect(() => g.binary('add', g.alloc('float32', 2), [2], new Float32Array(2), [2], g.alloc('float32', 2), [2], 'float32')).toThrow(
      /gpu backend \(gpu:\w+\): binary 'add' got a tensor stored on the cpu backend \(Float32Array\).*\.to\('gpu'\)/,
    );
  });

  it('a kernel compile failure names the op and the shapes', () => {
    const cache = new KernelCache(new GPU({ mode: 'webasm' }), 'webasm', false);
    expect(() =>
      cache.run('bad', () => ({ source: 'function (a) {\nreturn Math.hypot(a[this.thread.x], 1);\n}', outSize: 2, what: "unary 'hypot' on [2]" }), [new Float32Array(2)]),
    ).toThrow(/gpu backend \(webasm\): compiling kernel unary 'hypot' on \[2\] failed: \S/);
  });

  it('compiles once per shape signature and reuses the kernel', () => {
    const g = createGpuBackend({ mode: 'webasm' });
    const a = g.fromTyped(new Float32Array(10));
    const o = g.alloc('float32', 10);
    g.unary('exp', a, o, 10, 'float32');
    const after1 = g.kernelStats().compiles;
    for (let i = 0; i < 5; i++) g.unary('exp', a, o, 10, 'float32');
    expect(g.kernelStats().compiles).toBe(after1);
    g.unary('exp', g.fromTyped(new Float32Array(11)), g.alloc('float32', 11), 11, 'float32');
    expect(g.kernelStats().compiles).toBe(after1 + 1);
  });
});
