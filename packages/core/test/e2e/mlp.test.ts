/**
 * End to end on every backend that runs in Node: the seed MLP (4-64-32-1, batch 64, AdamW, 50
 * steps) from one set of cpu-initialised weights and one seeded batch, trained on cpu and on the
 * gpu backend's Node modes; the loss curves must agree within 1e-4 step by step.
 *
 * nn and optim are imported by path: core does not depend on them, and through their own
 * `@gradstack/core` import they resolve to this same core source module.
 */
import { describe, expect, it } from 'vitest';
import { availableGpuModes, manualSeed, noGrad, randn, setBackend, type Tensor } from '../../src/index.js';
import { Linear, ReLU, Sequential, functional as F } from '../../../nn/src/index.js';
import { AdamW } from '../../../optim/src/index.js';

const STEPS = 50;

/** The weights and batch, drawn once on cpu from a fixed seed. */
function seedData(): { params: Tensor[]; x: Tensor; y: Tensor } {
  setBackend('cpu');
  manualSeed(1234);
  const model = mlp();
  const x = randn([64, 4]);
  // A smooth target the network can fit: y = sin(x₀) + x₁·x₂ − 0.5·x₃.
  const y = noGrad(() => x.narrow(1, 0, 1).sin().add(x.narrow(1, 1, 1).mul(x.narrow(1, 2, 1))).sub(x.narrow(1, 3, 1).mul(0.5)));
  return { params: model.parameters().map((p) => p.detach().clone()), x, y };
}

function mlp(): Sequential {
  return new Sequential(new Linear(4, 64), new ReLU(), new Linear(64, 32), new ReLU(), new Linear(32, 1));
}

/** Trains on the given backend from the cpu weights (copied across with copy_, i.e. `.to(backend)`). */
function train(backend: 'cpu' | 'gpu', mode: string | undefined, seed: ReturnType<typeof seedData>): number[] {
  const b = setBackend(backend, mode ? { mode } : {});
  try {
    const model = mlp();
    noGrad(() => model.parameters().forEach((p, i) => p.copy_(seed.params[i])));
    const x = seed.x.to(b);
    const y = seed.y.to(b);
    const opt = new AdamW(model.parameters(), { lr: 1e-2, weightDecay: 1e-2 });
    const losses: number[] = [];
    for (let step = 0; step < STEPS; step++) {
      opt.zeroGrad();
      const loss = F.mseLoss(model.forward(x) as Tensor, y);
      loss.backward();
      opt.step();
      losses.push(loss.item());
    }
    expect(model.parameters()[0].backend).toBe(b);
    return losses;
  } finally {
    setBackend('cpu');
  }
}

/** The gpu backend's modes that run in this process (webasm and gpu.js's JS kernels in Node). */
const gpuModes = availableGpuModes().filter((m) => m.available).map((m) => m.mode);

describe('seed MLP (4-64-32-1, batch 64, AdamW, 50 steps): loss curves agree across backends', () => {
  const seed = seedData();
  const reference = train('cpu', undefined, seed);

  it('trains on cpu (the loss falls)', () => {
    expect(reference).toHaveLength(STEPS);
    expect(reference[STEPS - 1]).toBeLessThan(reference[0] * 0.5);
  });

  it('runs the gpu backend in webasm mode in Node', () => {
    expect(gpuModes).toContain('webasm');
  });

  for (const mode of gpuModes) {
    it(`gpu:${mode} follows the cpu loss curve within 1e-4 at every step`, () => {
      const losses = train('gpu', mode, seed);
      const worst = Math.max(...losses.map((l, i) => Math.abs(l - reference[i])));
      for (let i = 0; i < STEPS; i++) {
        if (!(Math.abs(losses[i] - reference[i]) <= 1e-4)) {
          expect.fail(`step ${i}: gpu:${mode} loss ${losses[i]} vs cpu ${reference[i]} (worst |diff| ${worst})`);
        }
      }
    });
  }
});
