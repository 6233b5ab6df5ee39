/**
 * CLI: `pnpm bench [--quick] [--only W1,W3] [--json <path>] [--write-results]`.
 * Runs each selected workload for every peer in one process, prints the markdown report, writes
 * the raw samples as JSON (default bench/out/results.json) and the report next to it; with
 * --write-results it also replaces the generated section of bench/RESULTS.md (between the
 * `bench:begin`/`bench:end` markers), keeping the hand-written analysis around it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getBackend } from '@gradstack/core';
import { environment, type Environment, type MeasureOptions } from './harness.js';
import { gradstackPeer } from './peers/gradstack.js';
import { jaxEagerPeer, jaxJitPeer, jaxThreadsInfo } from './peers/jax.js';
import { jsLoopPeer } from './peers/jsLoop.js';
import { jsPytorchPeer } from './peers/jsPytorch.js';
import { tfjsCpuPeer, tfjsWasmInfo, tfjsWasmPeer } from './peers/tfjs.js';
import { renderMarkdown } from './report.js';
import type { Context, Row } from './results.js';
import type { Peer } from './types.js';
import { runW1 } from './w1Matmul.js';
import { runW2 } from './w2Mlp.js';
import { runW3 } from './w3Mnist.js';
import { runW4 } from './w4Optim.js';
import { runW5 } from './w5Elementwise.js';
import { runW6 } from './w6Memory.js';

const benchDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface Args {
  quick: boolean;
  only: Set<string> | null;
  json: string;
  writeResults: boolean;
  /** Re-render the report from a saved JSON instead of measuring (e.g. after a report change). */
  render: string | null;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { quick: false, only: null, json: path.join(benchDir, 'out', 'results.json'), writeResults: false, render: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') continue; // pnpm may forward a separator
    else if (a === '--quick') args.quick = true;
    else if (a === '--write-results') args.writeResults = true;
    else if (a === '--only') args.only = new Set(argv[++i].split(',').map((s) => s.trim().toUpperCase()));
    else if (a.startsWith('--only=')) args.only = new Set(a.slice(7).split(',').map((s) => s.trim().toUpperCase()));
    else if (a === '--render') args.render = path.resolve(argv[++i]);
    else if (a === '--json') args.json = path.resolve(argv[++i]);
    else if (a.startsWith('--json=')) args.json = path.resolve(a.slice(7));
    else if (a === '--help' || a === '-h') {
      console.log('usage: pnpm bench [--quick] [--only W1,W2,...] [--json <path>] [--write-results] | --render <results.json> [--write-results]');
      process.exit(0);
    } else throw new Error(`unknown argument ${a} (try --help)`);
  }
  return args;
}

/** Quick mode trades samples for time; both keep warm-up, which is what makes figures stable. */
function timing(quick: boolean): MeasureOptions {
  return quick ? { warmup: 3, warmupMs: 150, samples: 3, minSampleMs: 100 } : { warmup: 5, warmupMs: 500, samples: 7, minSampleMs: 300 };
}

const WORKLOADS: Record<string, (ctx: Context) => Promise<Row[]>> = { W1: runW1, W2: runW2, W3: runW3, W4: runW4, W5: runW5, W6: runW6 };

/** Replaces the `mode` section of bench/RESULTS.md (between its markers) with `md`. */
function writeResultsSection(mode: string, md: string): string {
  const file = path.join(benchDir, 'RESULTS.md');
  const begin = `<!-- bench:begin ${mode} -->`;
  const end = `<!-- bench:end ${mode} -->`;
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : `# Benchmark results\n\n${begin}\n${end}\n`;
  const i = text.indexOf(begin);
  const j = text.indexOf(end);
  const next = i >= 0 && j > i ? text.slice(0, i + begin.length) + '\n' + md + text.slice(j) : `${text}\n${begin}\n${md}${end}\n`;
  fs.writeFileSync(file, next);
  return file;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.render) {
    const saved = JSON.parse(fs.readFileSync(args.render, 'utf8')) as { mode: string; env: Environment; rows: Row[] };
    const md = renderMarkdown(saved.env, saved.rows, saved.mode);
    console.log(md);
    if (args.writeResults) console.error(`updated ${writeResultsSection(saved.mode, md)} (${saved.mode} section)`);
    return;
  }
  const mode = args.quick ? 'quick' : 'full';
  const peers: Peer[] = [gradstackPeer, tfjsWasmPeer, tfjsCpuPeer, jaxEagerPeer, jaxJitPeer, jsPytorchPeer, jsLoopPeer];
  const t0 = Date.now();
  const log = (msg: string): void => console.error(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);
  // tfjs prints a "use tfjs-node" banner on import; it is noise here, the pure-JS peers are intended.
  const envNotes = [await tfjsWasmInfo(), jaxThreadsInfo(), 'js-pytorch and the JS loop are single-threaded; gradstack threading is whatever its backend does (see describe()) — every peer runs in this one Node process on the same cores'];
  const env = environment(getBackend().describe(), Object.fromEntries(peers.map((p) => [p.name, p.version()])), envNotes);
  const ctx: Context = { quick: args.quick, peers, timing: timing(args.quick), log };
  log(`bench ${mode}: ${env.cpuModel}, node ${env.node}, gradstack ${env.gradstackBackend}`);

  const rows: Row[] = [];
  for (const [name, fn] of Object.entries(WORKLOADS)) {
    if (args.only && !args.only.has(name)) continue;
    log(`--- ${name}`);
    rows.push(...(await fn(ctx)));
  }

  const md = renderMarkdown(env, rows, mode);
  console.log(md);
  fs.mkdirSync(path.dirname(args.json), { recursive: true });
  fs.writeFileSync(args.json, JSON.stringify({ mode, env, timing: ctx.timing, elapsedS: (Date.now() - t0) / 1000, rows }, null, 2));
  const mdPath = args.json.replace(/\.json$/, '') + '.md';
  fs.writeFileSync(mdPath, md);
  log(`wrote ${args.json} and ${mdPath} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);

  if (args.writeResults) log(`updated ${writeResultsSection(mode, md)} (${mode} section)`);
  // jax-js and tfjs keep wasm instances alive; exit explicitly once the report is out.
  process.exit(0);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
