/** Flattening parameters to one vector and back (torch.nn.utils.parameters_to_vector and inverse). */
import { ShapeError, cat, noGrad, type Tensor } from '@gradstack/core';

/** The parameters concatenated into one 1-D tensor (differentiable, as in PyTorch). */
export function parametersToVector(parameters: Iterable<Tensor>): Tensor {
  const ps = [...parameters];
  if (ps.length === 0) throw new ShapeError('parametersToVector: no parameters given');
  return cat(ps.map((p) => p.reshape([-1])), 0);
}

/** Copies consecutive slices of `vec` into the parameters, in order. */
export function vectorToParameters(vec: Tensor, parameters: Iterable<Tensor>): void {
  if (vec.ndim !== 1) throw new ShapeError(`vectorToParameters: expected a 1-D vector, got shape [${vec.shape.join(',')}]`);
  const ps = [...parameters];
  const total = ps.reduce((n, p) => n + p.numel, 0);
  if (total !== vec.numel) throw new ShapeError(`vectorToParameters: the vector has ${vec.numel} elements but the parameters have ${total}`);
  noGrad(() => {
    let off = 0;
    for (const p of ps) {
      p.detach().copy_(vec.detach().narrow(0, off, p.numel).reshape(p.shape));
      off += p.numel;
    }
  });
}
