/** Builds the context an example runs in: its own output folder, a logger and progress bars. */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Example, ExampleContext } from './example.js';
import { createProgress, progressEnabled } from './lib/progress.js';

export interface ContextOptions {
  readonly fast: boolean;
  /** Root output folder; the example writes into `<outRoot>/<example name>/`. */
  readonly outRoot: string;
  readonly log?: (message: string) => void;
  /** Defaults to "stdout is a terminal and not CI". */
  readonly showProgress?: boolean;
}

export async function createContext(example: Example, o: ContextOptions): Promise<ExampleContext> {
  const outDir = join(o.outRoot, example.name);
  await mkdir(outDir, { recursive: true });
  const showProgress = o.showProgress ?? progressEnabled();
  return {
    fast: o.fast,
    outDir,
    log: o.log ?? ((m) => console.log(m)),
    progress: (total, label) => createProgress(total, label, showProgress),
  };
}
