import { noGrad, type Tensor } from '@gradstack/core';

/** A batch-norm layer as updateBn sees it (nn's BatchNorm1d/2d fit). */
interface BatchNormLike {
  momentum: number | null;
  resetRunningStats(): void;
}

/** A module tree that can run forward in training mode. */
export interface TrainableModelLike {
  modules(): Iterable<unknown>;
  training: boolean;
  train(mode?: boolean): unknown;
  forward(input: Tensor): unknown;
}

const isBatchNorm = (m: unknown): m is BatchNormLike =>
  typeof m === 'object' && m !== null && typeof (m as BatchNormLike).resetRunningStats === 'function' && 'momentum' in m;

/**
 * Recomputes the running statistics of every batch-norm layer with one pass over `loader`
 * (PyTorch `swa_utils.update_bn`): stats are reset and, with momentum null, accumulated as a
 * cumulative average. A batch may be a tensor or an array whose first element is the input.
 */
export function updateBn(loader: Iterable<Tensor | readonly unknown[]>, model: TrainableModelLike): void {
  const momenta = new Map<BatchNormLike, number | null>();
  for (const m of model.modules()) {
    if (isBatchNorm(m)) {
      m.resetRunningStats();
      momenta.set(m, m.momentum);
    }
  }
  if (momenta.size === 0) return;

  const wasTraining = model.training;
  model.train(true);
  for (const m of momenta.keys()) m.momentum = null;
  noGrad(() => {
    for (const batch of loader) {
      const input = Array.isArray(batch) ? (batch[0] as Tensor) : (batch as Tensor);
      model.forward(input);
    }
  });
  for (const [m, momentum] of momenta) m.momentum = momentum;
  model.train(wasTraining);
}
