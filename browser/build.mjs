/**
 * Builds the browser bundle: core, nn and optim as one ESM module (dist/gradstack.js) plus the
 * parity page's script (dist/page.js), sharing chunks. Bundled from the TypeScript sources (the
 * "source" export condition), so it needs no prior `tsc` build. gpu.js resolves to its browser
 * build through its package.json "browser" field.
 */
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * nn's file serialization (save/load to disk) imports node:fs and node:path. In a page those
 * functions cannot work, so the bundle gets modules whose every export throws saying so, rather
 * than a build failure for the rest of the library.
 */
const nodeBuiltinsInBrowser = {
  name: 'node-builtins-in-browser',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, namespace: 'node-builtin' }));
    b.onLoad({ filter: /.*/, namespace: 'node-builtin' }, (args) => ({
      contents:
        `const fail = (name) => () => { throw new Error(\`\${name}: ${args.path} is Node-only; file I/O is unavailable in the browser bundle\`); };\n` +
        `export const closeSync = fail('closeSync'), fsyncSync = fail('fsyncSync'), openSync = fail('openSync'),\n` +
        `  readFileSync = fail('readFileSync'), renameSync = fail('renameSync'), unlinkSync = fail('unlinkSync'), writeSync = fail('writeSync'),\n` +
        `  basename = fail('basename'), dirname = fail('dirname'), join = fail('join');\n`,
      loader: 'js',
    }));
  },
};

export async function buildBrowser() {
  const t0 = performance.now();
  const result = await build({
    entryPoints: { gradstack: join(here, 'src/gradstack.ts'), page: join(here, 'src/page.ts') },
    outdir: join(here, 'dist'),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['source'],
    sourcemap: true,
    metafile: true,
    logLevel: 'warning',
    plugins: [nodeBuiltinsInBrowser],
  });
  const bytes = Object.entries(result.metafile.outputs)
    .filter(([f]) => f.endsWith('.js'))
    .reduce((s, [, o]) => s + o.bytes, 0);
  console.log(`browser bundle: ${(bytes / 1024).toFixed(0)} KiB of JS in browser/dist (${(performance.now() - t0).toFixed(0)} ms)`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildBrowser();
