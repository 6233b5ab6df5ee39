/** Parameter: a leaf Tensor that requires grad, which Module registers when assigned to a field. */
import { Tensor, noGrad } from '@gradstack/core';

export class Parameter extends Tensor {
  /**
   * Wraps `data` as a parameter. Like `torch.nn.Parameter(t)`, it shares `data`'s storage (and
   * version counter) but is a fresh leaf of the graph.
   */
  constructor(data: Tensor, requiresGrad = true) {
    super(data.storage, [...data.shape], data.dtype, data.backend);
    this._versionCounter = data._versionCounter;
    if (requiresGrad) this.requiresGrad_(true);
  }

  override toString(): string {
    return `Parameter containing:\n${noGrad(() => this.detach().toString())}`;
  }
}

export function isParameter(x: unknown): x is Parameter {
  return x instanceof Parameter;
}
