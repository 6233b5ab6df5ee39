/**
 * Data-movement kernels: permute, slice/sliceAssign, indexSelect/indexAdd, gather/scatter, triangle.
 * Every kernel computes its output cell by reading ("gather" form): the adjoint ops (indexAdd,
 * scatter) loop over the index in order, so duplicate indices add up, or the last write wins,
 * exactly as the cpu backend's sequential loops do.
 */
import { numelOf, stridesOf, type Shape } from '../../shape.js';
import type { Built } from './elementwise.js';
import { coalesce, decompose, offsetExpr, shapeKey } from './indexing.js';

export function permuteKernel(shape: Shape, perm: readonly number[]): Built {
  return {
    key: `permute:${shapeKey(shape)}:${perm.join(',')}`,
    spec: () => {
      const inStrides = stridesOf(shape);
      const outShape = perm.map((p) => shape[p]);
      const { dims, strides } = coalesce(outShape, [perm.map((p) => inStrides[p])]);
      return {
        source: `function (a) {\n${decompose('this.thread.x', dims)}return a[${offsetExpr(strides[0])}];\n}`,
        outSize: numelOf(shape),
        what: `permute [${shape}] by (${perm})`,
      };
    },
  };
}

/** out[o, j, i] = a[o, start + j, i]. */
export function sliceKernel(outer: number, dimSize: number, inner: number, start: number, length: number): Built {
  return {
    key: `slice:${outer}:${dimSize}:${inner}:${start}:${length}`,
    spec: () => ({
      source: `function (a) {\n${decompose('this.thread.x', [outer, length * inner])}return a[c0 * ${dimSize * inner} + ${start * inner} + c1];\n}`,
      outSize: outer * length * inner,
      what: `slice [${outer},${dimSize},${inner}] at ${start}:${start + length}`,
    }),
  };
}

/** out[o, d, i] = src[o, d - start, i] (+ old when accumulating) inside the block, old elsewhere. */
export function sliceAssignKernel(outer: number, dimSize: number, inner: number, start: number, length: number, accumulate: boolean): Built {
  return {
    key: `sliceAssign:${outer}:${dimSize}:${inner}:${start}:${length}:${accumulate}`,
    spec: () => {
      const lo = start * inner;
      const hi = (start + length) * inner;
      const v = `src[c0 * ${length * inner} + c1 - ${lo}]`;
      return {
        source:
          `function (old, src) {\nconst i = this.thread.x;\n${decompose('i', [outer, dimSize * inner])}` +
          `if (c1 >= ${lo} && c1 < ${hi}) {\nreturn ${accumulate ? `old[i] + ${v}` : v};\n}\nreturn old[i];\n}`,
        outSize: outer * dimSize * inner,
        what: `sliceAssign [${outer},${length},${inner}] into [${outer},${dimSize},${inner}] at ${start}${accumulate ? ' (accumulate)' : ''}`,
      };
    },
  };
}

/** out[o, j, i] = a[o, index[j], i]. */
export function indexSelectKernel(outer: number, dimSize: number, inner: number, nIndex: number): Built {
  return {
    key: `indexSelect:${outer}:${dimSize}:${inner}:${nIndex}`,
    spec: () => ({
      source:
        `function (a, index) {\n${decompose('this.thread.x', [outer, nIndex, inner])}` +
        `return a[c0 * ${dimSize * inner} + index[c1] * ${inner} + c2];\n}`,
      outSize: outer * nIndex * inner,
      what: `indexSelect [${nIndex}] indices from [${outer},${dimSize},${inner}]`,
    }),
  };
}

/** out[o, d, i] = old[o, d, i] + Σ_{j : index[j] = d} src[o, j, i], summed in j order. */
export function indexAddKernel(outer: number, dimSize: number, inner: number, nIndex: number): Built {
  return {
    key: `indexAdd:${outer}:${dimSize}:${inner}:${nIndex}`,
    spec: () => ({
      source:
        `function (old, index, src) {\nconst i = this.thread.x;\n${decompose('i', [outer, dimSize, inner])}` +
        `let acc = old[i];\nfor (let j = 0; j < ${nIndex}; j++) {\n` +
        `if (index[j] === c1) {\nacc = acc + src[c0 * ${nIndex * inner} + j * ${inner} + c2];\n}\n}\nreturn acc;\n}`,
      outSize: outer * dimSize * inner,
      what: `indexAdd [${nIndex}] indices into [${outer},${dimSize},${inner}]`,
    }),
  };
}

/** torch.gather: out[f] = a[coords of f with coord `dim` replaced by index[f]]. */
export function gatherKernel(aShape: Shape, dim: number, indexShape: Shape): Built {
  return {
    key: `gather:${shapeKey(aShape)}:${dim}:${shapeKey(indexShape)}`,
    spec: () => {
      const aStr = stridesOf(aShape);
      const terms = indexShape.map((_, d) => (d === dim ? `index[i] * ${aStr[d]}` : `c${d} * ${aStr[d]}`));
      return {
        source: `function (a, index) {\nconst i = this.thread.x;\n${decompose('i', indexShape)}return a[${terms.join(' + ') || '0'}];\n}`,
        outSize: numelOf(indexShape),
        what: `gather along dim ${dim}: [${aShape}] by index [${indexShape}]`,
      };
    },
  };
}

/**
 * torch.scatter/scatter_add into `out` of outShape: an output cell inside the index's extent on
 * every other dim receives src[f] for each position f along `dim` whose index names this cell.
 */
export function scatterKernel(outShape: Shape, dim: number, indexShape: Shape, mode: 'set' | 'add'): Built {
  return {
    key: `scatter:${shapeKey(outShape)}:${dim}:${shapeKey(indexShape)}:${mode}`,
    spec: () => {
      const iStr = stridesOf(indexShape);
      const others = outShape.map((_, d) => d).filter((d) => d !== dim);
      const inside = others.map((d) => `c${d} < ${indexShape[d]}`).join(' && ') || 'true';
      const base = others.map((d) => `c${d} * ${iStr[d]}`).join(' + ') || '0';
      const update = mode === 'add' ? 'acc = acc + src[f];' : 'acc = src[f];';
      return {
        source:
          `function (old, index, src) {\nconst i = this.thread.x;\n${decompose('i', outShape)}let acc = old[i];\n` +
          `if (${inside}) {\nconst fb = ${base};\nfor (let j = 0; j < ${indexShape[dim]}; j++) {\n` +
          `const f = fb + j * ${iStr[dim]};\nif (index[f] === c${dim}) {\n${update}\n}\n}\n}\nreturn acc;\n}`,
        outSize: numelOf(outShape),
        what: `scatter (${mode}) along dim ${dim}: index [${indexShape}] into [${outShape}]`,
      };
    },
  };
}

/** Keeps j − i ≥ k (upper) or j − i ≤ k (lower) of each rows×cols matrix, zero elsewhere. */
export function triangleKernel(batch: number, rows: number, cols: number, k: number, upper: boolean): Built {
  return {
    key: `triangle:${batch}:${rows}:${cols}:${k}:${upper}`,
    spec: () => ({
      source:
        `function (a) {\nconst i = this.thread.x;\n${decompose('i', [batch, rows, cols])}` +
        `if (c2 - c1 ${upper ? '>=' : '<='} ${k}) {\nreturn a[i];\n}\nreturn 0;\n}`,
      outSize: batch * rows * cols,
      what: `triangle (${upper ? 'upper' : 'lower'}, k=${k}) of [${batch},${rows},${cols}]`,
    }),
  };
}
