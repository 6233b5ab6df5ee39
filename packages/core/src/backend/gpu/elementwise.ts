/**
 * Elementwise kernels, generated from the same scalar expressions as the cpu backend
 * (cpuKernels.ts), so the two cannot drift: only `H.*` helpers are swapped for device versions.
 * Broadcasting is index arithmetic in the kernel over coalesced dims.
 */
import type { DType } from '../../dtype.js';
import { numelOf, type Shape } from '../../shape.js';
import type { BinaryOp, TernaryOp, UnaryOp } from '../backend.js';
import { BINARY_EXPR, TERNARY_EXPR, UNARY_EXPR } from '../cpuKernels.js';
import { HELPERS, deviceExpr } from './helpers.js';
import { broadcastStrides, coalesce, decompose, offsetExpr, shapeKey } from './indexing.js';
import type { KernelSpec } from './kernelCache.js';

/** Where the device needs a different spelling of a cpuKernels expression (see helpers.ts). */
const BINARY_DEVICE: Partial<Record<BinaryOp, { expr: string; functions: string[] }>> = {
  fmod: { expr: 'gsFmod(x, y)', functions: [HELPERS.gsFmod] },
};

function binaryExpr(op: BinaryOp): { expr: string; functions: string[] } {
  const d = BINARY_DEVICE[op];
  return d ? { expr: d.expr, functions: [...d.functions] } : deviceExpr(BINARY_EXPR[op]);
}

export interface Built {
  key: string;
  spec: () => KernelSpec;
}

/** Int32 outputs are stored as floats on the device; this applies Int32Array's truncation. */
function finish(expr: string, outDtype: DType, functions: string[]): string {
  if (outDtype !== 'int32') return expr;
  functions.push(HELPERS.gsToInt);
  return `gsToInt(${expr})`;
}

export function unaryKernel(op: UnaryOp, size: number, outDtype: DType): Built {
  return {
    key: `unary:${op}:${size}:${outDtype}`,
    spec: () => {
      const { expr, functions } = deviceExpr(UNARY_EXPR[op]);
      const body = finish(expr, outDtype, functions);
      return {
        source: `function (a, p1, p2) {\nconst x = a[this.thread.x];\nreturn ${body};\n}`,
        outSize: size,
        functions,
        what: `unary '${op}' on [${size}]`,
      };
    },
  };
}

/** Per-operand flat offsets for `outShape`, plus the decomposition they need. */
function broadcastIndex(shapes: readonly Shape[], outShape: Shape): { decl: string; offsets: string[] } {
  const n = numelOf(outShape);
  // The common fast paths: same-size operands read at i, single elements at 0.
  if (shapes.every((s) => numelOf(s) === n || numelOf(s) === 1)) {
    return { decl: '', offsets: shapes.map((s) => (numelOf(s) === n ? 'i' : '0')) };
  }
  const { dims, strides } = coalesce(outShape, shapes.map((s) => broadcastStrides(s, outShape)));
  return { decl: decompose('i', dims), offsets: strides.map((s) => offsetExpr(s)) };
}

export function binaryKernel(op: BinaryOp, aShape: Shape, bShape: Shape, outShape: Shape, outDtype: DType): Built {
  return {
    key: `binary:${op}:${shapeKey(aShape)}:${shapeKey(bShape)}:${shapeKey(outShape)}:${outDtype}`,
    spec: () => {
      const { decl, offsets } = broadcastIndex([aShape, bShape], outShape);
      const { expr, functions } = binaryExpr(op);
      const body = finish(expr, outDtype, functions);
      return {
        source: `function (a, b) {\nconst i = this.thread.x;\n${decl}const x = a[${offsets[0]}];\nconst y = b[${offsets[1]}];\nreturn ${body};\n}`,
        outSize: numelOf(outShape),
        functions,
        what: `binary '${op}' on [${aShape}] and [${bShape}] -> [${outShape}]`,
      };
    },
  };
}

export function binaryScalarKernel(op: BinaryOp, reversed: boolean, size: number, outDtype: DType): Built {
  return {
    key: `binaryScalar:${op}:${reversed}:${size}:${outDtype}`,
    spec: () => {
      const { expr, functions } = binaryExpr(op);
      const body = finish(expr, outDtype, functions);
      const load = reversed ? 'const x = s;\nconst y = a[this.thread.x];' : 'const x = a[this.thread.x];\nconst y = s;';
      return {
        source: `function (a, s) {\n${load}\nreturn ${body};\n}`,
        outSize: size,
        functions,
        what: `binary '${op}' with a scalar on [${size}]`,
      };
    },
  };
}

export function ternaryKernel(op: TernaryOp, aShape: Shape, bShape: Shape, cShape: Shape, outShape: Shape, outDtype: DType): Built {
  return {
    key: `ternary:${op}:${shapeKey(aShape)}:${shapeKey(bShape)}:${shapeKey(cShape)}:${shapeKey(outShape)}:${outDtype}`,
    spec: () => {
      const { decl, offsets } = broadcastIndex([aShape, bShape, cShape], outShape);
      const { expr, functions } = deviceExpr(TERNARY_EXPR[op]);
      const body = finish(expr, outDtype, functions);
      return {
        source:
          `function (a, b, c, v) {\nconst i = this.thread.x;\n${decl}const x = a[${offsets[0]}];\n` +
          `const y = b[${offsets[1]}];\nconst z = c[${offsets[2]}];\nreturn ${body};\n}`,
        outSize: numelOf(outShape),
        functions,
        what: `ternary '${op}' on [${aShape}], [${bShape}], [${cShape}] -> [${outShape}]`,
      };
    },
  };
}

/** Fill the first `size` elements with the scalar `v`; the rest of `old` is kept. */
export function fillKernel(size: number, total: number): Built {
  return {
    key: `fill:${size}:${total}`,
    spec: () => ({
      source:
        size === total
          ? 'function (v) {\nreturn v;\n}'
          : `function (old, v) {\nconst i = this.thread.x;\nif (i < ${size}) {\nreturn v;\n}\nreturn old[i];\n}`,
      outSize: total,
      what: `fill [${size}] of [${total}]`,
    }),
  };
}

/** dst[0:size] = src[0:size] (truncated when the destination is int32); the rest of dst is kept. */
export function copyKernel(size: number, total: number, toInt: boolean): Built {
  return {
    key: `copy:${size}:${total}:${toInt}`,
    spec: () => {
      const functions = toInt ? [HELPERS.gsToInt] : [];
      const v = toInt ? 'gsToInt(src[i])' : 'src[i]';
      return {
        source:
          size === total
            ? `function (src) {\nconst i = this.thread.x;\nreturn ${v};\n}`
            : `function (src, old) {\nconst i = this.thread.x;\nif (i < ${size}) {\nreturn ${v};\n}\nreturn old[i];\n}`,
        outSize: total,
        functions,
        what: `copy [${size}] into [${total}]${toInt ? ' as int32' : ''}`,
      };
    },
  };
}
