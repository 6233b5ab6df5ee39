/**
 * Fused optimizer updates: one kernel per parameter computes the new parameter and every state
 * buffer of that element, and writes them as consecutive parts of one output ([parts × n]); the
 * backend then hands each part back to its storage. The update rules are PyTorch's single-tensor
 * loops (shared/specs/optimizers.md) in the same operation order; structural options are baked
 * into the kernel, numeric hyperparameters are kernel arguments, so a learning-rate schedule
 * never recompiles.
 */
import type { Built } from './elementwise.js';
import { decompose } from './indexing.js';

import type { AdamOptions, LionOptions, RmspropOptions, SgdOptions } from '../fusedUpdates.js';

export type { AdamOptions, LionOptions, RmspropOptions, SgdOptions };

export interface FusedUpdate {
  kind: string;
  arrays: string[];
  scalars: Record<string, number>;
  body: string;
  parts: string[];
  /** Structural flags, part of the cache key. */
  flags: string;
}

export function fusedKernel(u: FusedUpdate, n: number): Built {
  const scalarNames = Object.keys(u.scalars);
  return {
    key: `fused:${u.kind}:${u.flags}:${n}`,
    spec: () => {
      const loads = u.arrays.map((a) => `const ${a} = ${a}In[e];\n`).join('');
      const ret = u.parts.map((p, k) => (k < u.parts.length - 1 ? `if (c0 === ${k}) {\nreturn ${p};\n}\n` : `return ${p};\n`)).join('');
      const args = [...u.arrays.map((a) => `${a}In`), ...scalarNames].join(', ');
      return {
        source: `function (${args}) {\n${decompose('this.thread.x', [u.parts.length, n])}const e = c1;\n${loads}${u.body}${ret}}`,
        outSize: u.parts.length * n,
        what: `fused ${u.kind} update (${u.flags}) on [${n}]`,
      };
    },
  };
}

export function sgdUpdate(o: SgdOptions): FusedUpdate {
  const hasMomentum = o.momentum !== 0;
  let body = `let gg = ${o.maximize ? '0 - g' : 'g'};\n`;
  if (o.weightDecay !== 0) body += 'gg = gg + wd * p;\n';
  if (hasMomentum) {
    body += o.firstStep ? 'const bn = gg;\n' : 'const bn = momentum * buf + omd * gg;\n';
    body += o.nesterov ? 'gg = gg + momentum * bn;\n' : 'gg = bn;\n';
  }
  body += 'const pn = p - lr * gg;\n';
  return {
    kind: 'sgd',
    // The first momentum step never reads the buffer, which may not exist yet.
    arrays: hasMomentum && !o.firstStep ? ['p', 'g', 'buf'] : ['p', 'g'],
    scalars: { lr: o.lr, wd: o.weightDecay, momentum: o.momentum, omd: 1 - o.dampening },
    body,
    parts: hasMomentum ? ['pn', 'bn'] : ['pn'],
    flags: `m${+hasMomentum}n${+o.nesterov}x${+o.maximize}w${+(o.weightDecay !== 0)}f${+(hasMomentum && o.firstStep)}`,
  };
}

export function adamUpdate(o: AdamOptions): FusedUpdate {
  const bc1 = 1 - o.beta1 ** o.step;
  const bc2 = 1 - o.beta2 ** o.step;
  let body = `let gg = ${o.maximize ? '0 - g' : 'g'};\nlet pp = p;\n`;
  if (o.weightDecay !== 0) body += o.decoupled ? 'pp = pp * decay;\n' : 'gg = gg + wd * pp;\n';
  body += 'const mn = m + omb1 * (gg - m);\n';
  body += 'const vn = beta2 * v + omb2 * gg * gg;\n';
  if (o.amsgrad) {
    // torch.maximum: NaN propagates.
    body += 'const vmn = (vmax > vn || vmax !== vmax ? vmax : vn);\n';
    body += 'const denom = Math.sqrt(vmn) / bc2sqrt + eps;\n';
  } else {
    body += 'const denom = Math.sqrt(vn) / bc2sqrt + eps;\n';
  }
  body += 'const pn = pp + negStepSize * (mn / denom);\n';
  return {
    kind: 'adam',
    arrays: o.amsgrad ? ['p', 'g', 'm', 'v', 'vmax'] : ['p', 'g', 'm', 'v'],
    scalars: {
      decay: 1 - o.lr * o.weightDecay, wd: o.weightDecay, omb1: 1 - o.beta1, beta2: o.beta2, omb2: 1 - o.beta2,
      bc2sqrt: Math.sqrt(bc2), eps: o.eps, negStepSize: -(o.lr / bc1),
    },
    body,
    parts: o.amsgrad ? ['pn', 'mn', 'vn', 'vmn'] : ['pn', 'mn', 'vn'],
    flags: `d${+o.decoupled}a${+o.amsgrad}x${+o.maximize}w${+(o.weightDecay !== 0)}`,
  };
}

export function lionUpdate(o: LionOptions): FusedUpdate {
  let body = `const gg = ${o.maximize ? '0 - g' : 'g'};\nlet pp = p;\n`;
  if (o.weightDecay !== 0) body += 'pp = pp * decay;\n';
  body += 'const u = beta1 * m + omb1 * gg;\n';
  body += 'const su = (u > 0 ? 1 : u < 0 ? -1 : u);\n';
  body += 'const pn = pp - lr * su;\n';
  body += 'const mn = beta2 * m + omb2 * gg;\n';
  return {
    kind: 'lion',
    arrays: ['p', 'g', 'm'],
    scalars: { decay: 1 - o.lr * o.weightDecay, lr: o.lr, beta1: o.beta1, omb1: 1 - o.beta1, beta2: o.beta2, omb2: 1 - o.beta2 },
    body,
    parts: ['pn', 'mn'],
    flags: `x${+o.maximize}w${+(o.weightDecay !== 0)}`,
  };
}

export function rmspropUpdate(o: RmspropOptions): FusedUpdate {
  const hasMomentum = o.momentum > 0;
  let body = `let gg = ${o.maximize ? '0 - g' : 'g'};\n`;
  if (o.weightDecay !== 0) body += 'gg = gg + wd * p;\n';
  body += 'const sn = alpha * sq + oma * gg * gg;\n';
  if (o.centered) {
    body += 'const gan = gavg + oma * (gg - gavg);\n';
    body += 'const avg = Math.sqrt(sn - gan * gan) + eps;\n';
  } else {
    body += 'const avg = Math.sqrt(sn) + eps;\n';
  }
  if (hasMomentum) {
    body += 'const bn = momentum * buf + gg / avg;\n';
    body += 'const pn = p - lr * bn;\n';
  } else {
    body += 'const pn = p - lr * (gg / avg);\n';
  }
  const arrays = ['p', 'g', 'sq'];
  const parts = ['pn', 'sn'];
  if (hasMomentum) {
    arrays.push('buf');
    parts.push('bn');
  }
  if (o.centered) {
    arrays.push('gavg');
    parts.push('gan');
  }
  return {
    kind: 'rmsprop',
    arrays,
    scalars: { lr: o.lr, wd: o.weightDecay, alpha: o.alpha, oma: 1 - o.alpha, eps: o.eps, momentum: o.momentum },
    body,
    parts,
    flags: `m${+hasMomentum}c${+o.centered}x${+o.maximize}w${+(o.weightDecay !== 0)}`,
  };
}
