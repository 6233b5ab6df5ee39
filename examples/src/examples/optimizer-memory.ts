/**
 * Optimizer memory (tutorial 001's table and 8-bit/Adafactor paragraphs, tutorial 004's buffer
 * table and AdaFactor arithmetic): every optimizer in `@gradstack/optim` takes one step on a
 * 4096×4096 weight and its 4096 bias (1024×1024 in fast mode), and we measure the state it
 * allocated — `stateBytes()`, and elements by storage type — beside what the tutorials claim.
 */
import { join } from 'node:path';
import { Tensor, manualSeed, randn } from '@gradstack/core';
import {
  ASGD, Adadelta, Adafactor, Adagrad, Adam, Adam8bit, AdamW, Adamax, GaLoreAdamW, LAMB, LARS, LBFGS, Lion, NAdam, RAdam,
  RMSprop, Rprop, SGD, SophiaG, type Optimizer,
} from '@gradstack/optim';
import type { Example, ExampleContext, ExampleResult } from '../example.js';
import { barChart, writeSvg } from '../lib/charts.js';
import type { Table } from '../lib/table.js';

interface MemorySpec {
  readonly name: string;
  /** What tutorials 001 / 004 say about this optimizer's state, quoted. */
  readonly claim: string;
  make(params: Tensor[]): Optimizer;
}

export const MEMORY_SPECS: readonly MemorySpec[] = [
  { name: 'SGD', claim: '004: 0 extra', make: (p) => new SGD(p, { lr: 1e-3 }) },
  { name: 'SGD + momentum', claim: '004: 1 buffer; 001: O(θ)', make: (p) => new SGD(p, { lr: 1e-3, momentum: 0.9 }) },
  { name: 'Adagrad', claim: '004: 1 buffer', make: (p) => new Adagrad(p) },
  { name: 'RMSprop', claim: '004: 1 buffer; 001: O(θ)', make: (p) => new RMSprop(p) },
  { name: 'Adadelta', claim: '—', make: (p) => new Adadelta(p) },
  { name: 'Adamax', claim: '—', make: (p) => new Adamax(p) },
  { name: 'NAdam', claim: '—', make: (p) => new NAdam(p) },
  { name: 'RAdam', claim: '—', make: (p) => new RAdam(p) },
  { name: 'ASGD', claim: '—', make: (p) => new ASGD(p) },
  { name: 'Rprop', claim: '—', make: (p) => new Rprop(p) },
  { name: 'Adam', claim: '004: 2 buffers; 001: 2×O(θ)', make: (p) => new Adam(p) },
  { name: 'Adam (amsgrad)', claim: '—', make: (p) => new Adam(p, { amsgrad: true }) },
  { name: 'AdamW', claim: '004: 2 buffers; 001: "2× model weights"', make: (p) => new AdamW(p) },
  { name: 'LAMB', claim: '004: 2 buffers', make: (p) => new LAMB(p) },
  { name: 'LARS', claim: '—', make: (p) => new LARS(p, { lr: 1e-3, momentum: 0.9 }) },
  { name: 'Lion', claim: '004: 1 buffer, "50% less optimizer memory"', make: (p) => new Lion(p) },
  { name: 'SophiaG', claim: '004: 2 buffers; 001: 3×O(θ)', make: (p) => new SophiaG(p) },
  { name: 'Adafactor', claim: '001: "1×"/O(n) for n×n; 004: 8192 for 4096×4096', make: (p) => new Adafactor(p) },
  { name: 'Adam8bit', claim: '001: "~4×" smaller than Adam', make: (p) => new Adam8bit(p) },
  // One L-BFGS iteration: its history grows by one (s, y) pair per iteration up to historySize = 100.
  { name: 'LBFGS (1 iteration)', claim: '— (up to 2·historySize vectors)', make: (p) => new LBFGS(p, { maxIter: 1 }) },
];

export interface StateCount {
  readonly bytes: number;
  /** Elements by storage type, e.g. { float32: 2 · n, uint8: … }. */
  readonly elements: Record<string, number>;
}

/** Counts an optimizer's state: `stateBytes()` and elements by dtype / typed-array kind. */
export function countState(opt: Optimizer): StateCount {
  const elements: Record<string, number> = {};
  const add = (kind: string, n: number) => (elements[kind] = (elements[kind] ?? 0) + n);
  const visit = (v: unknown): void => {
    if (v instanceof Tensor) add(v.dtype, v.numel);
    else if (ArrayBuffer.isView(v) && !(v instanceof DataView)) add(v.constructor.name.replace('Array', '').toLowerCase(), (v as unknown as { length: number }).length);
    else if (Array.isArray(v)) v.forEach(visit);
  };
  for (const st of opt.state.values()) for (const v of Object.values(st)) visit(v);
  return { bytes: opt.stateBytes(), elements };
}

/**
 * One step of `make` on a fresh d×d weight and d bias with random gradients. The parameters and
 * gradients are shared across optimizers (the step changes the weights, which does not matter
 * for memory), so only the optimizer's own state is new each time.
 */
export function measure(spec: Pick<MemorySpec, 'make'>, params: Tensor[]): StateCount {
  const opt = spec.make(params);
  if (opt instanceof LBFGS) {
    // L-BFGS needs a closure; a linear loss ⟨p, g⟩ keeps the gradient fixed and cheap.
    const grads = params.map((p) => p.grad!);
    opt.step(() => {
      let loss = 0;
      params.forEach((p, i) => {
        p.grad = grads[i];
        loss += p.mul(grads[i]).sum().item();
      });
      return loss;
    });
  } else {
    opt.step();
  }
  return countState(opt);
}

const fmtElements = (e: Record<string, number>) =>
  Object.keys(e).length === 0 ? '—' : Object.entries(e).map(([k, n]) => `${k} ${n.toLocaleString('en-US')}`).join(', ');

async function run(ctx: ExampleContext): Promise<ExampleResult> {
  const d = ctx.fast ? 1024 : 4096;
  if (ctx.fast) ctx.log('fast mode: a 1024×1024 weight + 1024 bias instead of 4096×4096 + 4096 (one 4096² step per optimizer takes seconds)');
  manualSeed(0);
  const weight = randn([d, d]).requiresGrad_();
  const bias = randn([d]).requiresGrad_();
  weight.grad = randn([d, d]);
  bias.grad = randn([d]);
  const params = [weight, bias];
  const paramBytes = (d * d + d) * 4;

  const progress = ctx.progress(MEMORY_SPECS.length, 'optimizer state');
  const rows = MEMORY_SPECS.map((spec) => {
    const count = measure(spec, params);
    progress.tick(1);
    return { spec, count };
  });
  progress.stop();

  // Adafactor on the weight alone: the tutorial's "8192 instead of 16.7M" is about one d×d matrix.
  const adafactorWeight = measure({ make: (p) => new Adafactor(p) }, [weight]);

  // GaLore projects each matrix's gradient onto a rank-r subspace from a thin SVD. Our SVD is a
  // plain-JS one (a 512×512 takes over a minute), so GaLore is measured on a smaller layer and
  // its element count extrapolated with the same formula (projector + two rank-r moments).
  const gd = ctx.fast ? 64 : 256;
  const rank = gd / 8;
  const gW = randn([gd, gd]).requiresGrad_();
  gW.grad = randn([gd, gd]);
  const galore = measure({ make: (p) => new GaLoreAdamW([{ params: p, rank, updateProjGap: 200, scale: 0.25, projType: 'std' }]) }, [gW]);
  const galoreRatio = galore.bytes / (gd * gd * 4);

  const adamBytes = rows.find((r) => r.spec.name === 'Adam')!.count.bytes;
  const table: Table = {
    title: `Optimizer state after one step on a ${d}×${d} weight + ${d} bias (${(d * d + d).toLocaleString('en-US')} float32 parameters, ${(paramBytes / 2 ** 20).toFixed(1)} MiB)`,
    columns: [
      { header: 'optimizer' }, { header: 'state elements (by storage)' }, { header: 'bytes (stateBytes)' },
      { header: '× parameter bytes', digits: 3 }, { header: '÷ Adam', digits: 2 }, { header: 'tutorial' },
    ],
    rows: [
      ...rows.map(({ spec, count }) => [
        spec.name, fmtElements(count.elements), count.bytes.toLocaleString('en-US'), count.bytes / paramBytes,
        count.bytes === 0 ? '—' : (adamBytes / count.bytes).toFixed(2), spec.claim,
      ]),
      [
        `GaLoreAdamW (rank ${rank}, on a ${gd}×${gd} weight)`, fmtElements(galore.elements), galore.bytes.toLocaleString('en-US'),
        galoreRatio, (2 / galoreRatio).toFixed(2), '001: "reduces memory for second moment"',
      ],
    ],
  };

  // The tutorials' arithmetic, as plain math.
  const mathTable: Table = {
    title: 'The tutorials\' arithmetic',
    columns: [{ header: 'claim' }, { header: 'tutorial' }, { header: 'ours' }],
    rows: [
      [
        `Adafactor second moment of one ${d}×${d} matrix`, d === 4096 ? '"8192 instead of 16.7M — a 2000× reduction"' : '(tutorial: 4096×4096 → 8192)',
        `${fmtElements(adafactorWeight.elements)} (measured) vs ${(d * d).toLocaleString('en-US')} → ${((d * d) / (2 * d)).toFixed(0)}× reduction`,
      ],
      ['GPT-3 Adam state in fp32', '"175B … 350B extra floats = 1.4 TB"', `2 × 175e9 × 4 B = ${((2 * 175e9 * 4) / 1e12).toFixed(1)} TB`],
      [
        `GaLore rank r on a ${4096}×${4096} weight (projector 4096·r + moments 2·r·4096)`, '—',
        `r = 128: ${((3 * 128 * 4096) / (4096 * 4096)).toFixed(4)}× parameter bytes (measured ${galoreRatio.toFixed(4)}× at ${gd}×${gd}, r = ${rank}: 3r/d = ${((3 * rank) / gd).toFixed(4)})`,
      ],
    ],
  };

  const figures = [
    await writeSvg(
      join(ctx.outDir, 'state-bytes.svg'),
      await barChart({
        title: `Optimizer state after one step, ${d}×${d} + ${d} parameters (log scale; SGD's 0 not drawn)`,
        xLabel: 'Optimizer', yLabel: 'State bytes (log scale)', logY: true, width: 900,
        bars: rows.filter((r) => r.count.bytes > 0).map((r) => ({ category: r.spec.name.replace(' (1 iteration)', ''), value: r.count.bytes })),
      }),
    ),
  ];

  const metrics: Record<string, number> = { d, paramBytes, 'galore/ratio': galoreRatio, 'galore/bytes': galore.bytes, 'adafactorWeight/bytes': adafactorWeight.bytes };
  for (const { spec, count } of rows) {
    metrics[`${spec.name}/bytes`] = count.bytes;
    metrics[`${spec.name}/ratio`] = count.bytes / paramBytes;
    for (const [k, n] of Object.entries(count.elements)) metrics[`${spec.name}/elements/${k}`] = n;
  }
  for (const [k, n] of Object.entries(adafactorWeight.elements)) metrics[`adafactorWeight/elements/${k}`] = n;
  return { tables: [table, mathTable], metrics, figures };
}

export const optimizerMemory: Example = {
  name: 'optimizer-memory',
  title: 'Optimizer memory: measured state of every optimizer beside the tutorials\' claims',
  tutorial: '001_7549479997da42e7.txt (optimiser table, Adafactor, 8-bit Adam); 004_ddc3277edcc77665.txt (buffer table, AdaFactor)',
  run,
};
