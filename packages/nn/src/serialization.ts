/**
 * safetensors: an 8-byte little-endian header length N, N bytes of JSON
 * (`{ name: { dtype, shape, data_offsets: [begin, end] }, "__metadata__"?: { str: str } }`), then the
 * raw little-endian tensor bytes, offsets relative to the end of the header. Loading validates
 * everything before building any tensor; saving writes a temp file and renames it into place.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Tensor, fromTyped, type DType, type TypedArray } from '@gradstack/core';

export class SafetensorsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SafetensorsError';
  }
}

const WRITE_DTYPE: Record<DType, string> = { float32: 'F32', float64: 'F64', int32: 'I32' };
/** Bytes per element of every dtype we can read; I64, F16 and BF16 are converted on load. */
const READ_SIZE: Record<string, number> = { F32: 4, F64: 8, I32: 4, I64: 8, F16: 2, BF16: 2 };
const MAX_HEADER = 100_000_000;

export interface SafetensorsFile {
  tensors: Record<string, Tensor>;
  metadata: Record<string, string> | null;
}

/** The file bytes of a state dict. */
export function serialize(stateDict: Record<string, Tensor>, metadata?: Record<string, string>): Uint8Array {
  const header: Record<string, unknown> = {};
  if (metadata) {
    for (const [k, v] of Object.entries(metadata)) if (typeof v !== 'string') throw new SafetensorsError(`save: metadata values must be strings, '${k}' is ${typeof v}`);
    header.__metadata__ = metadata;
  }
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const [name, t] of Object.entries(stateDict)) {
    if (name === '__metadata__') throw new SafetensorsError(`save: '__metadata__' is reserved and cannot name a tensor`);
    if (!(t instanceof Tensor)) throw new SafetensorsError(`save: '${name}' is not a Tensor`);
    const bytes = toLittleEndianBytes(t.data());
    header[name] = { dtype: WRITE_DTYPE[t.dtype], shape: [...t.shape], data_offsets: [offset, offset + bytes.length] };
    chunks.push(bytes);
    offset += bytes.length;
  }
  let json = JSON.stringify(header);
  // Pad with spaces so the data starts 8-byte aligned (as the reference writer does).
  const raw = Buffer.byteLength(json, 'utf8');
  json += ' '.repeat((8 - ((8 + raw) % 8)) % 8);
  const headerBytes = Buffer.from(json, 'utf8');
  const out = new Uint8Array(8 + headerBytes.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let pos = 8 + headerBytes.length;
  for (const c of chunks) {
    out.set(c, pos);
    pos += c.length;
  }
  return out;
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function toLittleEndianBytes(a: TypedArray): Uint8Array {
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  if (littleEndian) return bytes;
  const copy = new Uint8Array(bytes);
  const w = a.BYTES_PER_ELEMENT;
  for (let i = 0; i < copy.length; i += w) copy.subarray(i, i + w).reverse();
  return copy;
}

interface Entry {
  name: string;
  dtype: string;
  shape: number[];
  begin: number;
  end: number;
}

/** Parses and validates safetensors bytes: a SafetensorsError for any malformed input, nothing built. */
export function deserialize(input: Uint8Array): SafetensorsFile {
  // A plain Uint8Array view: Node Buffers override slice() to share memory (and may sit in a pool).
  const bytes = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  if (bytes.length < 8) throw new SafetensorsError(`load: file is truncated (${bytes.length} bytes; the 8-byte header length is missing)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER)) throw new SafetensorsError(`load: header length ${n} is too large (limit ${MAX_HEADER} bytes)`);
  const headerLen = Number(n);
  if (8 + headerLen > bytes.length) throw new SafetensorsError(`load: header length ${headerLen} runs past the end of the file (${bytes.length} bytes)`);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLen)));
  } catch (e) {
    throw new SafetensorsError(`load: the header is not valid UTF-8 JSON (${(e as Error).message})`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) throw new SafetensorsError('load: the header must be a JSON object');
  const dataLen = bytes.length - 8 - headerLen;
  let metadata: Record<string, string> | null = null;
  const entries: Entry[] = [];
  for (const [name, info] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (info === null || typeof info !== 'object' || Object.values(info).some((v) => typeof v !== 'string')) {
        throw new SafetensorsError(`load: __metadata__ must map strings to strings`);
      }
      metadata = info as Record<string, string>;
      continue;
    }
    entries.push(parseEntry(name, info));
  }
  // Offsets must tile the data section exactly: no overlap, no gap, nothing out of range.
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let expected = 0;
  for (const e of sorted) {
    if (e.end > dataLen) throw new SafetensorsError(`load: tensor '${e.name}' data_offsets [${e.begin}, ${e.end}] are out of range (the data section has ${dataLen} bytes)`);
    if (e.begin < expected) throw new SafetensorsError(`load: tensor '${e.name}' data_offsets [${e.begin}, ${e.end}] overlap the previous tensor (which ends at ${expected})`);
    if (e.begin > expected) throw new SafetensorsError(`load: gap in the data section before tensor '${e.name}' (bytes ${expected}..${e.begin} belong to no tensor)`);
    expected = e.end;
  }
  if (expected !== dataLen) throw new SafetensorsError(`load: the data section has ${dataLen} bytes but the tensors cover ${expected} — the file is truncated or has trailing bytes`);
  const start = 8 + headerLen;
  const tensors: Record<string, Tensor> = {};
  for (const e of entries) tensors[e.name] = decode(e, bytes.subarray(start + e.begin, start + e.end));
  return { tensors, metadata };
}

function parseEntry(name: string, info: unknown): Entry {
  if (info === null || typeof info !== 'object') throw new SafetensorsError(`load: header entry '${name}' is not an object`);
  const { dtype, shape, data_offsets: offsets } = info as Record<string, unknown>;
  if (typeof dtype !== 'string' || !(dtype in READ_SIZE)) {
    throw new SafetensorsError(`load: tensor '${name}' has unknown or unsupported dtype ${JSON.stringify(dtype)} (supported: ${Object.keys(READ_SIZE).join(', ')})`);
  }
  if (!Array.isArray(shape) || !shape.every((s) => Number.isSafeInteger(s) && s >= 0)) throw new SafetensorsError(`load: tensor '${name}' has an invalid shape ${JSON.stringify(shape)}`);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0) || offsets[0] > offsets[1]) {
    throw new SafetensorsError(`load: tensor '${name}' has invalid data_offsets ${JSON.stringify(offsets)}`);
  }
  const numel = (shape as number[]).reduce((a, b) => a * b, 1);
  const [begin, end] = offsets as number[];
  if (end - begin !== numel * READ_SIZE[dtype]) {
    throw new SafetensorsError(`load: tensor '${name}' (${dtype} [${shape.join(',')}]) needs ${numel * READ_SIZE[dtype]} bytes but data_offsets [${begin}, ${end}] span ${end - begin}`);
  }
  return { name, dtype, shape: shape as number[], begin, end };
}

function decode(e: Entry, raw: Uint8Array): Tensor {
  const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const numel = e.shape.reduce((a, b) => a * b, 1);
  let data: TypedArray;
  switch (e.dtype) {
    case 'F32':
      data = littleEndian ? new Float32Array(new Uint8Array(raw).buffer) : Float32Array.from({ length: numel }, (_, i) => dv.getFloat32(4 * i, true));
      break;
    case 'F64':
      data = littleEndian ? new Float64Array(new Uint8Array(raw).buffer) : Float64Array.from({ length: numel }, (_, i) => dv.getFloat64(8 * i, true));
      break;
    case 'I32':
      data = littleEndian ? new Int32Array(new Uint8Array(raw).buffer) : Int32Array.from({ length: numel }, (_, i) => dv.getInt32(4 * i, true));
      break;
    case 'I64': {
      // PyTorch stores integer buffers (e.g. num_batches_tracked) as int64; gradstack's ints are int32.
      const out = new Int32Array(numel);
      for (let i = 0; i < numel; i++) {
        const v = dv.getBigInt64(8 * i, true);
        if (v > 2147483647n || v < -2147483648n) throw new SafetensorsError(`load: tensor '${e.name}' holds the int64 value ${v}, which does not fit in int32`);
        out[i] = Number(v);
      }
      data = out;
      break;
    }
    case 'F16':
      data = Float32Array.from({ length: numel }, (_, i) => halfToFloat(dv.getUint16(2 * i, true)));
      break;
    default: // BF16: the top 16 bits of a float32
      data = Float32Array.from({ length: numel }, (_, i) => {
        const b = new DataView(new ArrayBuffer(4));
        b.setUint32(0, dv.getUint16(2 * i, true) << 16);
        return b.getFloat32(0);
      });
  }
  return fromTyped(data, e.shape);
}

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f ? NaN : s * Infinity;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}

export interface SaveOptions {
  metadata?: Record<string, string>;
}

/**
 * Writes `stateDict` to `path` as safetensors. The bytes go to a temp file in the same directory,
 * are fsynced, and the file is renamed over `path`, so a crash leaves the old file or the new one.
 */
export function save(stateDict: Record<string, Tensor>, path: string, opts: SaveOptions = {}): void {
  const bytes = serialize(stateDict, opts.metadata);
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`);
  const fd = openSync(tmp, 'w');
  try {
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    try { unlinkSync(tmp); } catch { /* the temp file may not exist */ }
    throw e;
  }
  closeSync(fd);
  try {
    renameSync(tmp, path);
  } catch (e) {
    try { unlinkSync(tmp); } catch { /* already gone */ }
    throw e;
  }
}

/** Reads a safetensors file into a state dict (float32/float64/int32 tensors). */
export function load(path: string): Record<string, Tensor> {
  return deserialize(readFileSync(path)).tensors;
}

/** Reads a safetensors file with its `__metadata__`. */
export function loadWithMetadata(path: string): SafetensorsFile {
  return deserialize(readFileSync(path));
}
