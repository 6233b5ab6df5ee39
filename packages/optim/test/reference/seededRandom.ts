/** A tiny seeded generator (mulberry32 + Box–Muller) so fixtures regenerate bit-identically. */

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Normal samples quantised to multiples of 2^-10: exactly representable in float32 and short in JSON,
 * so the fixture's numbers are the numbers the optimizer sees.
 */
export function normalSampler(seed: number, scale = 1): () => number {
  const uniform = mulberry32(seed);
  return () => {
    const u = Math.max(uniform(), 1e-12);
    const v = uniform();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return Math.round(z * scale * 1024) / 1024;
  };
}
