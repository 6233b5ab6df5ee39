import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { examples, findExample } from '../src/registry.js';
import { DEFAULT_OUT, listExamples, parseCli, runExample } from '../src/run.js';

describe('registry', () => {
  it('has unique names, each with a title and its tutorial', () => {
    const names = examples.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
    // The ten examples of issue 8, sine-fit first (it is `pnpm demo`).
    expect([...names].sort()).toEqual(
      ['adam-from-scratch', 'classification', 'clipping', 'delivery-times', 'digits', 'landscapes', 'optimizer-memory', 'schedules', 'second-order', 'sine-fit'].sort(),
    );
    expect(names[0]).toBe('sine-fit');
    for (const e of examples) {
      expect(e.name).toMatch(/^[a-z0-9-]+$/);
      expect(e.title.length).toBeGreaterThan(0);
      expect(e.tutorial).toMatch(/\d{3}_[0-9a-f]{16}\.txt/);
    }
    expect(findExample('landscapes')?.name).toBe('landscapes');
    expect(findExample('no-such-example')).toBeUndefined();
  });
});

describe('command line', () => {
  it('lists every example with its tutorial', () => {
    const list = listExamples();
    for (const e of examples) {
      expect(list).toContain(e.name);
      expect(list).toContain(e.tutorial);
    }
  });

  it('parses --list, --fast, --out and the example name', () => {
    expect(parseCli(['--list'])).toMatchObject({ list: true, fast: false, out: DEFAULT_OUT, name: undefined });
    expect(parseCli(['landscapes', '--fast', '--out', 'tmp/figs'])).toMatchObject({
      list: false,
      fast: true,
      out: resolve('tmp/figs'),
      name: 'landscapes',
    });
    // `pnpm example -- --fast landscapes` forwards the "--" itself.
    expect(parseCli(['--', '--fast', 'landscapes'])).toMatchObject({ fast: true, name: 'landscapes' });
    expect(DEFAULT_OUT.endsWith(join('examples', 'out'))).toBe(true);
  });

  it('rejects unknown flags and a second example name', () => {
    expect(() => parseCli(['--fats'])).toThrow(/--fats/);
    expect(() => parseCli(['a', 'b'])).toThrow(/one example name/);
  });
});

describe('runExample', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('writes the markdown report and the figures into <out>/<name>/', async () => {
    const out = await mkdtemp(join(tmpdir(), 'gradstack-examples-'));
    dirs.push(out);
    const logs: string[] = [];
    const example = findExample('adam-from-scratch')!;
    const result = await runExample(example, { fast: true, out, log: (m) => logs.push(m), showProgress: false });
    const files = await readdir(join(out, 'adam-from-scratch'));
    expect(files).toEqual(expect.arrayContaining(['adam-from-scratch.md', 'bias-correction-step-size.svg']));
    const md = await readFile(join(out, 'adam-from-scratch', 'adam-from-scratch.md'), 'utf8');
    expect(md).toBe(result.report);
    expect(md).toContain('(fast mode)');
    expect(md).toContain('![bias-correction-step-size.svg](bias-correction-step-size.svg)');
    for (const t of result.tables) expect(md).toContain(`**${t.title}**`);
    expect(logs.length).toBeGreaterThan(0);
  });
});
