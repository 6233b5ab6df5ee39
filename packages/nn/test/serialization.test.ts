import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tensor, type DType, type Tensor } from '@gradstack/core';
import { BatchNorm1d, Linear, ReLU, SafetensorsError, Sequential, deserialize, load, save, serialize } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'gradstack-nn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Builds a safetensors file by hand, independently of `serialize`. */
function handMade(header: unknown, data: Uint8Array, lengthOverride?: bigint): Uint8Array {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, lengthOverride ?? BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

const sameTensor = (a: Tensor, b: Tensor) => {
  expect(b.dtype).toBe(a.dtype);
  expect(b.shape).toEqual(a.shape);
  expect(Array.from(b.data())).toEqual(Array.from(a.data()));
};

describe('safetensors format', () => {
  it('writes the documented layout: u64 LE header length, JSON header, LE data', () => {
    const bytes = serialize({ w: tensor([[1, 2], [3, 4]]), i: tensor([7, -1], { dtype: 'int32' }) }, { format: 'pt' });
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    const header = JSON.parse(Buffer.from(bytes.subarray(8, 8 + n)).toString('utf8'));
    expect(header).toEqual({
      __metadata__: { format: 'pt' },
      w: { dtype: 'F32', shape: [2, 2], data_offsets: [0, 16] },
      i: { dtype: 'I32', shape: [2], data_offsets: [16, 24] },
    });
    expect((8 + n) % 8).toBe(0);
    const data = Buffer.from(bytes.subarray(8 + n));
    expect(data.readFloatLE(4)).toBe(2);
    expect(data.readInt32LE(20)).toBe(-1);
  });

  it('reads a hand-built file, including PyTorch int64 buffers and half floats', () => {
    const data = Buffer.alloc(8 + 8 + 4);
    data.writeDoubleLE(1.5, 0);
    data.writeBigInt64LE(42n, 8);
    data.writeUInt16LE(0x3c00, 16); // f16 1.0
    data.writeUInt16LE(0x4049, 18); // bf16 ≈ 3.140625
    const t = deserialize(handMade({
      a: { dtype: 'F64', shape: [], data_offsets: [0, 8] },
      n: { dtype: 'I64', shape: [1], data_offsets: [8, 16] },
      h: { dtype: 'F16', shape: [1], data_offsets: [16, 18] },
      b: { dtype: 'BF16', shape: [1], data_offsets: [18, 20] },
    }, data)).tensors;
    expect(t.a.item()).toBe(1.5);
    expect(t.a.shape).toEqual([]);
    expect(t.n.dtype).toBe('int32');
    expect(t.n.item()).toBe(42);
    expect(t.h.item()).toBe(1);
    expect(t.b.item()).toBeCloseTo(3.140625, 6);
  });

  it('round-trips random tensors of every dtype (property)', () => {
    const dtypes: DType[] = ['float32', 'float64', 'int32'];
    const entry = fc.record({
      dtype: fc.constantFrom(...dtypes),
      shape: fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }),
      seed: fc.integer(),
    });
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }).filter((k) => k !== '__metadata__' && k !== '__proto__'), entry, { maxKeys: 5 }), (spec) => {
        const sd: Record<string, Tensor> = {};
        for (const [k, { dtype, shape, seed }] of Object.entries(spec)) {
          const n = shape.reduce((a, b) => a * b, 1);
          let s = seed >>> 0;
          const vals = Array.from({ length: n }, () => {
            s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
            return dtype === 'int32' ? (s | 0) : (s / 4294967296 - 0.5) * 1e6;
          });
          sd[k] = tensor(vals, { dtype, shape });
        }
        const back = deserialize(serialize(sd)).tensors;
        expect(Object.keys(back).sort()).toEqual(Object.keys(sd).sort());
        for (const k of Object.keys(sd)) sameTensor(sd[k], back[k]);
      }),
      { numRuns: 60 },
    );
  });

  it('save/load round-trips a model state dict through a file', () => {
    const model = new Sequential(new Linear(3, 4), new ReLU(), new BatchNorm1d(4));
    model.forward(tensor([[1, 2, 3], [4, 5, 6]]));
    const path = join(dir, 'model.safetensors');
    save(model.stateDict(), path);
    const sd = load(path);
    expect(Object.keys(sd)).toEqual(Object.keys(model.stateDict()));
    const fresh = new Sequential(new Linear(3, 4), new ReLU(), new BatchNorm1d(4));
    fresh.loadStateDict(sd);
    for (const [k, v] of Object.entries(model.stateDict())) sameTensor(v, fresh.stateDict()[k]);
  });

  it('writes atomically: no temp file is left and a failed write keeps the old file', () => {
    const path = join(dir, 'ckpt.safetensors');
    save({ a: tensor([1]) }, path);
    const before = readFileSync(path);
    expect(() => save({ a: 'not a tensor' as unknown as Tensor }, path)).toThrow(SafetensorsError);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(() => save({ a: tensor([2]) }, join(dir, 'missing-dir', 'x.safetensors'))).toThrow();
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    save({ a: tensor([3]) }, path);
    expect(load(path).a.item()).toBe(3);
  });
});

describe('malformed files are rejected with a clear error', () => {
  const good = serialize({ a: tensor([1, 2]), b: tensor([3]) });
  const f32 = (vals: number[]) => new Uint8Array(new Float32Array(vals).buffer);
  const cases: [string, Uint8Array, RegExp][] = [
    ['empty file', new Uint8Array(0), /truncated/],
    ['truncated header length', good.subarray(0, 5), /truncated/],
    ['header length past the end', handMade({}, new Uint8Array(0), 1000n), /past the end/],
    ['absurd header length', handMade({}, new Uint8Array(0), 1n << 60n), /too large/],
    ['truncated data', good.subarray(0, good.length - 2), /out of range|truncated/],
    ['header is not JSON', (() => { const b = handMade({ a: 1 }, new Uint8Array(0)); b[8] = 0x7b; b[9] = 0x7b; return b; })(), /not valid/],
    ['header is an array', handMade([1, 2], new Uint8Array(0)), /JSON object/],
    ['unknown dtype', handMade({ a: { dtype: 'C64', shape: [1], data_offsets: [0, 8] } }, new Uint8Array(8)), /unknown or unsupported dtype "C64"/],
    ['overlapping offsets', handMade({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] } }, f32([1, 2, 3])), /overlap/],
    ['offsets out of range', handMade({ a: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }, f32([1, 2])), /out of range/],
    ['offsets disagree with the shape', handMade({ a: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, f32([1, 2])), /needs 12 bytes/],
    ['gap between tensors', handMade({ a: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, f32([1, 2])), /gap/],
    ['trailing bytes', handMade({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, f32([1, 2])), /trailing/],
    ['negative shape', handMade({ a: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, f32([1])), /invalid shape/],
    ['bad offsets', handMade({ a: { dtype: 'F32', shape: [1], data_offsets: [4, 0] } }, f32([1])), /invalid data_offsets/],
    ['int64 out of int32 range', (() => { const d = Buffer.alloc(8); d.writeBigInt64LE(1n << 40n); return handMade({ a: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, d); })(), /does not fit/],
  ];

  it.each(cases)('%s', (_name, bytes, message) => {
    expect(() => deserialize(bytes)).toThrow(SafetensorsError);
    expect(() => deserialize(bytes)).toThrow(message);
  });

  it('load() of a malformed file throws and a model loading from it is unchanged', () => {
    const path = join(dir, 'bad.safetensors');
    writeFileSync(path, good.subarray(0, good.length - 1));
    const lin = new Linear(2, 1);
    const before = Array.from(lin.weight.data());
    expect(() => lin.loadStateDict(load(path))).toThrow(SafetensorsError);
    expect(Array.from(lin.weight.data())).toEqual(before);
    expect(existsSync(path)).toBe(true);
  });

  it('random corruption never crashes with anything but SafetensorsError (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: good.length - 1 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: good.length }), (pos, byte, cut) => {
        const b = good.slice(0, cut);
        if (pos < b.length) b[pos] = byte;
        try {
          deserialize(b);
        } catch (e) {
          expect(e).toBeInstanceOf(SafetensorsError);
        }
      }),
      { numRuns: 200 },
    );
  });
});
