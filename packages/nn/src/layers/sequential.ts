/** Sequential: runs its children in order, each on the previous one's output. */
import type { Tensor } from '@gradstack/core';
import { Module } from '../module.js';
import { ModuleSequence } from './module-sequence.js';

export class Sequential extends ModuleSequence {
  /** `new Sequential(a, b, c)`, or `new Sequential({ name: module, ... })` (PyTorch's OrderedDict form). */
  constructor(...modules: Module[] | [Record<string, Module>]) {
    super();
    if (modules.length === 1 && !(modules[0] instanceof Module)) {
      for (const [name, m] of Object.entries(modules[0])) this.registerModule(name, m);
    } else {
      (modules as Module[]).forEach((m, i) => this.registerModule(String(i), m));
    }
  }

  /** A new Sequential of the children in [start, end), like `seq[start:end]`. */
  slice(start = 0, end?: number): Sequential {
    return new Sequential(...this.items().slice(start, end));
  }

  /** Feeds `x` through each child in turn (a child may return a non-Tensor for the next to consume). */
  forward(x: Tensor): Tensor {
    let out: unknown = x;
    for (const m of this._modules.values()) if (m) out = m.call(out);
    return out as Tensor;
  }
}
