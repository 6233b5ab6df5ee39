/**
 * The Optimizer base, as torch.optim.Optimizer: param groups filled from defaults, lazy
 * per-parameter state, zeroGrad, step(closure), hooks, addParamGroup, stateDict/loadStateDict and
 * stateBytes. Subclasses supply the per-parameter update (`updateParam`) and its state init, or
 * override `stepGroups` when the update needs the whole group (LBFGS, LAMB's norms are per-param).
 */
import { enableGrad, noGrad, Tensor, tensor, type DType, type TypedArray } from '@gradstack/core';
import type { OptimizerLike } from './optimizerLike.js';

/** Tensor[] holds LBFGS's history (old_dirs, old_stps), which PyTorch keeps as a list of tensors. */
export type StateValue = Tensor | Tensor[] | number | boolean | TypedArray | number[] | null;
export type ParamState = Record<string, StateValue>;

/** A param group: the parameters plus every hyperparameter (filled from the defaults). */
export type ParamGroup<O> = O & { params: Tensor[]; lr: number; [key: string]: unknown };

/** What the constructor takes: tensors, or groups `{ params, ...overrides }`. */
export type ParamGroupInput<O> = Partial<O> & { params: Iterable<Tensor> | Tensor; [key: string]: unknown };
export type Params<O> = Iterable<Tensor> | Iterable<ParamGroupInput<O>>;

export type Closure = () => Tensor | number;

/** A state tensor in a state dict: plain data, JSON-friendly apart from the TypedArray. */
export interface SerializedTensor {
  dtype: DType;
  shape: number[];
  data: TypedArray;
}

export type SerializedStateValue = SerializedTensor | SerializedTensor[] | number | boolean | number[] | null | { typed: TypedArray };

export interface OptimizerStateDict {
  state: Record<number, Record<string, SerializedStateValue>>;
  paramGroups: Record<string, unknown>[];
}

export type StepHook = (optimizer: Optimizer) => void;

export abstract class Optimizer<O extends { lr: number } = { lr: number }> implements OptimizerLike {
  readonly defaults: O & Record<string, unknown>;
  paramGroups: ParamGroup<O>[] = [];
  state = new Map<Tensor, ParamState>();
  /** Number of completed `step()` calls (schedulers read it to warn about call order). */
  stepCount = 0;
  private preHooks: StepHook[] = [];
  private postHooks: StepHook[] = [];

  constructor(params: Params<O>, defaults: O) {
    this.defaults = defaults as O & Record<string, unknown>;
    const list = [...(params as Iterable<Tensor | ParamGroupInput<O>>)];
    if (list.length === 0) throw new RangeError('optimizer got an empty parameter list — pass model.parameters() or at least one tensor');
    const groups: ParamGroupInput<O>[] = list[0] instanceof Tensor
      ? [{ params: list as Tensor[] } as unknown as ParamGroupInput<O>]
      : (list as ParamGroupInput<O>[]);
    for (const g of groups) this.addParamGroup(g);
  }

  /** Checks a filled group's hyperparameters; throws RangeError naming the option. */
  protected abstract validateGroup(group: ParamGroup<O>): void;

  /** One parameter's update, in place, under noGrad. `state` is {} on the first step. */
  protected abstract updateParam(p: Tensor, grad: Tensor, state: ParamState, group: ParamGroup<O>): void;

  addParamGroup(input: ParamGroupInput<O>): void {
    const raw = input.params instanceof Tensor ? [input.params] : [...input.params];
    const group = { ...structuredCloneDefaults(this.defaults), ...input, params: raw } as ParamGroup<O>;
    for (const [k, v] of Object.entries(group)) if (Array.isArray(v) && k !== 'params') (group as Record<string, unknown>)[k] = [...v];
    raw.forEach((p, i) => {
      if (!(p instanceof Tensor)) throw new TypeError(`optimizer params must be Tensors; group entry ${i} is ${typeof p}`);
      if (!p.isLeaf) throw new RangeError(`can't optimize a non-leaf Tensor (param ${i} has gradFn ${p.gradFn?.name}) — optimize the leaf, or .detach() it and set requiresGrad`);
      if (p.dtype === 'int32') throw new RangeError(`can't optimize an int32 tensor (param ${i}) — parameters must be floating point`);
    });
    if (new Set(raw).size !== raw.length) throw new RangeError('optimizer contains a parameter group with duplicate parameters — each parameter may appear once');
    const existing = new Set(this.paramGroups.flatMap((g) => g.params));
    if (raw.some((p) => existing.has(p))) throw new RangeError('some parameters appear in more than one parameter group — each parameter may appear once');
    this.validateGroup(group);
    this.paramGroups.push(group);
  }

  zeroGrad(opts: { setToNone?: boolean } = {}): void {
    const setToNone = opts.setToNone ?? true;
    for (const g of this.paramGroups) {
      for (const p of g.params) {
        if (p.grad === null) continue;
        if (setToNone) p.grad = null;
        else {
          const grad = p.grad.gradFn ? p.grad.detach() : p.grad;
          p.grad = grad;
          noGrad(() => grad.zero_());
        }
      }
    }
  }

  /** Runs the closure (if any) with grad enabled, then updates every parameter that has a gradient. */
  step(closure?: Closure): number | undefined {
    for (const h of this.preHooks) h(this as unknown as Optimizer);
    const loss = this.performStep(closure);
    this.stepCount++;
    for (const h of this.postHooks) h(this as unknown as Optimizer);
    return loss;
  }

  /** Closure first (grad enabled), then the update under noGrad; LBFGS overrides it to call the closure inside its loop. */
  protected performStep(closure?: Closure): number | undefined {
    let loss: number | undefined;
    if (closure) {
      const l = enableGrad(closure);
      loss = typeof l === 'number' ? l : l.item();
    }
    noGrad(() => this.stepGroups());
    return loss;
  }

  /** The default loop: each parameter with a gradient, with its lazily created state. */
  protected stepGroups(): void {
    for (const group of this.paramGroups) {
      for (const p of group.params) {
        if (p.grad === null) continue; // skip rule: no state, no step counter advance
        let st = this.state.get(p);
        if (!st) {
          st = {};
          this.state.set(p, st);
        }
        this.updateParam(p, p.grad, st, group);
      }
    }
  }

  registerStepPreHook(hook: StepHook): { remove(): void } {
    return addHook(this.preHooks, hook);
  }

  registerStepPostHook(hook: StepHook): { remove(): void } {
    return addHook(this.postHooks, hook);
  }

  /** Bytes held in optimizer state (tensors and typed arrays), for memory tables. */
  stateBytes(): number {
    let bytes = 0;
    for (const st of this.state.values()) {
      for (const v of Object.values(st)) {
        if (v instanceof Tensor) bytes += tensorBytes(v);
        else if (ArrayBuffer.isView(v)) bytes += (v as TypedArray).byteLength;
        else if (Array.isArray(v)) for (const x of v) if (x instanceof Tensor) bytes += tensorBytes(x);
      }
    }
    return bytes;
  }

  /** PyTorch's layout: state keyed by the parameter's index across groups; groups list indices. */
  stateDict(): OptimizerStateDict {
    const index = new Map<Tensor, number>();
    let next = 0;
    const paramGroups = this.paramGroups.map((g) => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(g)) if (k !== 'params') out[k] = Array.isArray(v) ? [...v] : v;
      out.params = g.params.map((p) => {
        if (!index.has(p)) index.set(p, next++);
        return index.get(p)!;
      });
      return out;
    });
    const state: OptimizerStateDict['state'] = {};
    for (const [p, st] of this.state) {
      const i = index.get(p);
      if (i === undefined) continue;
      const entry: Record<string, SerializedStateValue> = {};
      for (const [k, v] of Object.entries(st)) entry[k] = serialize(v);
      state[i] = entry;
    }
    return { state, paramGroups };
  }

  /**
   * Loads a state dict from an optimizer of the same kind over parameters of the same shapes.
   * Everything is checked before anything changes: a mismatch throws and leaves this optimizer as it was.
   */
  loadStateDict(sd: OptimizerStateDict): void {
    if (!sd || !Array.isArray(sd.paramGroups) || typeof sd.state !== 'object') {
      throw new RangeError('loadStateDict: expected { state, paramGroups } as returned by stateDict()');
    }
    if (sd.paramGroups.length !== this.paramGroups.length) {
      throw new RangeError(`loadStateDict: the state dict has ${sd.paramGroups.length} parameter groups but the optimizer has ${this.paramGroups.length}`);
    }
    const byIndex = new Map<number, Tensor>();
    sd.paramGroups.forEach((g, gi) => {
      const ids = g.params as number[];
      const own = this.paramGroups[gi].params;
      if (!Array.isArray(ids) || ids.length !== own.length) {
        throw new RangeError(`loadStateDict: group ${gi} has ${Array.isArray(ids) ? ids.length : '?'} parameters in the state dict but ${own.length} in the optimizer — the groups' sizes must match`);
      }
      ids.forEach((id, j) => byIndex.set(id, own[j]));
    });
    const newState = new Map<Tensor, ParamState>();
    for (const [key, entry] of Object.entries(sd.state)) {
      const p = byIndex.get(Number(key));
      if (!p) throw new RangeError(`loadStateDict: state for parameter index ${key}, which no group lists`);
      const st: ParamState = {};
      for (const [k, v] of Object.entries(entry)) {
        const value = deserialize(v, p);
        if (value instanceof Tensor) this.checkStateShape(k, value, p);
        else if (Array.isArray(value)) for (const x of value) if (x instanceof Tensor) this.checkStateShape(k, x, p);
        st[k] = value;
      }
      newState.set(p, st);
    }
    // Validated: now commit, hyperparameters first (params stay this optimizer's own tensors).
    sd.paramGroups.forEach((g, gi) => {
      const target = this.paramGroups[gi] as Record<string, unknown>;
      for (const [k, v] of Object.entries(g)) if (k !== 'params') target[k] = Array.isArray(v) ? [...v] : v;
    });
    this.state = newState;
  }

  /** State tensors normally have the parameter's shape; optimizers with factored state override. */
  protected checkStateShape(key: string, value: Tensor, p: Tensor): void {
    if (value.numel === 1 && value.ndim === 0) return;
    if (value.shape.length !== p.shape.length || value.shape.some((d, i) => d !== p.shape[i])) {
      throw new RangeError(`loadStateDict: state '${key}' has shape [${value.shape.join(',')}] but its parameter has shape [${p.shape.join(',')}]`);
    }
  }
}

function addHook(list: StepHook[], hook: StepHook): { remove(): void } {
  list.push(hook);
  return { remove: () => { const i = list.indexOf(hook); if (i >= 0) list.splice(i, 1); } };
}

function structuredCloneDefaults<O extends object>(d: O): O {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(d)) out[k] = Array.isArray(v) ? [...v] : v;
  return out as O;
}

function tensorBytes(t: Tensor): number {
  return t.numel * (t.dtype === 'float64' ? 8 : 4);
}

function serializeTensor(v: Tensor): SerializedTensor {
  return { dtype: v.dtype, shape: [...v.shape], data: v.data() };
}

function serialize(v: StateValue): SerializedStateValue {
  if (v instanceof Tensor) return serializeTensor(v);
  if (ArrayBuffer.isView(v)) return { typed: (v as TypedArray).slice() };
  if (Array.isArray(v)) return v.every((x) => typeof x === 'number') ? [...(v as number[])] : (v as Tensor[]).map(serializeTensor);
  return v as number | boolean | null;
}

function deserializeTensor(v: unknown, p: Tensor): Tensor | undefined {
  if (v instanceof Tensor) return v.detach().clone().to(p.backend);
  if (v && typeof v === 'object' && 'data' in v && 'shape' in v) {
    const s = v as SerializedTensor;
    return tensor(s.data, { shape: s.shape, dtype: s.dtype }).to(p.backend);
  }
  return undefined;
}

function deserialize(v: unknown, p: Tensor): StateValue {
  const t = deserializeTensor(v, p);
  if (t) return t;
  if (v && typeof v === 'object' && 'typed' in v) return (v as { typed: TypedArray }).typed.slice();
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x === 'number')) return [...(v as number[])];
    return v.map((x, i) => {
      const el = deserializeTensor(x, p);
      if (!el) throw new RangeError(`loadStateDict: list entry ${i} is neither a number nor a tensor`);
      return el;
    });
  }
  return v as number | boolean | null;
}
