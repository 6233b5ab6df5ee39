/**
 * Prints the README's table of optimizer state memory: `stateBytes()` after one step over a
 * 1000×1000 float32 weight plus a 1000 bias, for every optimizer in the test registries
 * (the tutorial ones too, once test/registryTutorial.ts exists).
 *
 *   npx tsx --conditions=source packages/optim/scripts/stateBytesTable.ts
 */
import { ones, Tensor } from '@gradstack/core';
import { allEntries } from '../test/registry.js';

const ROWS = 1000;
const COLS = 1000;

function params(): Tensor[] {
  return [ones([ROWS, COLS]).mul(0.01), ones([COLS]).mul(0.01)];
}

/** f = ½‖x‖², so ∇f = x: enough for a closure-driven optimizer to take real steps. */
function closureFor(ps: Tensor[]): () => number {
  return () => {
    let loss = 0;
    for (const p of ps) {
      p.grad = p.detach().clone();
      loss += 0.5 * p.square().sum().item();
    }
    return loss;
  };
}

const entries = await allEntries();
const numel = ROWS * COLS + COLS;
console.log(`| optimizer | options | stateBytes() | bytes / param |`);
console.log(`|---|---|---:|---:|`);
for (const entry of entries) {
  const options = entry.needsClosure ? { maxIter: 3 } : entry.optionGrid[0];
  const ps = params();
  const opt = entry.make(ps, options);
  if (entry.needsClosure) opt.step(closureFor(ps));
  else {
    ps.forEach((p) => (p.grad = p.fullLike(0.001)));
    opt.step();
  }
  const bytes = opt.stateBytes();
  console.log(`| ${entry.name} | \`${JSON.stringify(options)}\` | ${bytes.toLocaleString('en-US')} | ${(bytes / numel).toFixed(3)} |`);
  // SGD's interesting configuration is with momentum (without it SGD keeps no state)
  if (entry.name === 'SGD') {
    const q = params();
    const withMomentum = entry.make(q, { momentum: 0.9 });
    q.forEach((p) => (p.grad = p.fullLike(0.001)));
    withMomentum.step();
    const b = withMomentum.stateBytes();
    console.log(`| SGD | \`{"momentum":0.9}\` | ${b.toLocaleString('en-US')} | ${(b / numel).toFixed(3)} |`);
  }
}
