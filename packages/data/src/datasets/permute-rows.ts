/** Row-major gathers the synthetic generators use for scikit-learn's sample and feature shuffles. */

/** out[i] = rows[perm[i]] for a [perm.length, width] matrix. */
export function permuteRows<A extends Float64Array | Int32Array>(data: A, width: number, perm: Int32Array): A {
  const out = new (data.constructor as new (n: number) => A)(data.length);
  for (let i = 0; i < perm.length; i++) out.set(data.subarray(perm[i] * width, (perm[i] + 1) * width), i * width);
  return out;
}

/** out[:, j] = data[:, perm[j]] for a [rows, perm.length] matrix. */
export function permuteColumns(data: Float64Array, width: number, perm: Int32Array): Float64Array {
  const out = new Float64Array(data.length);
  for (let r = 0; r < data.length / width; r++) {
    for (let j = 0; j < width; j++) out[r * width + j] = data[r * width + perm[j]];
  }
  return out;
}
