/**
 * `pnpm example <name> [--fast] [--out <dir>]` runs one example; `pnpm example --list` lists them.
 * Tables go to stdout and to `<out>/<name>/<name>.md`, figures beside them as SVG.
 */
import { fileURLToPath } from 'node:url';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createContext } from './context.js';
import type { Example, ExampleResult } from './example.js';
import { examples, findExample } from './registry.js';
import { formatReport, formatTable, writeReport } from './lib/table.js';

/** examples/out, wherever the command is started from (pnpm runs scripts in the package folder anyway). */
export const DEFAULT_OUT = fileURLToPath(new URL('../out', import.meta.url));

const USAGE = `usage: pnpm example <name> [--fast] [--out <dir>]
       pnpm example --list

  --list        list the examples
  --fast        fewer steps and smaller data (what the tests run)
  --out <dir>   output root; figures and tables go to <dir>/<name>/ (default examples/out)`;

export function listExamples(): string {
  const width = Math.max(...examples.map((e) => e.name.length));
  return examples.map((e) => `${e.name.padEnd(width)}  ${e.title}\n${' '.repeat(width)}  tutorial: ${e.tutorial}`).join('\n');
}

export interface CliOptions {
  readonly list: boolean;
  readonly help: boolean;
  readonly fast: boolean;
  readonly out: string;
  readonly name?: string;
}

export function parseCli(argv: readonly string[]): CliOptions {
  const { values, positionals } = parseArgs({
    // pnpm forwards a literal "--" when one is typed before the flags; it carries no meaning here.
    args: argv.filter((a) => a !== '--'),
    allowPositionals: true,
    options: {
      list: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      fast: { type: 'boolean', default: false },
      out: { type: 'string' },
    },
  });
  if (positionals.length > 1) throw new TypeError(`expected one example name, got ${positionals.join(', ')}\n${USAGE}`);
  return {
    list: values.list ?? false,
    help: values.help ?? false,
    fast: values.fast ?? false,
    out: values.out === undefined ? DEFAULT_OUT : resolve(values.out),
    name: positionals[0],
  };
}

export async function runExample(
  example: Example,
  o: { fast: boolean; out: string; log?: (m: string) => void; showProgress?: boolean },
): Promise<ExampleResult & { report: string }> {
  const ctx = await createContext(example, { fast: o.fast, outRoot: o.out, log: o.log, showProgress: o.showProgress });
  const result = await example.run(ctx);
  const report = formatReport(
    `${example.title}${o.fast ? ' (fast mode)' : ''}`,
    result.tables,
    result.figures.map((f) => basename(f)),
  );
  await writeReport(join(ctx.outDir, `${example.name}.md`), report);
  return { ...result, report };
}

async function main(argv: readonly string[]): Promise<number> {
  const cli = parseCli(argv);
  if (cli.help) {
    console.log(USAGE);
    return 0;
  }
  if (cli.list) {
    console.log(listExamples());
    return 0;
  }
  if (cli.name === undefined) {
    console.error(`${USAGE}\n\nexamples:\n${listExamples()}`);
    return 2;
  }
  const example = findExample(cli.name);
  if (example === undefined) {
    console.error(`unknown example "${cli.name}"; available: ${examples.map((e) => e.name).join(', ')} (pnpm example --list)`);
    return 2;
  }
  console.log(`# ${example.title}\n`);
  const result = await runExample(example, { fast: cli.fast, out: cli.out });
  for (const table of result.tables) console.log(`\n${formatTable(table)}`);
  console.log(`\nwrote ${join(cli.out, example.name, `${example.name}.md`)}`);
  for (const f of result.figures) console.log(`wrote ${f}`);
  return 0;
}

// Run only as the entry point, so tests can import the helpers above without side effects.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exitCode = 1;
    },
  );
}
