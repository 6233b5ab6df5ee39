/** The list behaviour Sequential and ModuleList share: children named '0', '1', … in order. */
import { Module } from '../module.js';

export abstract class ModuleSequence<M extends Module = Module> extends Module {
  /** Numeric access (`seq[0]`) works because each child is a field named by its index. */
  [index: number]: M;

  protected items(): M[] {
    return [...this._modules.values()] as M[];
  }

  get length(): number {
    return this._modules.size;
  }

  /** The module at `i` (negative counts from the end). */
  at(i: number): M {
    const n = this.length;
    const j = i < 0 ? i + n : i;
    if (!Number.isInteger(j) || j < 0 || j >= n) throw new RangeError(`${this.constructor.name}: index ${i} is out of range (length ${n})`);
    return this.items()[j];
  }

  /** Replaces the children with `mods`, renumbering from 0. */
  protected setItems(mods: readonly M[]): void {
    for (const k of [...this._modules.keys()]) delete (this as unknown as Record<string, unknown>)[k];
    mods.forEach((m, i) => this.registerModule(String(i), m));
  }

  append(m: M): this {
    this.registerModule(String(this.length), m);
    return this;
  }

  extend(mods: Iterable<M>): this {
    for (const m of mods) this.append(m);
    return this;
  }

  insert(index: number, m: M): this {
    const list = this.items();
    const n = list.length;
    const j = index < 0 ? Math.max(0, index + n) : Math.min(index, n);
    list.splice(j, 0, m);
    this.setItems(list);
    return this;
  }

  /** Removes and returns the module at `index` (default: the last). */
  pop(index = -1): M {
    const m = this.at(index);
    this.setItems(this.items().filter((x) => x !== m));
    return m;
  }

  /** Replaces the module at `index`. */
  set(index: number, m: M): void {
    const j = index < 0 ? index + this.length : index;
    this.at(j);
    this.registerModule([...this._modules.keys()][j], m);
  }

  [Symbol.iterator](): Iterator<M> {
    return this.items()[Symbol.iterator]();
  }
}
