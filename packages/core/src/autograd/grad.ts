/** `autograd.grad(outputs, inputs, opts)`: gradients returned instead of accumulated into `.grad`. */
import { AutogradError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { checkRootGrad, runBackward } from './engine.js';

export interface GradOptions {
  gradOutputs?: Tensor | readonly (Tensor | null | undefined)[];
  retainGraph?: boolean;
  createGraph?: boolean;
  /** Return null (instead of throwing) for inputs the outputs do not depend on. */
  allowUnused?: boolean;
}

export function grad(outputs: Tensor | readonly Tensor[], inputs: Tensor | readonly Tensor[], opts: GradOptions = {}): (Tensor | null)[] {
  const outs = Array.isArray(outputs) ? (outputs as Tensor[]) : [outputs as Tensor];
  const ins = Array.isArray(inputs) ? (inputs as Tensor[]) : [inputs as Tensor];
  const gos = opts.gradOutputs === undefined ? [] : Array.isArray(opts.gradOutputs) ? opts.gradOutputs : [opts.gradOutputs as Tensor];
  for (const t of ins) {
    if (!t.requiresGrad) throw new AutogradError(`autograd.grad: one of the inputs does not require grad — create it with { requiresGrad: true }`);
  }
  const seeds = outs.map((o, i) => checkRootGrad(o, gos[i] ?? undefined, 'autograd.grad'));
  const createGraph = opts.createGraph ?? false;
  const result = runBackward(outs, seeds, { retainGraph: opts.retainGraph ?? createGraph, createGraph, inputs: ins });
  if (!opts.allowUnused) {
    result.forEach((r, i) => {
      if (r === null) {
        throw new AutogradError(
          `autograd.grad: input ${i} (shape [${ins[i].shape.join(',')}]) was not used to compute the outputs — pass { allowUnused: true } to get null for it`,
        );
      }
    });
  }
  return result;
}
