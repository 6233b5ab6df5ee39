/**
 * Reductions along one axis of a tensor viewed as [outer, len, inner]: one output cell per
 * (outer, inner) pair, looping over `len`. Long sums/products/extrema split into two passes over
 * √len-sized chunks, which keeps per-cell loops short (GL) and sums pairwise-ish (float32 accuracy).
 */
import type { ReduceOp } from '../backend.js';
import type { Built } from './elementwise.js';
import { decompose } from './indexing.js';

/** Above this length a reduction runs as two passes. */
export const SPLIT_LEN = 4096;

function loopBody(op: ReduceOp, read: (j: string) => string, len: number): string {
  switch (op) {
    case 'sum':
    case 'prod': {
      const isSum = op === 'sum';
      return (
        `let acc = ${isSum ? 0 : 1};\n` +
        `for (let j = 0; j < ${len}; j++) {\nacc = acc ${isSum ? '+' : '*'} ${read('j')};\n}\n` +
        'return acc;\n'
      );
    }
    default: {
      const isMax = op === 'max' || op === 'amaxIndex';
      const wantIndex = op === 'amaxIndex' || op === 'aminIndex';
      // NaN wins (propagates) and the first extremum wins ties, as in the cpu reference.
      return (
        `let best = ${read('0')};\nlet bi = 0;\n` +
        'if (best === best) {\n' +
        `for (let j = 1; j < ${len}; j++) {\n` +
        `const x = ${read('j')};\n` +
        'if (x !== x) {\nbest = x;\nbi = j;\nbreak;\n}\n' +
        `if (x ${isMax ? '>' : '<'} best) {\nbest = x;\nbi = j;\n}\n` +
        '}\n}\n' +
        `return ${wantIndex ? 'bi' : 'best'};\n`
      );
    }
  }
}

/** One pass: out[o, i] = op over j of a[o, j, i]. */
export function reduceKernel(op: ReduceOp, outer: number, len: number, inner: number): Built {
  return {
    key: `reduce:${op}:${outer}:${len}:${inner}`,
    spec: () => {
      const decl = decompose('this.thread.x', [outer, inner]);
      const base = `c0 * ${len * inner} + c1`;
      const read = (j: string) => (j === '0' ? `a[${base}]` : inner === 1 ? `a[${base} + ${j}]` : `a[${base} + ${j} * ${inner}]`);
      return {
        source: `function (a) {\n${decl}${loopBody(op, read, len)}}`,
        outSize: outer * inner,
        what: `reduce '${op}' over [${outer},${len},${inner}] axis 1`,
      };
    },
  };
}

/**
 * The two-pass plan for a long reduction: pass 1 reduces chunks of `chunk` (the last one padded
 * by the op's identity) into [outer, chunks, inner]; pass 2 reduces that along the chunks axis.
 */
export function splitPlan(len: number): { chunk: number; chunks: number } {
  const chunk = Math.ceil(Math.sqrt(len));
  return { chunk, chunks: Math.ceil(len / chunk) };
}

export function reduceChunksKernel(op: 'sum' | 'prod' | 'max' | 'min', outer: number, len: number, inner: number): Built {
  const { chunk, chunks } = splitPlan(len);
  return {
    key: `reduceChunks:${op}:${outer}:${len}:${inner}`,
    spec: () => {
      const decl = decompose('this.thread.x', [outer, chunks, inner]);
      const base = `c0 * ${len * inner} + c1 * ${chunk * inner} + c2`;
      // The last chunk is shorter: past the end, read the first element of the chunk again, which
      // leaves max/min unchanged, and mask it to the identity for sum/prod.
      const idx = (j: string) => `(c1 * ${chunk} + ${j} < ${len} ? ${base} + ${j} * ${inner} : ${base})`;
      const read = (j: string) => {
        if (op === 'sum') return `(c1 * ${chunk} + ${j} < ${len} ? a[${base} + ${j} * ${inner}] : 0)`;
        if (op === 'prod') return `(c1 * ${chunk} + ${j} < ${len} ? a[${base} + ${j} * ${inner}] : 1)`;
        return `a[${idx(j)}]`;
      };
      return {
        source: `function (a) {\n${decl}${loopBody(op, read, chunk)}}`,
        outSize: outer * chunks * inner,
        what: `reduce '${op}' (pass 1 of 2) over [${outer},${len},${inner}] axis 1`,
      };
    },
  };
}
