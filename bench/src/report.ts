/**
 * Markdown rendering. Ratios are always "how many times better gradstack is": gradstack/peer for
 * throughputs (GFLOPS, steps/s) and peer/gradstack for times (ms), so > 1 means gradstack wins
 * in every table and the targets read the same way.
 */
import type { Environment } from './harness.js';
import { higherIsBetter, type Row } from './results.js';

const GS = 'gradstack';

function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  if (a >= 1) return v.toFixed(2);
  return v.toPrecision(3);
}

export function ratio(gs: Row | undefined, peer: Row | undefined): number | null {
  if (!gs || !peer || gs.value === null || peer.value === null || gs.value <= 0 || peer.value <= 0) return null;
  return higherIsBetter(gs.metric) ? gs.value / peer.value : peer.value / gs.value;
}

/** Markdown table cells cannot hold a raw pipe (check texts use |Δ|). */
const esc = (s: string): string => s.replace(/\|/g, '\\|');

function cell(r: Row | undefined, gs: Row | undefined): string {
  if (!r) return '';
  if (r.value === null) return esc(r.note ?? 'n/a');
  const flag = r.ok === false ? ' ⚠' : '';
  if (r.impl === GS) return `**${fmt(r.value)}**${flag}`;
  const q = ratio(gs, r);
  return `${fmt(r.value)}${q === null ? '' : ` (${q.toFixed(2)}×)`}${flag}`;
}

const TITLES: Record<string, string> = {
  W1: 'W1 — matmul N×N float32, GFLOPS (higher is better)',
  W2: 'W2 — MLP 4-64-32-1, MSE, batch 64, AdamW: training steps/s (higher is better)',
  W3: 'W3 — MLP 784-128-10, softmax CE, batch 128, Adam: training steps/s (higher is better)',
  W4: 'W4 — one optimizer step over 1M parameters, ms/step (lower is better)',
  W5: 'W5 — elementwise over 1M float32, ms (lower is better)',
};

function uniq<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

function perfTable(rows: Row[]): string {
  const impls = uniq(rows.map((r) => r.impl));
  const cases = uniq(rows.map((r) => r.case));
  const lines = [`| case | ${impls.join(' | ')} |`, `|${' --- |'.repeat(impls.length + 1)}`];
  for (const c of cases) {
    const gs = rows.find((r) => r.case === c && r.impl === GS);
    lines.push(`| ${c} | ${impls.map((i) => cell(rows.find((r) => r.case === c && r.impl === i), gs)).join(' | ')} |`);
  }
  return lines.join('\n');
}

function checkTable(rows: Row[]): string {
  const withCheck = new Set(rows.filter((r) => r.check).map((r) => r.impl));
  const impls = uniq(rows.map((r) => r.impl)).filter((i) => withCheck.has(i));
  const cases = uniq(rows.filter((r) => r.check).map((r) => r.case));
  if (!cases.length) return '';
  const lines = [`| check | ${impls.join(' | ')} |`, `|${' --- |'.repeat(impls.length + 1)}`];
  for (const c of cases) {
    lines.push(`| ${c} | ${impls.map((i) => esc(rows.find((r) => r.case === c && r.impl === i)?.check ?? '')).join(' | ')} |`);
  }
  return lines.join('\n');
}

function notes(rows: Row[]): string {
  const ns = uniq(rows.filter((r) => r.value !== null && r.note).map((r) => esc(`${r.impl}: ${r.note}`)));
  return ns.length ? `\nPeer notes: ${ns.join('; ')}.\n` : '';
}

export interface Target {
  name: string;
  detail: string;
  /** The governing ratio (> 1 gradstack better); null when a figure is missing. */
  ratio: number | null;
  met: boolean | null;
}

/** The issue's targets, each reduced to one "gradstack is X× better" ratio that must be ≥ 1. */
export function targets(rows: Row[]): Target[] {
  const out: Target[] = [];
  const get = (w: string, c: string, i: string): Row | undefined => rows.find((r) => r.workload === w && r.case === c && r.impl === i);
  const push = (name: string, gs: Row | undefined, peers: (Row | undefined)[], peerNames: string): void => {
    const rs = peers.map((p) => ratio(gs, p)).filter((x): x is number => x !== null);
    const r = rs.length === peers.length && rs.length ? Math.min(...rs) : null;
    out.push({ name, detail: `vs ${peerNames}`, ratio: r, met: r === null ? null : r >= 1 && gs?.ok !== false });
  };
  for (const c of uniq(rows.filter((r) => r.workload === 'W1').map((r) => r.case))) {
    if (Number(c.slice(2)) < 256) continue;
    push(`W1 ${c} ≥ 1.0× best of tfjs-wasm and jax-js`, get('W1', c, GS), [get('W1', c, 'tfjs-wasm'), get('W1', c, 'jax-js eager'), get('W1', c, 'jax-js jit')], 'tfjs-wasm, jax-js eager, jax-js jit');
  }
  for (const w of ['W2', 'W3']) {
    const c = rows.find((r) => r.workload === w)?.case;
    if (c) push(`${w} ≥ 1.0× jax-js jitted step`, get(w, c, GS), [get(w, c, 'jax-js jit')], 'jax-js jit');
  }
  for (const c of ['Adam', 'AdamW']) {
    if (!rows.some((r) => r.workload === 'W4' && r.case === c)) continue;
    push(`W4 ${c} ≤ 1.0× fused JS loop and jax-js jitted update`, get('W4', c, GS), [get('W4', c, 'JS loop'), get('W4', c, 'jax-js jit')], 'JS loop, jax-js jit');
  }
  const mem = rows.find((r) => r.workload === 'W6' && r.extra?.dRssMiB !== undefined);
  if (mem) out.push({ name: 'W6 no memory growth', detail: mem.check ?? '', ratio: null, met: mem.ok ?? null });
  return out;
}

function targetTable(ts: Target[]): string {
  const lines = ['| target | gradstack ratio (≥ 1 needed) | met |', '| --- | --- | --- |'];
  for (const t of ts) {
    const r = t.ratio === null ? t.detail : `${t.ratio.toFixed(2)}× (${t.detail})`;
    lines.push(`| ${t.name} | ${r} | ${t.met === null ? 'n/a' : t.met ? 'yes' : `**no**${t.ratio !== null ? ` — needs ${(1 / t.ratio).toFixed(2)}× speed-up` : ''}`} |`);
  }
  return lines.join('\n');
}

function memTable(rows: Row[]): string {
  const w6 = rows.filter((r) => r.workload === 'W6');
  if (!w6.length) return '';
  const parts: string[] = [];
  const growth = w6.find((r) => r.extra?.dRssMiB !== undefined);
  if (growth) {
    const e = growth.extra!;
    parts.push(
      `| measure | after ${e.early} steps | after ${e.late} steps | growth |\n| --- | --- | --- | --- |\n` +
        `| RSS (MiB) | ${fmt(e.rssEarlyMiB as number)} | ${fmt(e.rssLateMiB as number)} | ${fmt(e.dRssMiB as number)} |\n` +
        `| V8 heap used (MiB) | ${fmt(e.heapEarlyMiB as number)} | ${fmt(e.heapLateMiB as number)} | ${fmt(e.dHeapMiB as number)} |\n\n` +
        `Verdict: ${growth.ok ? 'no growth' : '**GROWS**'} (${esc(growth.check ?? '')}).`,
    );
  }
  const sb = w6.filter((r) => r.case.startsWith('stateBytes'));
  if (sb.length) {
    const lines = ['| optimizer (1M params) | gradstack stateBytes() | JS loop minimum | ratio |', '| --- | --- | --- | --- |'];
    for (const c of uniq(sb.map((r) => r.case))) {
      const g = sb.find((r) => r.case === c && r.impl === GS);
      const j = sb.find((r) => r.case === c && r.impl === 'JS loop');
      const gb = g?.extra?.stateBytes as number | undefined;
      const jb = j?.extra?.stateBytes as number | undefined;
      lines.push(`| ${c.replace('stateBytes ', '')} | ${gb === undefined ? (g?.note ?? 'n/a') : gb.toLocaleString('en-US')} | ${jb?.toLocaleString('en-US') ?? ''} | ${gb && jb ? `${(gb / jb).toFixed(2)}×` : ''} |`);
    }
    parts.push(lines.join('\n'));
  }
  return parts.join('\n\n');
}

export function renderMarkdown(env: Environment, rows: Row[], mode: string): string {
  const out: string[] = [];
  out.push(`### Run: ${mode} mode, ${env.date}`);
  out.push(
    `- Machine: ${env.cpuModel}, ${env.logicalCpus} logical CPUs, ${env.totalMemGiB} GiB, ${env.platform} ${env.arch}; load average at start ${env.loadAvg1m}\n` +
      `- Node ${env.node} (V8 ${env.v8})\n- gradstack backend: \`${env.gradstackBackend}\`\n` +
      Object.entries(env.peers)
        .map(([k, v]) => `- ${k}: ${v}`)
        .join('\n') +
      (env.notes.length ? '\n' + env.notes.map((n) => `- ${n}`).join('\n') : ''),
  );
  out.push(
    'Cells: median figure, then in parentheses **gradstack ÷ peer** as "how many times better gradstack is" ' +
      '(throughput ratio for GFLOPS and steps/s, inverse time ratio for ms) — **> 1 means gradstack is faster**. ' +
      '⚠ marks a failed correctness check (figure not comparable).',
  );
  out.push('#### Targets\n\n' + targetTable(targets(rows)));
  for (const w of ['W1', 'W2', 'W3', 'W4', 'W5']) {
    const rs = rows.filter((r) => r.workload === w);
    if (!rs.length) continue;
    out.push(`#### ${TITLES[w]}\n\n${perfTable(rs)}\n${notes(rs)}`);
    const ct = checkTable(rs);
    if (ct) out.push(`<details><summary>${w} correctness checks</summary>\n\n${ct}\n\n</details>`);
  }
  const mt = memTable(rows);
  if (mt) out.push(`#### W6 — memory\n\n${mt}`);
  return out.join('\n\n') + '\n';
}
