/**
 * WebGPU specifics, kept apart from the GL/wasm paths. gpu.js's WebGPU kernels return a Promise
 * from every run (the first run of a kernel awaits its compute-pipeline build; readback needs
 * `mapAsync`), while the Backend seam is synchronous. As in tfjs, the seam stays synchronous by
 * letting device storages be *pending*: a storage's handle is a PendingBuffer, the promise of a
 * gpu.js WebGPUBufferResult, and every launch is queued behind the launches before it. Values reach
 * the host only through the async read (`Tensor.dataAsync()` → `Backend.readAsync`).
 *
 * Launches run in program order on one queue rather than each merely awaiting its inputs: a
 * storage's old buffer may only be freed after every kernel that was given it has been submitted,
 * gpu.js kernels hold per-kernel state (output buffer, bind group) that two overlapping runs would
 * share, and LRU eviction must not destroy a kernel a queued launch still needs. In program order
 * all three hold by construction, and steady-state launches cost one microtask each (a built
 * gpu.js WebGPU kernel submits synchronously and returns an already-resolved promise).
 */
import { BackendError } from '../../errors.js';
import type { GpuTexture } from './gpujs.js';

const noop = (): void => {};

/** The part of gpu.js's WebGPUBufferResult (pipeline output: a GPU-resident storage buffer) used here. */
export interface WebGpuBufferResult {
  readonly type: string;
  readonly buffer: GpuBufferLike;
  readonly output: number[];
  readonly componentCount: number;
  readonly context: { readonly device: GpuDeviceLike; readonly isLost: boolean };
  delete(): void;
  clone(): WebGpuBufferResult;
}

interface GpuBufferLike {
  mapAsync(mode: number, offset?: number, size?: number): Promise<void>;
  getMappedRange(offset?: number, size?: number): ArrayBuffer;
  unmap(): void;
  destroy(): void;
}

interface GpuDeviceLike {
  createBuffer(desc: { size: number; usage: number }): GpuBufferLike;
  createCommandEncoder(): { copyBufferToBuffer(src: GpuBufferLike, so: number, dst: GpuBufferLike, d: number, n: number): void; finish(): unknown };
  readonly queue: { submit(cmds: unknown[]): void };
}

// GPUBufferUsage / GPUMapMode are globals only where WebGPU exists; the values are fixed by the spec.
const USAGE_MAP_READ = 0x0001;
const USAGE_COPY_DST = 0x0008;
const MAP_MODE_READ = 0x0001;

/** Program-order launch queue of one backend instance. Its tail never rejects. */
export class WebGpuQueue {
  private tail: Promise<unknown> = Promise.resolve();

  /**
   * Runs `step` after every step enqueued before it. A failing step rejects only its own promise
   * (and, through their inputs, the launches that use its result); later independent steps run.
   */
  enqueue<T>(step: () => T | Promise<T>): Promise<T> {
    const p = this.tail.then(step);
    this.tail = p.then(noop, noop);
    // Marked handled here: a rejection surfaces where the value is awaited (readAsync), not as an
    // unhandled rejection from a launch nobody reads.
    p.catch(noop);
    return p;
  }

  /** Resolves once every step enqueued so far has run. */
  drain(): Promise<void> {
    return this.tail.then(noop);
  }
}

/**
 * A storage's value on a WebGPU device, possibly not computed yet. Implements gpu.js's texture
 * surface (output, delete, clone) so the backend's GL code paths (free on replace, cache keys by
 * `output`) apply unchanged; its synchronous `toArray()` is the one thing WebGPU cannot do.
 */
export class PendingBuffer implements GpuTexture {
  readonly type = 'PendingWebGPUBuffer';
  private deleted = false;

  constructor(readonly output: number[], readonly promise: Promise<WebGpuBufferResult>, private readonly queue: WebGpuQueue) {}

  toArray(): Float32Array {
    throw syncReadError();
  }

  /** Frees the device buffer once every launch queued before now (its last readers) has been submitted. */
  delete(): void {
    if (this.deleted) return;
    this.deleted = true;
    const p = this.promise;
    this.queue.enqueue(() => p.then((r) => r.delete(), noop));
  }

  clone(): PendingBuffer {
    if (this.deleted) throw new BackendError('gpu backend (webgpu): clone() of a freed device buffer');
    const p = this.promise;
    return new PendingBuffer(this.output, this.queue.enqueue(() => p.then((r) => r.clone())), this.queue);
  }

  /**
   * The first `size` values. The copy to a staging buffer is submitted in queue order (so a delete
   * queued after this read cannot free the buffer first); the mapping is awaited outside the queue,
   * so later launches keep flowing. The staging buffer belongs to this read, not to the producing
   * kernel, which the kernel cache may have evicted and destroyed by then.
   */
  read(size: number): Promise<Float32Array> {
    if (this.deleted) return Promise.reject(new BackendError('gpu backend (webgpu): read of a freed device buffer'));
    const p = this.promise;
    return this.queue
      .enqueue(async () => {
        const r = await p;
        if (r.context.isLost) throw new BackendError('gpu backend (webgpu): the WebGPU device was lost; this tensor no longer holds data');
        const device = r.context.device;
        const cells = r.output.reduce((a, b) => a * b, 1) * r.componentCount;
        const bytes = Math.max(4, Math.min(size, cells) * 4);
        const staging = device.createBuffer({ size: bytes, usage: USAGE_MAP_READ | USAGE_COPY_DST });
        const enc = device.createCommandEncoder();
        enc.copyBufferToBuffer(r.buffer, 0, staging, 0, bytes);
        device.queue.submit([enc.finish()]);
        // Boxed so the queue does not wait for the mapping (a returned promise would be adopted).
        return { mapped: staging.mapAsync(MAP_MODE_READ, 0, bytes).then(() => {
          const values = new Float32Array(staging.getMappedRange(0, bytes).slice(0), 0, Math.min(size, cells));
          staging.unmap();
          staging.destroy();
          return values;
        }, (e: unknown) => {
          staging.destroy();
          throw e;
        }) };
      })
      .then((box) => box.mapped);
  }
}

export function syncReadError(): BackendError {
  return new BackendError(
    'gpu backend (webgpu): values on a WebGPU device can only be read back asynchronously (buffer mapping is async) — ' +
      'use await t.dataAsync(), await t.itemAsync() or await t.toArrayAsync() instead of data()/item()/toArray()',
  );
}
