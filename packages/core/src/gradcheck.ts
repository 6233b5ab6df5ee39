/**
 * gradcheck: compares autograd gradients with central finite differences, in float64.
 * Exported so nn and optim test their ops the same way core does.
 */
import { noGrad } from './autograd/gradMode.js';
import { grad } from './autograd/grad.js';
import { GradstackError } from './errors.js';
import type { Tensor } from './tensor.js';

export class GradcheckError extends GradstackError {}

export interface GradcheckOptions {
  eps?: number;
  atol?: number;
  rtol?: number;
  /** Seed of the random projection used when the output is not a scalar. */
  seed?: number;
}

/**
 * Checks d(sum(fn(...inputs) * v))/d(inputs) for a fixed random v against central differences.
 * Inputs that require grad must be float64. Returns true, or throws GradcheckError with the
 * worst mismatch (input, element, analytic vs numeric).
 */
export function gradcheck(fn: (...xs: Tensor[]) => Tensor, inputs: readonly Tensor[], opts: GradcheckOptions = {}): true {
  const eps = opts.eps ?? 1e-6;
  const atol = opts.atol ?? 1e-5;
  const rtol = opts.rtol ?? 1e-3;
  const diffIdx = inputs.map((t, i) => (t.requiresGrad ? i : -1)).filter((i) => i >= 0);
  for (const i of diffIdx) {
    if (inputs[i].dtype !== 'float64') throw new GradcheckError(`gradcheck: input ${i} is ${inputs[i].dtype}; use float64 inputs for finite differences`);
  }
  const out0 = fn(...inputs);
  // A fixed projection turns any output into a scalar: L = sum(out * v).
  let s = (opts.seed ?? 12345) >>> 0;
  const rnd = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296 - 0.5;
  };
  const vData = Float64Array.from({ length: out0.numel }, () => rnd() + (rnd() > 0 ? 0.5 : -0.5));
  const v = out0.detach().to('float64').mul(0).add(fromData(out0, vData));
  const loss = (o: Tensor) => o.to('float64').mul(v).sum();
  const analytic = grad(loss(out0), diffIdx.map((i) => inputs[i]), { allowUnused: true });
  for (let k = 0; k < diffIdx.length; k++) {
    const x = inputs[diffIdx[k]];
    const a = analytic[k] ? analytic[k]!.data() : new Float64Array(x.numel);
    const xd = x.storage as Float64Array; // float64 lives on the cpu backend
    for (let j = 0; j < x.numel; j++) {
      const orig = xd[j];
      xd[j] = orig + eps;
      const fp = noGrad(() => loss(fn(...inputs)).item());
      xd[j] = orig - eps;
      const fm = noGrad(() => loss(fn(...inputs)).item());
      xd[j] = orig;
      const num = (fp - fm) / (2 * eps);
      if (!(Math.abs(a[j] - num) <= atol + rtol * Math.abs(num))) {
        throw new GradcheckError(
          `gradcheck: mismatch for input ${diffIdx[k]} (shape [${x.shape.join(',')}]) at element ${j}: analytic ${a[j]} vs numeric ${num}`,
        );
      }
    }
  }
  return true;
}

function fromData(like: Tensor, data: Float64Array): Tensor {
  const b = like.backend;
  return new (like.constructor as new (s: unknown, sh: number[], d: 'float64', be: typeof b) => Tensor)(b.fromTyped(data), [...like.shape], 'float64', b);
}
