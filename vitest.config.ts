import { defineConfig } from 'vitest/config';

// Tests run against the TypeScript sources (the "source" export condition), so no build is needed first.
export default defineConfig({
  resolve: { conditions: ['source'] },
  // Vitest runs tests through Vite's SSR resolver, which has its own condition list.
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/test/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['./vitest.setup.ts'],
    setupFiles: ['./vitest.seed.ts'],
  },
});
