import { noGrad, type Tensor } from '@gradstack/core';

/** Updates averaged tensors in place from the current ones, given how many models were averaged. */
export type MultiAvgFn = (averaged: Tensor[], current: Tensor[], numAveraged: number) => void;
/** Returns the new average of one tensor. */
export type AvgFn = (averaged: Tensor, current: Tensor, numAveraged: number) => Tensor;

const isFloat = (t: Tensor) => t.dtype === 'float32' || t.dtype === 'float64';

function checkDecay(decay: number): void {
  if (typeof decay !== 'number' || !(decay >= 0 && decay <= 1)) {
    throw new RangeError(`getEmaAvgFn: decay must be in [0, 1], got ${String(decay)}`);
  }
}

/** Exponential moving average over lists: `ema = lerp(ema, current, 1 - decay)` (PyTorch `get_ema_multi_avg_fn`). */
export function getEmaMultiAvgFn(decay = 0.999): MultiAvgFn {
  checkDecay(decay);
  return (emaList, currentList) =>
    noGrad(() => {
      emaList.forEach((ema, i) => {
        // lerp only exists for floating tensors; integer ones take the explicit blend.
        if (isFloat(ema)) ema.lerp_(currentList[i], 1 - decay);
        else ema.copy_(ema.mul(decay).add(currentList[i].mul(1 - decay)));
      });
    });
}

/** Equal-weight running average over lists: `avg = lerp(avg, current, 1 / (n + 1))` (PyTorch `get_swa_multi_avg_fn`). */
export function getSwaMultiAvgFn(): MultiAvgFn {
  return (averagedList, currentList, numAveraged) =>
    noGrad(() => {
      averagedList.forEach((avg, i) => {
        if (isFloat(avg)) avg.lerp_(currentList[i], 1 / (numAveraged + 1));
        else avg.add_(currentList[i].sub(avg), 1.0 / (numAveraged + 1));
      });
    });
}

/** Per-tensor EMA: `decay * ema + (1 - decay) * current` (PyTorch `get_ema_avg_fn`). */
export function getEmaAvgFn(decay = 0.999): AvgFn {
  checkDecay(decay);
  return (ema, current) => noGrad(() => ema.mul(decay).add(current.mul(1 - decay)));
}

/** Per-tensor equal-weight average: `avg + (current - avg) / (n + 1)` (PyTorch `get_swa_avg_fn`). */
export function getSwaAvgFn(): AvgFn {
  return (averaged, current, numAveraged) => noGrad(() => averaged.add(current.sub(averaged).div(numAveraged + 1)));
}
