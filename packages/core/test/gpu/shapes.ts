/** fast-check arbitraries for shapes and broadcast-compatible operand shapes. */
import fc from 'fast-check';

export const shapeArb = (maxRank = 4, maxDim = 5): fc.Arbitrary<number[]> =>
  fc.array(fc.integer({ min: 1, max: maxDim }), { minLength: 0, maxLength: maxRank });

/** An operand shape that broadcasts to `out`: a suffix of it with some dims set to 1. */
export function broadcastOperand(out: number[], drop: number, onesMask: number): number[] {
  const s = out.slice(Math.min(drop, out.length));
  return s.map((d, i) => ((onesMask >> i) & 1 ? 1 : d));
}

/** An output shape and operand shapes that broadcast to it (`k` operands). */
export const broadcastArb = (k: number): fc.Arbitrary<{ out: number[]; operands: number[][] }> =>
  fc
    .tuple(shapeArb(), fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 15 })), { minLength: k, maxLength: k }))
    .map(([out, ops]) => {
      const operands = ops.map(([drop, mask]) => broadcastOperand(out, drop, mask));
      // At least one operand keeps the full shape, so the output shape is what broadcasting gives.
      operands[0] = out.slice();
      return { out, operands };
    })
    .chain(({ out, operands }) => fc.shuffledSubarray(operands, { minLength: k, maxLength: k }).map((ops) => ({ out, operands: ops })));

export const numel = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);
