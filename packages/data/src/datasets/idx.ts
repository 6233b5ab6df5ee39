/**
 * The IDX format (LeCun's MNIST files): a 4-byte magic — two zero bytes, a type code, the number of
 * dims — then one big-endian uint32 per dim, then the values, big-endian, row-major.
 * MNIST labels are magic 2049 (0x00000801: ubyte, 1 dim), images 2051 (0x00000803: ubyte, 3 dims).
 */

export type IdxArray = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

export interface IdxFile {
  magic: number;
  dims: number[];
  /** The values; for ubyte files a view on the input buffer (no copy). */
  data: IdxArray;
}

export class IdxFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IdxFormatError';
  }
}

const TYPES: Record<number, { name: string; bytes: number }> = {
  0x08: { name: 'ubyte', bytes: 1 },
  0x09: { name: 'byte', bytes: 1 },
  0x0b: { name: 'short', bytes: 2 },
  0x0c: { name: 'int', bytes: 4 },
  0x0d: { name: 'float', bytes: 4 },
  0x0e: { name: 'double', bytes: 8 },
};

/**
 * Parses and validates an IDX buffer. `expectedMagic` (e.g. 2051 for images) rejects a file of the
 * wrong kind; `name` goes into error messages. The data length must match the header exactly.
 */
export function parseIdx(buffer: Uint8Array, options: { expectedMagic?: number; name?: string } = {}): IdxFile {
  const name = options.name ?? 'IDX buffer';
  if (buffer.length < 4) {
    throw new IdxFormatError(`${name}: ${buffer.length} bytes is too short for an IDX header (4-byte magic number expected)`);
  }
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const magic = view.getUint32(0, false);
  if (options.expectedMagic !== undefined && magic !== options.expectedMagic) {
    throw new IdxFormatError(
      `${name}: wrong magic number ${magic} (0x${hex(magic)}), expected ${options.expectedMagic} ` +
        `(0x${hex(options.expectedMagic)}) — not the IDX file expected here, or a compressed file (gunzip it first)`,
    );
  }
  const type = TYPES[buffer[2]];
  if (buffer[0] !== 0 || buffer[1] !== 0 || type === undefined) {
    throw new IdxFormatError(`${name}: magic number 0x${hex(magic)} is not an IDX header (expected 0x0000TTDD with a known type code TT)`);
  }
  const ndim = buffer[3];
  const headerBytes = 4 + 4 * ndim;
  if (buffer.length < headerBytes) {
    throw new IdxFormatError(`${name}: truncated header — ${ndim} dims need ${headerBytes} bytes, the file has ${buffer.length}`);
  }
  const dims: number[] = [];
  let count = 1;
  for (let d = 0; d < ndim; d++) {
    const size = view.getUint32(4 + 4 * d, false);
    dims.push(size);
    count *= size;
  }
  const expected = headerBytes + count * type.bytes;
  if (buffer.length !== expected) {
    const what = buffer.length < expected ? 'truncated' : 'has trailing bytes';
    throw new IdxFormatError(
      `${name}: file ${what} — header says ${type.name} [${dims.join(', ')}] = ${expected} bytes in all, the file has ${buffer.length}`,
    );
  }
  return { magic, dims, data: readValues(buffer, view, headerBytes, count, buffer[2]) };
}

function readValues(buffer: Uint8Array, view: DataView, offset: number, count: number, code: number): IdxArray {
  switch (code) {
    case 0x08:
      return buffer.subarray(offset, offset + count);
    case 0x09:
      return new Int8Array(buffer.buffer, buffer.byteOffset + offset, count);
    case 0x0b: {
      const out = new Int16Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt16(offset + 2 * i, false);
      return out;
    }
    case 0x0c: {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt32(offset + 4 * i, false);
      return out;
    }
    case 0x0d: {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(offset + 4 * i, false);
      return out;
    }
    default: {
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(offset + 8 * i, false);
      return out;
    }
  }
}

function hex(n: number): string {
  return n.toString(16).padStart(8, '0');
}
