/** Global autograd switches: whether ops record graph, and anomaly detection. */

let gradEnabled = true;
let anomalyEnabled = false;

export function isGradEnabled(): boolean {
  return gradEnabled;
}

export function setGradEnabled(enabled: boolean): void {
  gradEnabled = enabled;
}

/** Runs `fn` without recording graph (optimizer updates, evaluation). */
export function noGrad<R>(fn: () => R): R {
  const prev = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = prev;
  }
}

/** Runs `fn` with graph recording on, even inside `noGrad`. */
export function enableGrad<R>(fn: () => R): R {
  const prev = gradEnabled;
  gradEnabled = true;
  try {
    return fn();
  } finally {
    gradEnabled = prev;
  }
}

export function isAnomalyEnabled(): boolean {
  return anomalyEnabled;
}

export function setDetectAnomaly(enabled: boolean): void {
  anomalyEnabled = enabled;
}

/** Runs `fn` with anomaly detection: backward names the op that first produced NaN/Inf. */
export function detectAnomaly<R>(fn: () => R): R {
  const prev = anomalyEnabled;
  anomalyEnabled = true;
  try {
    return fn();
  } finally {
    anomalyEnabled = prev;
  }
}
