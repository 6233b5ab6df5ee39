/**
 * Module: the base of every layer. As in PyTorch, assigning a Parameter, a Module, or (to a name
 * registered with `registerBuffer`) a Tensor to a field registers it, so `parameters()`,
 * `stateDict()` and `toString()` see it in registration order. The registration happens in a Proxy
 * around the instance: its `set`/`defineProperty` traps play the role of `nn.Module.__setattr__`.
 */
import { Tensor, noGrad, type DType } from '@gradstack/core';
import { Parameter } from './parameter.js';

/** Called after `forward` by `call`; may return a replacement output. */
export type ForwardHook = (module: Module, input: unknown[], output: unknown) => unknown;
/** Called before `forward` by `call`; may return replacement arguments. */
export type ForwardPreHook = (module: Module, input: unknown[]) => unknown[] | void;

export interface RemovableHandle {
  remove(): void;
}

export type StateDict = Record<string, Tensor>;

export interface LoadStateDictOptions {
  /** Missing or unexpected keys are an error (default true). Shape mismatches always are. */
  strict?: boolean;
}

export interface LoadStateDictResult {
  missingKeys: string[];
  unexpectedKeys: string[];
}

/** The error `loadStateDict` throws; nothing has been copied when it is thrown. */
export class StateDictError extends Error {
  constructor(
    message: string,
    readonly missingKeys: string[],
    readonly unexpectedKeys: string[],
    readonly shapeMismatches: string[],
  ) {
    super(message);
    this.name = 'StateDictError';
  }
}

const registrar: ProxyHandler<Module> = {
  set(target, key, value, receiver) {
    if (typeof key === 'string' && !hasAccessor(target, key)) return assign(target, key, value);
    return Reflect.set(target, key, value, receiver);
  },
  defineProperty(target, key, desc) {
    // Class fields (useDefineForClassFields) arrive here rather than through `set`.
    if (typeof key === 'string' && 'value' in desc && !desc.get && !desc.set) return assign(target, key, desc.value);
    return Reflect.defineProperty(target, key, desc);
  },
  deleteProperty(target, key) {
    if (typeof key === 'string') {
      target._parameters.delete(key);
      target._buffers.delete(key);
      target._modules.delete(key);
      target._nonPersistent.delete(key);
    }
    return Reflect.deleteProperty(target, key);
  },
};

/** Accessors on the prototype (e.g. BatchNorm's `runningMean`) keep their own setter. */
function hasAccessor(target: object, key: string): boolean {
  for (let p = Object.getPrototypeOf(target); p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    const d = Object.getOwnPropertyDescriptor(p, key);
    if (d) return d.set !== undefined || d.get !== undefined;
  }
  return false;
}

function defineField(target: Module, key: string, value: unknown): boolean {
  return Reflect.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

function typeName(v: unknown): string {
  return v === null ? 'null' : typeof v === 'object' ? (v as object).constructor.name : typeof v;
}

function assign(target: Module, key: string, value: unknown): boolean {
  if (value instanceof Parameter) {
    target._buffers.delete(key);
    target._modules.delete(key);
    target._parameters.set(key, value);
  } else if (value instanceof Module) {
    target._parameters.delete(key);
    target._buffers.delete(key);
    target._modules.set(key, value);
  } else if (target._parameters.has(key)) {
    if (value !== null && value !== undefined) {
      throw new TypeError(`cannot assign '${typeName(value)}' as parameter '${key}' (Parameter or null expected) — wrap it: new Parameter(t)`);
    }
    target._parameters.set(key, null);
    value = null;
  } else if (target._buffers.has(key)) {
    if (value !== null && value !== undefined && !(value instanceof Tensor)) {
      throw new TypeError(`cannot assign '${typeName(value)}' as buffer '${key}' (Tensor or null expected)`);
    }
    value = value ?? null;
    target._buffers.set(key, value as Tensor | null);
  } else if (target._modules.has(key)) {
    if (value !== null && value !== undefined) {
      throw new TypeError(`cannot assign '${typeName(value)}' as child module '${key}' (Module or null expected)`);
    }
    target._modules.set(key, null);
    value = null;
  }
  return defineField(target, key, value);
}

function checkName(name: string, kind: string, owner: Module): void {
  if (typeof name !== 'string' || name === '') throw new TypeError(`${kind} name must be a non-empty string, got ${JSON.stringify(name)}`);
  if (name.includes('.')) throw new TypeError(`${kind} name can't contain ".", got "${name}"`);
  // A class field declared but not yet assigned (value undefined) may still be registered.
  const registered = owner._parameters.has(name) || owner._buffers.has(name) || owner._modules.has(name);
  const taken = !registered && name in owner && (owner as unknown as Record<string, unknown>)[name] !== undefined;
  if (taken) throw new TypeError(`attribute '${name}' already exists on ${owner.constructor.name}; pick another ${kind} name`);
}

/** PyTorch's _addindent: indents every line after the first. */
function addIndent(s: string, spaces: number): string {
  const lines = s.split('\n');
  if (lines.length === 1) return s;
  const pad = ' '.repeat(spaces);
  return [lines[0], ...lines.slice(1).map((l) => pad + l)].join('\n');
}

export abstract class Module {
  /** Train mode (true) or eval mode (false); set with `train()`/`eval()`. */
  training = true;
  /** @internal registration tables, in registration order (PyTorch's _parameters, _buffers, _modules). */
  readonly _parameters = new Map<string, Parameter | null>();
  readonly _buffers = new Map<string, Tensor | null>();
  readonly _modules = new Map<string, Module | null>();
  readonly _nonPersistent = new Set<string>();
  readonly _forwardHooks = new Map<number, ForwardHook>();
  readonly _forwardPreHooks = new Map<number, ForwardPreHook>();

  constructor() {
    // Returning the proxy makes it `this` in every subclass constructor, so field assignments register.
    return new Proxy(this, registrar);
  }

  // The index signature keeps `forward`'s arguments free for subclasses to narrow.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  abstract forward(...args: any[]): any;

  /** Runs pre-hooks, `forward`, then hooks: the equivalent of PyTorch's `model(x)`. */
  call(...args: Parameters<this['forward']>): ReturnType<this['forward']> {
    if (this._forwardPreHooks.size === 0 && this._forwardHooks.size === 0) return this.forward(...args);
    let input: unknown[] = args;
    for (const hook of this._forwardPreHooks.values()) {
      const r = hook(this, input);
      if (r !== undefined) input = r;
    }
    let out: unknown = this.forward(...input);
    for (const hook of this._forwardHooks.values()) {
      const r = hook(this, input, out);
      if (r !== undefined) out = r;
    }
    return out as ReturnType<this['forward']>;
  }

  registerForwardHook(hook: ForwardHook): RemovableHandle {
    return addHook(this._forwardHooks, hook);
  }

  registerForwardPreHook(hook: ForwardPreHook): RemovableHandle {
    return addHook(this._forwardPreHooks, hook);
  }

  // ---- registration ----------------------------------------------------------------------

  registerParameter(name: string, param: Parameter | null): void {
    checkName(name, 'parameter', this);
    if (param !== null && !(param instanceof Parameter)) {
      throw new TypeError(`registerParameter: '${name}' must be a Parameter or null, got ${typeName(param)} — wrap it: new Parameter(t)`);
    }
    this._buffers.delete(name);
    this._modules.delete(name);
    this._parameters.set(name, param);
    defineField(this, name, param);
  }

  /** Registers a tensor that is state but not a parameter (BatchNorm's running stats). */
  registerBuffer(name: string, t: Tensor | null, persistent = true): void {
    checkName(name, 'buffer', this);
    if (t !== null && !(t instanceof Tensor)) throw new TypeError(`registerBuffer: '${name}' must be a Tensor or null, got ${typeName(t)}`);
    this._parameters.delete(name);
    this._modules.delete(name);
    this._buffers.set(name, t);
    if (persistent) this._nonPersistent.delete(name);
    else this._nonPersistent.add(name);
    defineField(this, name, t);
  }

  registerModule(name: string, module: Module | null): void {
    checkName(name, 'module', this);
    if (module !== null && !(module instanceof Module)) throw new TypeError(`registerModule: '${name}' must be a Module or null, got ${typeName(module)}`);
    this._parameters.delete(name);
    this._buffers.delete(name);
    this._modules.set(name, module);
    defineField(this, name, module);
  }

  addModule(name: string, module: Module | null): void {
    this.registerModule(name, module);
  }

  // ---- traversal -------------------------------------------------------------------------

  /** `[name, module]` for this module and every descendant (each once), depth first. */
  namedModules(prefix = '', memo: Set<Module> = new Set()): [string, Module][] {
    if (memo.has(this)) return [];
    memo.add(this);
    const out: [string, Module][] = [[prefix, this]];
    for (const [name, m] of this._modules) {
      if (m) out.push(...m.namedModules(prefix ? `${prefix}.${name}` : name, memo));
    }
    return out;
  }

  modules(): Module[] {
    return this.namedModules().map(([, m]) => m);
  }

  namedChildren(): [string, Module][] {
    const seen = new Set<Module>();
    const out: [string, Module][] = [];
    for (const [name, m] of this._modules) {
      if (m && !seen.has(m)) {
        seen.add(m);
        out.push([name, m]);
      }
    }
    return out;
  }

  children(): Module[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /** `[qualifiedName, parameter]`, each parameter once (shared ones under their first name). */
  namedParameters(prefix = '', recurse = true): [string, Parameter][] {
    return this.namedMembers((m) => m._parameters, prefix, recurse) as [string, Parameter][];
  }

  parameters(recurse = true): Parameter[] {
    return this.namedParameters('', recurse).map(([, p]) => p);
  }

  namedBuffers(prefix = '', recurse = true): [string, Tensor][] {
    return this.namedMembers((m) => m._buffers, prefix, recurse);
  }

  buffers(recurse = true): Tensor[] {
    return this.namedBuffers('', recurse).map(([, b]) => b);
  }

  private namedMembers(table: (m: Module) => Map<string, Tensor | null>, prefix: string, recurse: boolean): [string, Tensor][] {
    const seen = new Set<Tensor>();
    const out: [string, Tensor][] = [];
    const mods: [string, Module][] = recurse ? this.namedModules(prefix) : [[prefix, this]];
    for (const [modPrefix, m] of mods) {
      for (const [name, t] of table(m)) {
        if (!t || seen.has(t)) continue;
        seen.add(t);
        out.push([modPrefix ? `${modPrefix}.${name}` : name, t]);
      }
    }
    return out;
  }

  /** The descendant at a dotted path (`'encoder.0'`). */
  getSubmodule(target: string): Module {
    if (target === '') return this;
    let m: Module = this;
    for (const part of target.split('.')) {
      const next = m._modules.get(part);
      if (!next) throw new Error(`getSubmodule: ${m.constructor.name} has no submodule '${part}' (path '${target}')`);
      m = next;
    }
    return m;
  }

  getParameter(target: string): Parameter {
    const i = target.lastIndexOf('.');
    const owner = this.getSubmodule(i < 0 ? '' : target.slice(0, i));
    const p = owner._parameters.get(target.slice(i + 1));
    if (!p) throw new Error(`getParameter: no parameter '${target}'`);
    return p;
  }

  // ---- modes and gradients ---------------------------------------------------------------

  train(mode = true): this {
    this.training = mode;
    for (const m of this.children()) m.train(mode);
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  requiresGrad_(requiresGrad = true): this {
    for (const p of this.parameters()) p.requiresGrad_(requiresGrad);
    return this;
  }

  /** Clears the gradients: to null (PyTorch ≥ 2.0's default) or, with `setToNone: false`, to zeros. */
  zeroGrad(opts: { setToNone?: boolean } = {}): void {
    const setToNone = opts.setToNone ?? true;
    for (const p of this.parameters()) {
      if (!p.grad) continue;
      if (setToNone) p.grad = null;
      else noGrad(() => p.grad!.detach_().zero_());
    }
  }

  /** Calls `fn` on every submodule (children first) and on this module, as PyTorch's `apply`. */
  apply(fn: (m: Module) => void): this {
    for (const m of this.children()) m.apply(fn);
    fn(this);
    return this;
  }

  // ---- dtype conversion ------------------------------------------------------------------

  /** Casts floating-point parameters and buffers (parameters stay Parameters, grads are cast too). */
  to(dtype: DType): this {
    if (dtype === 'int32') throw new TypeError(`Module.to: only floating-point dtypes are accepted, got int32`);
    for (const m of this.modules()) {
      for (const [name, p] of m._parameters) {
        if (!p || p.dtype === dtype || p.dtype === 'int32') continue;
        const q = new Parameter(noGrad(() => p.detach().to(dtype)), p.requiresGrad);
        if (p.grad) q.grad = noGrad(() => p.grad!.detach().to(dtype));
        m._parameters.set(name, q);
        defineField(m, name, q);
      }
      for (const [name, b] of m._buffers) {
        if (!b || b.dtype === dtype || b.dtype === 'int32') continue;
        const c = noGrad(() => b.detach().to(dtype));
        m._buffers.set(name, c);
        defineField(m, name, c);
      }
    }
    return this;
  }

  double(): this {
    return this.to('float64');
  }

  float(): this {
    return this.to('float32');
  }

  // ---- state -----------------------------------------------------------------------------

  /**
   * Parameters then persistent buffers of each module, depth first, keyed by dotted path (PyTorch's
   * order). Values share storage with the module (detached), as PyTorch's state_dict does.
   */
  stateDict(opts: { prefix?: string; keepVars?: boolean } = {}): StateDict {
    const out: StateDict = {};
    this.collectState(out, opts.prefix ?? '', opts.keepVars ?? false);
    return out;
  }

  private collectState(out: StateDict, prefix: string, keepVars: boolean): void {
    for (const [name, p] of this._parameters) if (p) out[prefix + name] = keepVars ? p : p.detach();
    for (const [name, b] of this._buffers) {
      if (b && !this._nonPersistent.has(name)) out[prefix + name] = keepVars ? b : b.detach();
    }
    for (const [name, m] of this._modules) if (m) m.collectState(out, `${prefix}${name}.`, keepVars);
  }

  /**
   * Copies `stateDict`'s tensors into this module's parameters and buffers (cast to their dtype).
   * Everything is validated first: on a shape mismatch, or (strict) a missing or unexpected key,
   * it throws a StateDictError listing all problems and changes nothing.
   */
  loadStateDict(stateDict: StateDict, opts: LoadStateDictOptions = {}): LoadStateDictResult {
    const strict = opts.strict ?? true;
    const own = this.stateDict({ keepVars: true });
    const missingKeys = Object.keys(own).filter((k) => !(k in stateDict));
    const unexpectedKeys = Object.keys(stateDict).filter((k) => !(k in own));
    const shapeMismatches: string[] = [];
    for (const [k, t] of Object.entries(own)) {
      const src = stateDict[k];
      if (!src) continue;
      if (!(src instanceof Tensor)) {
        shapeMismatches.push(`'${k}' is a ${typeName(src)}, not a Tensor`);
      } else if (src.shape.length !== t.shape.length || src.shape.some((s, i) => s !== t.shape[i])) {
        shapeMismatches.push(`size mismatch for ${k}: copying a param with shape [${src.shape.join(', ')}] from checkpoint, the shape in current model is [${t.shape.join(', ')}]`);
      }
    }
    const problems: string[] = [...shapeMismatches];
    if (strict && unexpectedKeys.length) problems.unshift(`Unexpected key(s) in stateDict: ${unexpectedKeys.map((k) => `"${k}"`).join(', ')}.`);
    if (strict && missingKeys.length) problems.unshift(`Missing key(s) in stateDict: ${missingKeys.map((k) => `"${k}"`).join(', ')}.`);
    if (problems.length) {
      throw new StateDictError(
        `Error(s) in loading stateDict for ${this.constructor.name}:\n\t${problems.join('\n\t')}`,
        missingKeys, unexpectedKeys, shapeMismatches,
      );
    }
    noGrad(() => {
      for (const [k, t] of Object.entries(own)) {
        const src = stateDict[k];
        if (src) t.copy_(src.detach());
      }
    });
    return { missingKeys, unexpectedKeys };
  }

  // ---- printing --------------------------------------------------------------------------

  /** The one-line summary inside the parentheses (`in_features=4, out_features=2, bias=True`). */
  extraRepr(): string {
    return '';
  }

  /** The module tree in PyTorch's format. */
  toString(): string {
    const extra = this.extraRepr();
    const extraLines = extra ? extra.split('\n') : [];
    const childLines: string[] = [];
    for (const [key, m] of this._modules) childLines.push(`(${key}): ${addIndent(m ? m.toString() : 'None', 2)}`);
    const lines = [...extraLines, ...childLines];
    let s = `${this.constructor.name}(`;
    if (lines.length) {
      s += extraLines.length === 1 && childLines.length === 0 ? extraLines[0] : `\n  ${lines.join('\n  ')}\n`;
    }
    return `${s})`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

let nextHookId = 0;

function addHook<H>(table: Map<number, H>, hook: H): RemovableHandle {
  const id = nextHookId++;
  table.set(id, hook);
  return { remove: () => void table.delete(id) };
}
