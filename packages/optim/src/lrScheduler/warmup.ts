// HF transformers' linear warmup, shared by its schedules: 0 at step 0, 1 at `warmupSteps`.
export function warmupFactor(step: number, warmupSteps: number): number {
  return step / Math.max(1, warmupSteps);
}
