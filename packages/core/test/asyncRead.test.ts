/**
 * The async read-back API (`dataAsync`, `itemAsync`, `toArrayAsync`, `Backend.readAsync`) on the
 * backends that run in Node, and the rule for backends that can only read asynchronously (the gpu
 * backend in webgpu mode, which runs only in a browser here: browser/test/parity.test.ts). For the
 * rule, a webasm gpu backend flagged `asyncOnly` stands in: its sync read throws as webgpu's does,
 * so every op that would read values on the host is exercised in Node.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Backend } from '../src/backend/backend.js';
import { GpuBackend } from '../src/backend/gpu/index.js';
import { registerBackend, setBackend } from '../src/backend/registry.js';
import { bernoulli, detectAnomaly, oneHot, tensor } from '../src/index.js';
import { BackendError } from '../src/errors.js';

/** webasm kernels with webgpu's read rule: read() throws, readAsync() is the only read-back. */
class AsyncOnlyWebasm extends GpuBackend {
  override get asyncOnly(): boolean {
    return true;
  }
}
registerBackend('gpu-async-only', () => new AsyncOnlyWebasm({ mode: 'webasm' }));

afterAll(() => {
  setBackend('cpu');
});

/** Resolves true if `p` settles before a macrotask runs: "resolves immediately". */
async function settlesWithinMicrotasks(p: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void p.then(() => (settled = true));
  await new Promise((r) => setTimeout(r, 0));
  return settled;
}

for (const [name, select] of [
  ['cpu', () => setBackend('cpu')],
  ['gpu:webasm', () => setBackend('gpu', { mode: 'webasm' })],
] as const) {
  describe(`async read-back on ${name}`, () => {
    it('dataAsync equals data() (float32 and int32), as a fresh copy', async () => {
      select();
      const x = tensor(Float32Array.from([1.5, -2, 3.25, 0]), { shape: [2, 2] }).mul(2);
      const d = await x.dataAsync();
      expect(d).toBeInstanceOf(Float32Array);
      expect(Array.from(d)).toEqual(Array.from(x.data()));
      d[0] = 99;
      expect(x.data()[0]).toBe(3);
      const i = tensor(Int32Array.from([7, -3, 5]));
      const di = await i.add(1).dataAsync();
      expect(di).toBeInstanceOf(Int32Array);
      expect(Array.from(di)).toEqual([8, -2, 6]);
    });

    it('itemAsync and toArrayAsync give what item() and toArray() give', async () => {
      select();
      const x = tensor(Float32Array.from([1, 2, 3, 4, 5, 6]), { shape: [2, 3] });
      expect(await x.sum().itemAsync()).toBe(x.sum().item());
      expect(await x.toArrayAsync()).toEqual(x.toArray());
      expect(await x.toArrayAsync()).toEqual([[1, 2, 3], [4, 5, 6]]);
      expect(await x.sum().toArrayAsync()).toBe(21);
      await expect(x.itemAsync()).rejects.toThrow(/itemAsync: a tensor with 6 elements/);
    });

    it('resolves at once (no device to wait for), including after backward', async () => {
      select();
      const w = tensor(Float32Array.from([0.5, -1]), { requiresGrad: true });
      w.mul(w).sum().backward();
      const p = (w.grad as NonNullable<typeof w.grad>).dataAsync();
      expect(await settlesWithinMicrotasks(p)).toBe(true);
      expect(Array.from(await p)).toEqual([1, -2]);
    });

    it('the backend reads synchronously (asyncOnly unset or false)', () => {
      const b: Backend = select();
      expect(b.asyncOnly ?? false).toBe(false);
    });
  });
}

describe('a backend that reads back only asynchronously (webgpu rule, webasm stand-in)', () => {
  const use = () => setBackend('gpu-async-only');

  it('sync data()/item()/toArray() throw a BackendError naming the async methods; the async ones work', async () => {
    use();
    const x = tensor(Float32Array.from([1, 2, 3]));
    expect(() => x.data()).toThrow(BackendError);
    expect(() => x.data()).toThrow(/dataAsync\(\)/);
    expect(() => x.sum().item()).toThrow(/itemAsync\(\)/);
    expect(() => x.toArray()).toThrow(/toArrayAsync\(\)/);
    expect(Array.from(await x.mul(2).sub(1).dataAsync())).toEqual([1, 3, 5]);
    expect(await x.sum().itemAsync()).toBe(6);
    expect(await x.reshape([3, 1]).toArrayAsync()).toEqual([[1], [2], [3]]);
  });

  it('printing says where the values are instead of throwing', () => {
    use();
    expect(String(tensor(Float32Array.from([1, 2])))).toMatch(/^tensor\(<2 values on the device, read with await t\.dataAsync\(\)>, shape=\[2\]/);
  });

  it('index ops skip the host bounds check and wrap negative indices on the device', async () => {
    use();
    const t = tensor(Float32Array.from([10, 20, 30]), { requiresGrad: true });
    const idx = tensor(Int32Array.from([-1, 0, 2]));
    const g = t.gather(0, idx);
    expect(Array.from(await g.dataAsync())).toEqual([30, 10, 30]);
    g.sum().backward();
    expect(Array.from(await (t.grad as NonNullable<typeof t.grad>).dataAsync())).toEqual([1, 0, 2]);
    expect(Array.from(await t.detach().indexSelect(0, tensor(Int32Array.from([-2]))).dataAsync())).toEqual([20]);
    const s = tensor(Float32Array.from([0, 0, 0])).scatterAdd(0, tensor(Int32Array.from([-1, -1])), tensor(Float32Array.from([1, 2])));
    expect(Array.from(await s.dataAsync())).toEqual([0, 0, 3]);
  });

  it("prod's backward handles zeros on the device (one zero: the others' product; two: 0)", async () => {
    use();
    const a = tensor(Float32Array.from([1, 0, 2, 3, 4, 5]), { shape: [2, 3], requiresGrad: true });
    a.prod(1).sum().backward();
    expect(Array.from(await (a.grad as NonNullable<typeof a.grad>).dataAsync())).toEqual([0, 2, 0, 20, 15, 12]);
    const b = tensor(Float32Array.from([0, 5, 0]), { requiresGrad: true });
    b.prod().backward();
    expect(Array.from(await (b.grad as NonNullable<typeof b.grad>).dataAsync())).toEqual([0, 0, 0]);
  });

  it('ops that need host values name themselves and the reason', () => {
    use();
    const t = tensor(Float32Array.from([1, 2, 3]));
    expect(() => t.maskedSelect(t.gt(1))).toThrow(/^maskedSelect: needs the tensor's values on the host synchronously \(the output size depends on the mask values\)/);
    expect(() => oneHot(tensor(Int32Array.from([0, 2])), 3)).toThrow(/^oneHot: .*asynchronously/);
    expect(() => bernoulli(tensor(Float32Array.from([0.5])))).toThrow(/^bernoulli: .*asynchronously/);
    expect(() => t.to('cpu')).toThrow(/^to\('cpu'\): .*dataAsync/);
    const w = tensor(Float32Array.from([1, 2]), { requiresGrad: true });
    expect(() => detectAnomaly(() => w.exp().sum().backward())).toThrow(/^anomaly mode \(checking \w+Backward\): /);
  });
});
