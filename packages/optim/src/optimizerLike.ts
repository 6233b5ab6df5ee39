/**
 * The structural view of an optimizer that learning-rate schedulers need.
 * Schedulers only read and write param-group fields, so any object of this
 * shape (the real `Optimizer`, or a plain object in tests) can be scheduled.
 */
export interface ParamGroupLike {
  lr: number;
  initialLr?: number;
  momentum?: number;
  betas?: [number, number];
  [key: string]: unknown;
}

export interface OptimizerLike {
  paramGroups: ParamGroupLike[];
  /** number of completed optimizer.step() calls */
  readonly stepCount: number;
  /**
   * The optimizer's constructor defaults, when it has them. Read (optionally) where
   * PyTorch reads `optimizer.defaults`: whether momentum/betas exist for CyclicLR and
   * OneCycleLR, and the default lr used as the ratio base by the HF schedules.
   */
  readonly defaults?: Readonly<Record<string, unknown>>;
}
