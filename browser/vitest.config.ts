import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The browser parity test (`pnpm test:browser`): Node side imports the TypeScript sources (the
// "source" condition) for the cpu reference; globalSetup builds the page's bundle first.
export default defineConfig({
  // Paths below are relative to browser/, also when run from the repo root.
  root: fileURLToPath(new URL('.', import.meta.url)),
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: 'forks',
    globalSetup: ['./test/globalSetup.ts'],
  },
});
