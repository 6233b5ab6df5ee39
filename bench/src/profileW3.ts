/**
 * Profiles gradstack's W3 training step (784-128-10, batch 128, Adam) in steady state: warm-up
 * first, then the V8 sampling profiler (node:inspector) runs only around the timed steps, so
 * module loading and tier-up stay out of the picture. Writes bench/out/prof/w3.cpuprofile (open
 * it in Chrome DevTools) and prints the top self-time functions.
 * Usage: `pnpm --filter @gradstack/bench run profile:w3 [seconds]`.
 */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { w3Spec } from './data.js';
import { gradstackPeer } from './peers/gradstack.js';
import { summarize } from './summarizeProfile.js';

const seconds = Number(process.argv.slice(2).find((a) => /^\d+(\.\d+)?$/.test(a)) ?? 10);
const outDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'out', 'prof');

const c = await gradstackPeer.mlp!(w3Spec());
if (!c) throw new Error('gradstack mlp unavailable');
for (let i = 0; i < 30; i++) c.step();

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 200 });
await session.post('Profiler.start');
let steps = 0;
let loss = NaN;
const t0 = performance.now();
while (performance.now() - t0 < seconds * 1000) {
  loss = c.step() as number;
  steps++;
}
const ms = (performance.now() - t0) / steps;
const { profile } = await session.post('Profiler.stop');
session.disconnect();

fs.mkdirSync(outDir, { recursive: true });
const file = path.join(outDir, 'w3.cpuprofile');
fs.writeFileSync(file, JSON.stringify(profile));
console.log(`W3 gradstack: ${steps} steps in ${seconds} s, ${ms.toFixed(2)} ms/step (${(1000 / ms).toFixed(1)} steps/s), loss ${loss.toFixed(4)} — profiler on (adds a little overhead)`);
console.log(summarize(profile as never, 25));
console.log(`\nFull profile: ${file}`);
