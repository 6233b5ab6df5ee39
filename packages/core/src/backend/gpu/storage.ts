/**
 * Device storage and its lifetime. A GpuStorage is the backend's handle: a gpu.js Texture in the GL
 * modes (pipeline output, freed with `delete()`), a Float32Array in webasm/cpu modes (gpu.js has no
 * device memory there; its wasm kernels copy arguments into module memory per run). Release is
 * deterministic through `dispose()` and `tidy()`; a FinalizationRegistry frees what user code
 * drops without disposing.
 */
import { BackendError } from '../../errors.js';
import { isTexture, type GpuTexture } from './gpujs.js';

export type DeviceHandle = Float32Array | GpuTexture;

/** Holds the handle apart from the storage, so the finalizer can free it after the storage is gone. */
interface Cell {
  handle: DeviceHandle | null;
}

function free(cell: Cell): void {
  const h = cell.handle;
  cell.handle = null;
  if (h && isTexture(h)) h.delete();
}

export class GpuStorage {
  disposed = false;
  /** @internal */
  readonly cell: Cell;

  /**
   * @param owner the tracker of the backend instance that made it (mixing instances is an error)
   * @param size element count; a null handle means "all zeros, not yet materialised on the device"
   */
  constructor(readonly owner: MemoryTracker, readonly size: number, handle: DeviceHandle | null) {
    this.cell = { handle };
  }

  get handle(): DeviceHandle | null {
    return this.cell.handle;
  }
}

export class MemoryTracker {
  private readonly live = new Set<Cell>();
  private readonly scopes: Set<GpuStorage>[] = [];
  private readonly registry = new FinalizationRegistry<Cell>((cell) => {
    this.live.delete(cell);
    free(cell);
  });

  constructor(readonly backendLabel: string) {}

  create(size: number, handle: DeviceHandle | null): GpuStorage {
    const s = new GpuStorage(this, size, handle);
    this.live.add(s.cell);
    this.registry.register(s, s.cell, s);
    const scope = this.scopes[this.scopes.length - 1];
    if (scope) scope.add(s);
    return s;
  }

  /** Swaps in a kernel's result; the previous device buffer is freed unless it is the same one. */
  replace(s: GpuStorage, handle: DeviceHandle): void {
    const old = s.cell.handle;
    s.cell.handle = handle;
    if (old && old !== handle && isTexture(old)) old.delete();
  }

  dispose(s: GpuStorage): void {
    if (s.disposed) return;
    s.disposed = true;
    this.registry.unregister(s);
    this.live.delete(s.cell);
    free(s.cell);
    for (const scope of this.scopes) scope.delete(s);
  }

  /** Storages alive on this backend (not disposed, not yet collected): textures in GL modes. */
  liveCount(): number {
    return this.live.size;
  }

  /**
   * Runs `fn`; every storage created inside and not reachable from its result is disposed on exit
   * (on a throw, all of them). Kept storages move to the enclosing scope, as in tf.tidy.
   */
  tidy<R>(fn: () => R): R {
    const scope = new Set<GpuStorage>();
    this.scopes.push(scope);
    let result: R;
    try {
      result = fn();
    } catch (e) {
      this.scopes.pop();
      for (const s of scope) this.dispose(s);
      throw e;
    }
    this.scopes.pop();
    if (result instanceof Promise) {
      for (const s of scope) this.dispose(s);
      throw new BackendError('tidy(fn): fn returned a Promise — tidy scopes are synchronous; await outside tidy');
    }
    const kept = new Set<GpuStorage>();
    collectStorages(result, kept, new Set());
    const parent = this.scopes[this.scopes.length - 1];
    for (const s of scope) {
      if (kept.has(s)) parent?.add(s);
      else this.dispose(s);
    }
    return result;
  }

  /** Exempts a storage from every enclosing tidy scope (tf.keep). */
  keep(s: GpuStorage): void {
    for (const scope of this.scopes) scope.delete(s);
  }
}

/**
 * Finds the storages a tidy result keeps alive: GpuStorage values themselves, and any reachable
 * through arrays, Maps, Sets, and object fields (a Tensor's `storage`, a `{ loss, grads }` record).
 */
function collectStorages(v: unknown, out: Set<GpuStorage>, seen: Set<object>): void {
  if (typeof v !== 'object' || v === null || seen.has(v) || ArrayBuffer.isView(v)) return;
  seen.add(v);
  if (v instanceof GpuStorage) {
    out.add(v);
    return;
  }
  if (Array.isArray(v) || v instanceof Set) {
    for (const x of v) collectStorages(x, out, seen);
    return;
  }
  if (v instanceof Map) {
    for (const x of v.values()) collectStorages(x, out, seen);
    return;
  }
  for (const key of Object.keys(v)) collectStorages((v as Record<string, unknown>)[key], out, seen);
}
