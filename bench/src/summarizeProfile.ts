/**
 * Top functions by self time in a V8 CPU profile, as a markdown table. Used by profileW3.ts, and
 * runnable on any .cpuprofile: `tsx src/summarizeProfile.ts <file> [top]`.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export function summarize(prof: CpuProfile, top = 20): string {
  // Self time per node from the sample stream (timeDeltas[i] is the time before sample i).
  const selfUs = new Map<number, number>();
  for (let i = 0; i < prof.samples.length; i++) selfUs.set(prof.samples[i], (selfUs.get(prof.samples[i]) ?? 0) + (prof.timeDeltas[i] ?? 0));
  const byFn = new Map<string, { name: string; where: string; us: number }>();
  let total = 0;
  for (const n of prof.nodes) {
    const us = selfUs.get(n.id) ?? 0;
    total += us;
    const { functionName, url } = n.callFrame;
    // Line numbers are omitted: tsx compiles on the fly, so they would not match the sources.
    const where = url.replace(/^file:\/\//, '').replace(/^.*?\/(packages|bench|node_modules)\//, '$1/');
    const key = `${functionName}@${where}`;
    const e = byFn.get(key) ?? { name: functionName || '(anonymous)', where, us: 0 };
    e.us += us;
    byFn.set(key, e);
  }
  const rows = [...byFn.values()].sort((a, b) => b.us - a.us).slice(0, top);
  const lines = [`${(total / 1000).toFixed(0)} ms sampled`, '', '| # | function | file | self ms | self % |', '| --- | --- | --- | --- | --- |'];
  rows.forEach((r, i) => lines.push(`| ${i + 1} | \`${r.name}\` | ${r.where} | ${(r.us / 1000).toFixed(0)} | ${((100 * r.us) / total).toFixed(1)} |`));
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: tsx src/summarizeProfile.ts <file.cpuprofile> [top]');
  console.log(summarize(JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile, Number(process.argv[3] ?? 20)));
}
