import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExampleContext } from '../src/example.js';

/** A fast-mode context writing into the OS temp folder, with narration collected instead of printed. */
export function fastContext(name: string, logs: string[] = []): ExampleContext {
  return {
    fast: true,
    outDir: join(tmpdir(), `gradstack-${name}-test`),
    log: (m) => logs.push(m),
    progress: () => ({ tick() {}, stop() {} }),
  };
}

export const fileNames = (paths: readonly string[]) => paths.map((f) => f.split(/[\\/]/).pop());
