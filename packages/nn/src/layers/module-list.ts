/** ModuleList: holds submodules in a list so they are registered; it has no forward of its own. */
import { Module } from '../module.js';
import { ModuleSequence } from './module-sequence.js';

export class ModuleList<M extends Module = Module> extends ModuleSequence<M> {
  constructor(modules: Iterable<M> = []) {
    super();
    this.extend(modules);
  }

  forward(): never {
    throw new Error('ModuleList has no forward(): iterate over it and call each module');
  }
}
