/**
 * Index arithmetic emitted into kernel source. Kernels write a flat output and recover coordinates
 * from `this.thread.x` by division. gpu.js's wasm and GL kernels divide in float32, so each quotient
 * is estimated from (r + 0.5) / S and then corrected by one step, which makes it exact for every
 * index below 2^24 — the per-tensor element limit of this backend (MAX_ELEMENTS).
 */
import { stridesOf, type Shape } from '../../shape.js';

/** Float32 represents every integer up to 2^24 exactly; indices past it would alias. */
export const MAX_ELEMENTS = 2 ** 24;

/** Strides of `shape` aligned to `outShape`'s rank, 0 on broadcast dims (as the cpu backend does). */
export function broadcastStrides(shape: Shape, outShape: Shape): number[] {
  const s = stridesOf(shape);
  const off = outShape.length - shape.length;
  const r = new Array<number>(outShape.length).fill(0);
  for (let i = 0; i < shape.length; i++) r[i + off] = shape[i] === 1 ? 0 : s[i];
  return r;
}

/**
 * Merges adjacent output dims wherever every operand walks them as one (stride[d] = stride[d+1] ·
 * dims[d+1]) and drops size-1 dims, so a broadcast over [64,1,32] vs [64,8,32] costs one division
 * per coordinate actually needed. Returns the reduced dims and each operand's strides over them.
 */
export function coalesce(dims: readonly number[], strides: readonly (readonly number[])[]): { dims: number[]; strides: number[][] } {
  const outDims: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let d = 0; d < dims.length; d++) {
    if (dims[d] === 1) continue;
    const last = outDims.length - 1;
    const mergeable = last >= 0 && strides.every((s, k) => outStrides[k][last] === s[d] * dims[d]);
    if (mergeable) {
      outDims[last] *= dims[d];
      strides.forEach((s, k) => (outStrides[k][last] = s[d]));
    } else {
      outDims.push(dims[d]);
      strides.forEach((s, k) => outStrides[k].push(s[d]));
    }
  }
  return { dims: outDims, strides: outStrides };
}

/**
 * Source declaring `c0..c{n-1}`, the row-major coordinates of the flat index `src` over `dims`.
 * `tag` keeps variable names unique when a kernel decomposes twice.
 */
export function decompose(src: string, dims: readonly number[], tag = 'c'): string {
  const n = dims.length;
  if (n === 0) return '';
  if (n === 1) return `const ${tag}0 = ${src};\n`;
  let code = `let ${tag}r = ${src};\n`;
  let span = dims.reduce((a, b) => a * b, 1);
  for (let d = 0; d < n - 1; d++) {
    span /= dims[d];
    if (span === 1) {
      code += `let ${tag}${d} = ${tag}r;\n${tag}r = 0;\n`;
      continue;
    }
    code +=
      `let ${tag}${d} = Math.floor((${tag}r + 0.5) / ${span});\n` +
      `${tag}r = ${tag}r - ${tag}${d} * ${span};\n` +
      `if (${tag}r < 0) { ${tag}${d} = ${tag}${d} - 1; ${tag}r = ${tag}r + ${span}; }\n` +
      `if (${tag}r >= ${span}) { ${tag}${d} = ${tag}${d} + 1; ${tag}r = ${tag}r - ${span}; }\n`;
  }
  code += `const ${tag}${n - 1} = ${tag}r;\n`;
  return code;
}

/** `base + Σ c_d · stride_d` as source, skipping zero strides. */
export function offsetExpr(strides: readonly number[], tag = 'c', base = 0): string {
  const terms: string[] = base ? [String(base)] : [];
  strides.forEach((s, d) => {
    if (s === 0) return;
    terms.push(s === 1 ? `${tag}${d}` : `${tag}${d} * ${s}`);
  });
  return terms.length ? terms.join(' + ') : '0';
}

export function shapeKey(s: Shape): string {
  return s.join('x');
}
