/** Hyperparameter checks shared by the optimizers: RangeErrors that name the option and value, as PyTorch's ValueErrors. */

export function checkNonNegative(option: string, value: unknown): void {
  if (typeof value !== 'number' || !(value >= 0)) {
    throw new RangeError(`Invalid ${option}: ${String(value)} — option '${option}' must be a number >= 0`);
  }
}

export function checkPositive(option: string, value: unknown): void {
  if (typeof value !== 'number' || !(value > 0)) {
    throw new RangeError(`Invalid ${option}: ${String(value)} — option '${option}' must be a number > 0`);
  }
}

/** Each beta in [0, 1). */
export function checkBetas(value: unknown, option = 'betas', count = 2): void {
  if (!Array.isArray(value) || value.length !== count) {
    throw new RangeError(`Invalid ${option}: ${JSON.stringify(value)} — option '${option}' must be an array of ${count} numbers in [0, 1)`);
  }
  value.forEach((b, i) => {
    if (typeof b !== 'number' || !(b >= 0 && b < 1)) {
      throw new RangeError(`Invalid beta parameter at index ${i}: ${String(b)} — option '${option}[${i}]' must be in [0, 1)`);
    }
  });
}

export function checkInRange(option: string, value: unknown, lo: number, hi: number, hiInclusive = true): void {
  const ok = typeof value === 'number' && value >= lo && (hiInclusive ? value <= hi : value < hi);
  if (!ok) {
    throw new RangeError(`Invalid ${option}: ${String(value)} — option '${option}' must be in [${lo}, ${hi}${hiInclusive ? ']' : ')'}`);
  }
}

export function checkBoolean(option: string, value: unknown): void {
  if (typeof value !== 'boolean') throw new RangeError(`Invalid ${option}: ${String(value)} — option '${option}' must be true or false`);
}

/** The checks every Adam-family optimizer shares: lr, eps, betas and weightDecay. */
export function checkAdamLike(g: { lr: unknown; eps: unknown; betas: unknown; weightDecay: unknown }): void {
  checkNonNegative('lr', g.lr);
  checkNonNegative('eps', g.eps);
  checkBetas(g.betas);
  checkNonNegative('weightDecay', g.weightDecay);
}
