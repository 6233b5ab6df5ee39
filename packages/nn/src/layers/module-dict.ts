/** ModuleDict: holds submodules by name (insertion order kept), so they are registered. */
import { Module } from '../module.js';

export class ModuleDict<M extends Module = Module> extends Module {
  constructor(modules: Record<string, M> | Iterable<[string, M]> = {}) {
    super();
    this.update(modules);
  }

  get(key: string): M | undefined {
    return (this._modules.get(key) ?? undefined) as M | undefined;
  }

  set(key: string, module: M): this {
    this.registerModule(key, module);
    return this;
  }

  has(key: string): boolean {
    return this._modules.has(key);
  }

  /** Removes `key` and returns its module. */
  pop(key: string): M {
    const m = this.get(key);
    if (!m) throw new Error(`ModuleDict: no module named '${key}'`);
    delete (this as unknown as Record<string, unknown>)[key];
    return m;
  }

  delete(key: string): boolean {
    if (!this.has(key)) return false;
    this.pop(key);
    return true;
  }

  clear(): void {
    for (const k of this.keys()) this.pop(k);
  }

  update(modules: Record<string, M> | Iterable<[string, M]>): this {
    const entries = Symbol.iterator in Object(modules) ? [...(modules as Iterable<[string, M]>)] : Object.entries(modules as Record<string, M>);
    for (const [k, m] of entries) this.set(k, m);
    return this;
  }

  keys(): string[] {
    return [...this._modules.keys()];
  }

  values(): M[] {
    return [...this._modules.values()] as M[];
  }

  items(): [string, M][] {
    return [...this._modules.entries()] as [string, M][];
  }

  get size(): number {
    return this._modules.size;
  }

  get length(): number {
    return this._modules.size;
  }

  /** Iterates over the keys, as a Python dict does. */
  [Symbol.iterator](): Iterator<string> {
    return this.keys()[Symbol.iterator]();
  }

  forward(): never {
    throw new Error('ModuleDict has no forward(): look modules up by name and call them');
  }
}
