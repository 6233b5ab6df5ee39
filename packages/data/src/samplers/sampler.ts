/**
 * A sampler yields dataset indices, one epoch per iteration, as `torch.utils.data.Sampler`.
 * `length` is the number of indices one epoch yields.
 */
export interface Sampler extends Iterable<number> {
  readonly length: number;
}

/** Yields batches of indices; BatchSampler is the standard one, any object of this shape can replace it. */
export interface BatchSamplerLike extends Iterable<readonly number[]> {
  readonly length: number;
}

/** Anything with a size: a Dataset, an array, a typed array. */
export interface Sized {
  readonly length: number;
}
