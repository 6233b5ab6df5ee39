/**
 * The Gauss-Newton-Bartlett loss of Sophia's training loop (train_sophiag.py): cross-entropy of
 * the logits against labels *sampled from the model's own softmax*,
 *
 *   ŷ ~ Categorical(softmax(logits))   (no gradient through the sampling)
 *   L̂ = mean over rows of −log softmax(logits)[ŷ]
 *
 * so that ĝ = ∇L̂ satisfies E[B·ĝ⊙ĝ] = diag of the Gauss-Newton matrix (the Bartlett identity).
 * Backpropagate L̂ and call `SophiaG.updateHessian()`; never use ĝ for the step itself.
 */
import { fromTyped, logSoftmax, softmax, defaultGenerator, type Generator, type Tensor } from '@gradstack/core';

/** One label per row of `logits` (…, C), drawn from softmax(logits); int32, shape logits.shape[:-1]. */
export function sampleLabels(logits: Tensor, generator: Generator = defaultGenerator): Tensor {
  if (logits.ndim < 1) throw new RangeError('sampleLabels: logits must have a class dimension (shape [..., C])');
  const classes = logits.shape[logits.ndim - 1];
  const probs = softmax(logits.detach(), -1).data();
  const rows = classes === 0 ? 0 : probs.length / classes;
  const labels = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    const u = generator.random();
    let acc = 0;
    let label = classes - 1; // rounding can leave Σp slightly below 1: the last class takes the rest
    for (let c = 0; c < classes; c++) {
      acc += probs[r * classes + c];
      if (u < acc) {
        label = c;
        break;
      }
    }
    labels[r] = label;
  }
  return fromTyped(labels, logits.shape.slice(0, -1), logits.backend);
}

export interface GnbLossOptions {
  generator?: Generator;
}

/** Mean cross-entropy of `logits` (…, C) against labels sampled from its own softmax. */
export function gnbLoss(logits: Tensor, opts: GnbLossOptions = {}): Tensor {
  const labels = sampleLabels(logits, opts.generator);
  return logSoftmax(logits, -1).gather(-1, labels.unsqueeze(-1)).mean().neg();
}
