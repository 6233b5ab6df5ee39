/**
 * Which backend new tensors are created on. `setBackend(name, opts)` switches it; a factory can be
 * registered for backends that live outside this file (the gpu.js backend). The environment
 * variable GRADSTACK_BACKEND (`cpu`, `gpu`, `gpu:webasm`, ...) picks the initial one.
 */
import { BackendError } from '../errors.js';
import type { Backend } from './backend.js';
import { cpuBackend } from './cpu.js';

export interface BackendOptions {
  mode?: string;
  [key: string]: unknown;
}

type Factory = (opts: BackendOptions) => Backend;

const factories = new Map<string, Factory>([['cpu', () => cpuBackend]]);
const instances = new Map<string, Backend>([['cpu', cpuBackend]]);
let current: Backend | null = null;

export function registerBackend(name: string, factory: Factory): void {
  factories.set(name, factory);
}

export function setBackend(name: string, opts: BackendOptions = {}): Backend {
  const factory = factories.get(name);
  if (!factory) {
    throw new BackendError(`setBackend: unknown backend '${name}' — available: ${[...factories.keys()].join(', ')}`);
  }
  const key = opts.mode ? `${name}:${opts.mode}` : name;
  let b = instances.get(key);
  if (!b) {
    b = factory(opts);
    instances.set(key, b);
  }
  current = b;
  return b;
}

export function getBackend(): Backend {
  if (current === null) {
    const env = typeof process !== 'undefined' ? process.env?.GRADSTACK_BACKEND : undefined;
    if (env) {
      const [name, mode] = env.split(':');
      setBackend(name, mode ? { mode } : {});
    } else {
      current = cpuBackend;
    }
  }
  return current!;
}

/** The backend instance registered under `name` (used by `tensor.to(name)`). */
export function backendByName(name: string | Backend): Backend {
  if (typeof name !== 'string') return name;
  if (name === getBackend().name) return getBackend();
  const inst = instances.get(name);
  if (inst) return inst;
  return setBackendQuiet(name);
}

function setBackendQuiet(name: string): Backend {
  const prev = current;
  const b = setBackend(name);
  current = prev;
  return b;
}
