import { describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';

/** The README's tour is a contract: its code block must run as written and do what it says. */
describe('README tour', () => {
  it('runs, trains, and computes the Hessian-vector product it claims (6·w ⊙ v)', async () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(code, 'README.md has a ```ts tour block').toBeTruthy();
    const dir = join(root, 'examples', 'out');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'readme-tour.ts');
    writeFileSync(file, `${code}\nexport const result = { hv: Array.from(hv!.data()), loss: lossFn.forward(model.forward(x), y).item() };\n`);
    const { result } = (await import(pathToFileURL(file).href)) as { result: { hv: number[]; loss: number } };
    expect(result.hv).toEqual([6, 0, 0]);
    expect(Number.isFinite(result.loss)).toBe(true);
  });
});
