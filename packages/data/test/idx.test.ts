import { describe, expect, it } from 'vitest';
import { IdxFormatError, parseIdx } from '../src/index.js';

/** Builds an IDX buffer: magic 0x0000TTDD, big-endian dims, then the payload bytes. */
function idx(typeCode: number, dims: number[], payload: number[]): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + payload.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, (typeCode << 8) | dims.length, false);
  dims.forEach((d, k) => view.setUint32(4 + 4 * k, d, false));
  out.set(payload, 4 + 4 * dims.length);
  return out;
}

describe('parseIdx', () => {
  it('reads the MNIST magic numbers, big-endian dims and ubyte data', () => {
    const labels = parseIdx(idx(0x08, [3], [7, 2, 1]), { expectedMagic: 2049 });
    expect(labels.magic).toBe(2049);
    expect(labels.dims).toEqual([3]);
    expect(Array.from(labels.data)).toEqual([7, 2, 1]);
    const images = parseIdx(idx(0x08, [2, 2, 3], Array.from({ length: 12 }, (_, k) => k * 20)), { expectedMagic: 2051 });
    expect(images.magic).toBe(2051);
    expect(images.dims).toEqual([2, 2, 3]);
    expect(images.data[11]).toBe(220);
  });

  it('decodes big-endian wider types', () => {
    const buf = idx(0x0b, [2], [0x01, 0x02, 0xff, 0xfe]);
    expect(Array.from(parseIdx(buf).data)).toEqual([0x0102, -2]);
    const f = new Uint8Array(4);
    new DataView(f.buffer).setFloat32(0, 1.5, false);
    expect(Array.from(parseIdx(idx(0x0d, [1], Array.from(f))).data)).toEqual([1.5]);
  });

  it('rejects truncated, padded, wrong-magic and non-IDX input with a clear error', () => {
    const good = idx(0x08, [2, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8]);
    expect(() => parseIdx(good.subarray(0, 20), { name: 'images' })).toThrow(/images: file truncated — header says ubyte \[2, 2, 2\] = 24 bytes in all, the file has 20/);
    expect(() => parseIdx(good.subarray(0, 8))).toThrow(/truncated header — 3 dims need 16 bytes/);
    expect(() => parseIdx(good.subarray(0, 2))).toThrow(/too short for an IDX header/);
    expect(() => parseIdx(Uint8Array.from([...good, 0]))).toThrow(/trailing bytes/);
    expect(() => parseIdx(good, { expectedMagic: 2049, name: 'labels' })).toThrow(/labels: wrong magic number 2051 \(0x00000803\), expected 2049/);
    expect(() => parseIdx(Uint8Array.from([0x1f, 0x8b, 8, 0, 0, 0]))).toThrow(IdxFormatError);
    expect(() => parseIdx(idx(0x07, [1], [0]))).toThrow(/not an IDX header/);
  });
});
