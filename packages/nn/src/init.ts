/**
 * nn.init: in-place initialisers with torch.nn.init's names, formulas and defaults. All run under
 * noGrad and draw from core's default generator unless given one, so `manualSeed` makes them
 * reproducible.
 */
import { ArgumentError, ShapeError, Tensor, defaultGenerator, noGrad, type Generator } from '@gradstack/core';

export type Nonlinearity =
  | 'linear' | 'conv1d' | 'conv2d' | 'conv3d' | 'conv_transpose1d' | 'conv_transpose2d' | 'conv_transpose3d'
  | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'leakyRelu' | 'selu';

export type FanMode = 'fan_in' | 'fan_out' | 'fanIn' | 'fanOut';

/** The recommended gain for a nonlinearity (torch.nn.init.calculate_gain). */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  switch (nonlinearity) {
    case 'linear': case 'conv1d': case 'conv2d': case 'conv3d':
    case 'conv_transpose1d': case 'conv_transpose2d': case 'conv_transpose3d': case 'sigmoid':
      return 1;
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leaky_relu': case 'leakyRelu': {
      const slope = param ?? 0.01;
      if (typeof slope !== 'number' || !Number.isFinite(slope)) throw new ArgumentError(`calculateGain: negative slope ${slope} is not a valid number`);
      return Math.sqrt(2 / (1 + slope * slope));
    }
    case 'selu':
      return 3 / 4;
    default:
      throw new ArgumentError(`calculateGain: unsupported nonlinearity '${String(nonlinearity)}'`);
  }
}

/** [fanIn, fanOut] of a weight laid out as [out, in, ...kernel] (PyTorch's convention). */
export function calculateFanInAndFanOut(t: Tensor): [number, number] {
  if (t.ndim < 2) throw new ShapeError(`init: fan in and fan out can not be computed for a tensor with fewer than 2 dims (shape [${t.shape.join(',')}])`);
  const receptive = t.shape.slice(2).reduce((a, b) => a * b, 1);
  return [t.shape[1] * receptive, t.shape[0] * receptive];
}

function fanOf(t: Tensor, mode: FanMode): number {
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  if (mode === 'fan_in' || mode === 'fanIn') return fanIn;
  if (mode === 'fan_out' || mode === 'fanOut') return fanOut;
  throw new ArgumentError(`init: mode '${String(mode)}' not supported, use 'fan_in' or 'fan_out'`);
}

export function uniform_(t: Tensor, a = 0, b = 1, generator: Generator = defaultGenerator): Tensor {
  return noGrad(() => t.uniform_(a, b, generator));
}

export function normal_(t: Tensor, mean = 0, std = 1, generator: Generator = defaultGenerator): Tensor {
  return noGrad(() => t.normal_(mean, std, generator));
}

export function constant_(t: Tensor, value: number): Tensor {
  return noGrad(() => t.fill_(value));
}

export function zeros_(t: Tensor): Tensor {
  return constant_(t, 0);
}

export function ones_(t: Tensor): Tensor {
  return constant_(t, 1);
}

export interface GainOptions {
  gain?: number;
  generator?: Generator;
}

function gainOpts(x: number | GainOptions | undefined): Required<GainOptions> {
  if (typeof x === 'number') return { gain: x, generator: defaultGenerator };
  return { gain: x?.gain ?? 1, generator: x?.generator ?? defaultGenerator };
}

/** Glorot uniform: U(−a, a), a = gain·√(6 / (fanIn + fanOut)). */
export function xavierUniform_(t: Tensor, gain?: number | GainOptions): Tensor {
  const o = gainOpts(gain);
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  const a = Math.sqrt(3) * o.gain * Math.sqrt(2 / (fanIn + fanOut));
  return uniform_(t, -a, a, o.generator);
}

/** Glorot normal: N(0, std²), std = gain·√(2 / (fanIn + fanOut)). */
export function xavierNormal_(t: Tensor, gain?: number | GainOptions): Tensor {
  const o = gainOpts(gain);
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  return normal_(t, 0, o.gain * Math.sqrt(2 / (fanIn + fanOut)), o.generator);
}

export interface KaimingOptions {
  /** Negative slope of the rectifier after this layer (used with 'leaky_relu'). Default 0. */
  a?: number;
  mode?: FanMode;
  nonlinearity?: Nonlinearity;
  generator?: Generator;
}

function kaimingStd(t: Tensor, aOrOpts: number | KaimingOptions | undefined, mode?: FanMode, nonlinearity?: Nonlinearity): { std: number; generator: Generator } {
  const o: KaimingOptions = typeof aOrOpts === 'number' ? { a: aOrOpts, mode, nonlinearity } : { mode, nonlinearity, ...aOrOpts };
  const fan = fanOf(t, o.mode ?? 'fan_in');
  const gain = calculateGain(o.nonlinearity ?? 'leaky_relu', o.a ?? 0);
  return { std: gain / Math.sqrt(fan), generator: o.generator ?? defaultGenerator };
}

/** He uniform: U(−b, b), b = gain·√(3 / fan). `kaimingUniform_(w, Math.sqrt(5))` is Linear's default. */
export function kaimingUniform_(t: Tensor, a?: number | KaimingOptions, mode?: FanMode, nonlinearity?: Nonlinearity): Tensor {
  const { std, generator } = kaimingStd(t, a, mode, nonlinearity);
  const bound = Math.sqrt(3) * std;
  return uniform_(t, -bound, bound, generator);
}

/** He normal: N(0, std²), std = gain / √fan. */
export function kaimingNormal_(t: Tensor, a?: number | KaimingOptions, mode?: FanMode, nonlinearity?: Nonlinearity): Tensor {
  const { std, generator } = kaimingStd(t, a, mode, nonlinearity);
  return normal_(t, 0, std, generator);
}

/**
 * A (semi-)orthogonal matrix, as torch.nn.init.orthogonal_: QR of a Gaussian matrix with the
 * signs fixed so R's diagonal is positive (the Haar-distributed Q), times `gain`. Trailing dims
 * are flattened. The QR runs on the host in float64 (modified Gram–Schmidt).
 */
export function orthogonal_(t: Tensor, gain?: number | GainOptions): Tensor {
  const o = gainOpts(gain);
  if (t.ndim < 2) throw new ShapeError(`orthogonal_: only tensors with 2 or more dimensions are supported, got shape [${t.shape.join(',')}]`);
  if (t.numel === 0) return t;
  const rows = t.shape[0];
  const cols = t.numel / rows;
  // Work on the tall orientation (m ≥ n) so the columns can be orthonormalised.
  const m = Math.max(rows, cols);
  const n = Math.min(rows, cols);
  const a = new Float64Array(m * n); // column-major: column j at a[j*m ... j*m+m)
  for (let i = 0; i < a.length; i++) a[i] = o.generator.normal();
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < j; k++) {
      let dot = 0;
      for (let i = 0; i < m; i++) dot += a[k * m + i] * a[j * m + i];
      for (let i = 0; i < m; i++) a[j * m + i] -= dot * a[k * m + i];
    }
    let nrm = 0;
    for (let i = 0; i < m; i++) nrm += a[j * m + i] * a[j * m + i];
    nrm = Math.sqrt(nrm);
    for (let i = 0; i < m; i++) a[j * m + i] /= nrm;
  }
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      // Tall case: Q is rows×cols with column c = a's column c; wide case: the transpose.
      out[r * cols + c] = o.gain * (rows >= cols ? a[c * m + r] : a[r * m + c]);
    }
  }
  const q = new Tensor(t.backend.fromTyped(out), [...t.shape], 'float64', t.backend);
  return noGrad(() => t.copy_(q));
}
