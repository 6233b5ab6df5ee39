/**
 * The optimizer arena: a WebAssembly memory where optimizer state (Adam's m and v, SGD's momentum
 * buffer, Lion's m) lives, so the SIMD updates in optim.wat read it in place; each step copies only the parameter and its
 * gradient in and the parameter out. State arrays are ordinary Float32Array views (the cpu
 * backend's storage), 16-byte aligned and padded to whole vectors. The memory is shared, so
 * growing it never detaches a view already handed out; a block returns to the free list when its
 * view is garbage-collected.
 */
import { WASM_BASE64, WASM_BASE64_UNSHARED } from './generated/optim.js';
import { instantiateKernels, SHARED_MEMORY } from './memory.js';
import type { AdamOptions, LionOptions, SgdOptions } from '../fusedUpdates.js';

const MAX_PAGES = 16384; // 1 GiB, as declared in optim.wat
const { memory, exports: kernels } = instantiateKernels(WASM_BASE64, WASM_BASE64_UNSHARED, MAX_PAGES);
type AdamFn = (
  p: number, g: number, m: number, v: number, vm: number, n: number, flags: number,
  decay: number, l2: number, w1: number, b2: number, omb2: number, bc2: number, eps: number, stepSize: number,
) => void;
const adamKernel = kernels.adam as AdamFn;
type SgdFn = (p: number, g: number, b: number, n: number, flags: number, lr: number, mom: number, damp: number, wd: number) => void;
const sgdKernel = kernels.sgd as SgdFn;
type LionFn = (p: number, g: number, m: number, n: number, flags: number, decay: number, b1: number, omb1: number, b2: number, omb2: number, nlr: number) => void;
const lionKernel = kernels.lion as LionFn;

interface Block { offset: number; bytes: number }

let top = 16; // byte 0..15 stay unused so no block starts at address 0
const freeList: Block[] = [];
const owned = new WeakMap<Float32Array, number>();
const registry = new FinalizationRegistry<Block>((b) => release(b));

const padded = (n: number) => ((n + 3) & ~3) * 4;

function reserve(bytes: number): number | null {
  for (let i = 0; i < freeList.length; i++) {
    const b = freeList[i];
    if (b.bytes >= bytes) {
      const offset = b.offset;
      if (b.bytes === bytes) freeList.splice(i, 1);
      else { b.offset += bytes; b.bytes -= bytes; }
      return offset;
    }
  }
  const end = top + bytes;
  const have = memory.buffer.byteLength;
  if (end > have) {
    const pages = Math.ceil((end - have) / 65536);
    if (have / 65536 + pages > MAX_PAGES) return null;
    memory.grow(pages);
  }
  const offset = top;
  top = end;
  return offset;
}

function release(b: Block): void {
  freeList.push({ ...b });
  // Coalesce neighbours so freed optimizer states can serve larger ones later.
  freeList.sort((x, y) => x.offset - y.offset);
  for (let i = freeList.length - 1; i > 0; i--) {
    const prev = freeList[i - 1];
    if (prev.offset + prev.bytes === freeList[i].offset) {
      prev.bytes += freeList[i].bytes;
      freeList.splice(i, 1);
    }
  }
  const last = freeList[freeList.length - 1];
  if (last && last.offset + last.bytes === top) {
    top = last.offset;
    freeList.pop();
  }
}

/**
 * A zeroed Float32Array of n elements in the arena, or null when the arena is full — or when the
 * memory is not shared, since growing unshared memory would detach the views already handed out.
 */
export function arenaZeros(n: number): Float32Array | null {
  if (!SHARED_MEMORY) return null;
  const bytes = padded(n);
  const offset = reserve(bytes);
  if (offset === null) return null;
  const view = new Float32Array(memory.buffer, offset, n);
  new Float32Array(memory.buffer, offset, bytes / 4).fill(0);
  owned.set(view, offset);
  registry.register(view, { offset, bytes });
  return view;
}

/** Byte offset of an arena array, or -1 for an ordinary one. */
function offsetOf(a: Float32Array): number {
  return owned.get(a) ?? -1;
}

/**
 * Runs a kernel over float32 arrays that are in the arena (read in place) or not (staged through a
 * scratch block; those in `written` are copied back). `call` receives each array's byte offset.
 * Returns false, changing nothing, when the arena has no room for the scratch block.
 */
function withArena(arrays: readonly Float32Array[], written: readonly boolean[], n: number, call: (ptr: number[]) => void): boolean {
  const staged = arrays.map((a) => offsetOf(a) < 0);
  const stageCount = staged.filter(Boolean).length;
  const bytes = padded(n);
  const scratch = stageCount ? reserve(stageCount * bytes) : 0;
  if (scratch === null) return false;
  const heap = new Float32Array(memory.buffer);
  let next = scratch;
  const ptr = arrays.map((a, i) => {
    if (!staged[i]) return offsetOf(a);
    const at = next;
    next += bytes;
    heap.set(a.subarray(0, n), at / 4);
    heap.fill(0, at / 4 + n, (at + bytes) / 4);
    return at;
  });
  call(ptr);
  arrays.forEach((a, i) => {
    if (staged[i] && written[i]) a.set(heap.subarray(ptr[i] / 4, ptr[i] / 4 + n));
  });
  if (stageCount) release({ offset: scratch, bytes: stageCount * bytes });
  return true;
}

const f = Math.fround;
const vectors = (n: number) => (n + 3) & ~3;

/** Adam/AdamW (optim.wat `adam`); false when the arena is full. */
export function arenaAdam(P: Float32Array, G: Float32Array, M: Float32Array, V: Float32Array, VM: Float32Array | null, n: number, o: AdamOptions): boolean {
  const arrays = VM ? [P, G, M, V, VM] : [P, G, M, V];
  return withArena(arrays, [true, false, true, true, true], n, (ptr) =>
    adamKernel(
      ptr[0], ptr[1], ptr[2], ptr[3], VM ? ptr[4] : 0, vectors(n), (VM ? 1 : 0) | (o.maximize ? 2 : 0),
      o.decoupled ? f(1 - o.lr * o.weightDecay) : 1, o.decoupled ? 0 : f(o.weightDecay), f(1 - o.beta1), f(o.beta2), f(1 - o.beta2),
      f(Math.sqrt(1 - o.beta2 ** o.step)), f(o.eps), f(o.lr / (1 - o.beta1 ** o.step)),
    ));
}

/** SGD with momentum/Nesterov/decay (optim.wat `sgd`); false when the arena is full. */
export function arenaSgd(P: Float32Array, G: Float32Array, B: Float32Array | null, n: number, o: SgdOptions): boolean {
  const arrays = B ? [P, G, B] : [P, G];
  const flags = (B ? 1 : 0) | (o.firstStep ? 2 : 0) | (o.nesterov ? 4 : 0) | (o.maximize ? 8 : 0);
  return withArena(arrays, [true, false, true], n, (ptr) =>
    sgdKernel(ptr[0], ptr[1], B ? ptr[2] : 0, vectors(n), flags, f(o.lr), f(o.momentum), f(1 - o.dampening), f(o.weightDecay)));
}

/** Lion (optim.wat `lion`, bit-exact with the tensor-op reference); false when the arena is full. */
export function arenaLion(P: Float32Array, G: Float32Array, M: Float32Array, n: number, o: LionOptions): boolean {
  return withArena([P, G, M], [true, false, true], n, (ptr) =>
    lionKernel(ptr[0], ptr[1], ptr[2], vectors(n), o.maximize ? 1 : 0, f(1 - o.lr * o.weightDecay), f(o.beta1), f(1 - o.beta1), f(o.beta2), f(1 - o.beta2), f(-o.lr)));
}
