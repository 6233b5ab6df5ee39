/**
 * A helper thread for large matrix products: a worker that instantiates the same sgemm module over
 * the same shared memory and computes the row range it is handed. Coordination is a few Int32
 * slots with Atomics.wait/notify, so the caller stays synchronous. Node only (worker_threads);
 * elsewhere, or until the worker reports ready, products run on the calling thread alone.
 */
export interface HelperThread {
  ready(): boolean;
  /** Posts sgemmBlocked's 10 arguments to the worker. */
  post(args: readonly number[]): void;
  /** Blocks until the posted job is done. */
  wait(): void;
}

// Control slots: [0] job state (0 idle, 1 posted, 2 done), [1] ready flag, [2..11] arguments.
const STATE = 0;
const READY = 1;
const ARGS = 2;

const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { wasmModule, memory, control } = workerData;
const { sgemmBlocked } = new WebAssembly.Instance(wasmModule, { env: { memory } }).exports;
const c = new Int32Array(control);
Atomics.store(c, ${READY}, 1);
for (;;) {
  Atomics.wait(c, ${STATE}, 0);
  if (Atomics.load(c, ${STATE}) !== 1) continue;
  const a = c.slice(${ARGS}, ${ARGS + 10});
  sgemmBlocked(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9]);
  Atomics.store(c, ${STATE}, 2);
  Atomics.notify(c, ${STATE});
}
`;

type WorkerThreads = { Worker: new (src: string, opts: { eval: boolean; workerData: unknown }) => { unref(): void; on(e: string, f: (err: unknown) => void): void } };

export function startHelperThread(wasmModule: WebAssembly.Module, memory: WebAssembly.Memory): HelperThread | null {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown; env?: Record<string, string | undefined> } }).process;
  if (!proc?.getBuiltinModule || proc.env?.GRADSTACK_THREADS === '0') return null;
  const wt = proc.getBuiltinModule('node:worker_threads') as WorkerThreads | undefined;
  if (!wt) return null;
  const control = new SharedArrayBuffer(16 * 4);
  const c = new Int32Array(control);
  let failed = false;
  try {
    const worker = new wt.Worker(WORKER_SOURCE, { eval: true, workerData: { wasmModule, memory, control } });
    worker.on('error', () => { failed = true; });
    worker.unref(); // an idle helper never keeps the process alive
  } catch {
    return null;
  }
  return {
    ready: () => !failed && Atomics.load(c, READY) === 1,
    post(args) {
      for (let i = 0; i < args.length; i++) c[ARGS + i] = args[i];
      Atomics.store(c, STATE, 1);
      Atomics.notify(c, STATE);
    },
    wait() {
      while (Atomics.load(c, STATE) === 1) Atomics.wait(c, STATE, 1);
      Atomics.store(c, STATE, 0);
    },
  };
}
