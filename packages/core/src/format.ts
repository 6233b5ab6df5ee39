/** PyTorch-like printing: `tensor([[1.0000, 2.5000], [3.0000, 4.0000]], requires_grad=True)`. */
import type { TypedArray } from './dtype.js';
import type { Tensor } from './tensor.js';

export function formatTensor(t: Tensor): string {
  if (t.backend.asyncOnly) {
    // Printing must not throw, and the values cannot be read synchronously here: say where they are.
    return `tensor(<${t.numel} values on the device, read with await t.dataAsync()>, shape=[${t.shape.join(',')}], dtype=${t.dtype}, backend=${t.backend.name})`;
  }
  const data = t.data();
  const raw = makeFormatter(data, t.dtype === 'int32');
  // Every element padded to the widest finite one, so columns line up as in PyTorch.
  let width = 0;
  for (let i = 0; i < data.length; i++) if (Number.isFinite(data[i])) width = Math.max(width, raw(data[i]).length);
  const fmt = (x: number) => raw(x).padStart(width);
  const body = t.ndim === 0 ? fmt(data[0]) : formatDim(data, t.shape, 0, 0, fmt, 'tensor('.length);
  const extras: string[] = [];
  if (t.dtype !== 'float32' && t.dtype !== 'int32') extras.push(`dtype=${t.dtype}`);
  if (t.dtype === 'int32') extras.push('dtype=int32');
  if (t.gradFn) extras.push(`grad_fn=<${t.gradFn.name}>`);
  else if (t.requiresGrad) extras.push('requires_grad=True');
  return `tensor(${body}${extras.length ? ', ' + extras.join(', ') : ''})`;
}

function makeFormatter(data: TypedArray, isInt: boolean): (x: number) => string {
  if (isInt) return (x) => String(x);
  let allInt = true;
  let maxAbs = 0;
  let minAbs = Infinity;
  for (let i = 0; i < data.length; i++) {
    const x = data[i];
    if (!Number.isFinite(x)) continue;
    if (!Number.isInteger(x)) allInt = false;
    const a = Math.abs(x);
    if (a > maxAbs) maxAbs = a;
    if (a !== 0 && a < minAbs) minAbs = a;
  }
  const special = (x: number) => (Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf');
  if (allInt && maxAbs < 1e8 && !(maxAbs / minAbs > 1000)) return (x) => (Number.isFinite(x) ? `${x}.` : special(x));
  const sci = maxAbs >= 1e8 || (minAbs < 1e-4 && minAbs !== Infinity) || maxAbs / minAbs > 1000;
  if (sci) return (x) => (Number.isFinite(x) ? x.toExponential(4).replace(/e([+-])(\d)$/, 'e$10$2') : special(x));
  return (x) => (Number.isFinite(x) ? x.toFixed(4) : special(x));
}

function formatDim(data: TypedArray, shape: readonly number[], dim: number, offset: number, fmt: (x: number) => string, indent: number): string {
  const n = shape[dim];
  const stride = shape.slice(dim + 1).reduce((a, b) => a * b, 1);
  const parts: string[] = [];
  const summarise = n > 6 && data.length > 1000;
  for (let i = 0; i < n; i++) {
    if (summarise && i === 3) {
      parts.push(dim === shape.length - 1 ? ' ...' : '...'); // PyTorch's spacing
      i = n - 4;
      continue;
    }
    parts.push(dim === shape.length - 1 ? fmt(data[offset + i]) : formatDim(data, shape, dim + 1, offset + i * stride, fmt, indent + 1));
  }
  if (dim === shape.length - 1) return `[${parts.join(', ')}]`;
  const sep = ',' + '\n'.repeat(shape.length - dim - 1) + ' '.repeat(indent + 1);
  return `[${parts.join(sep)}]`;
}
