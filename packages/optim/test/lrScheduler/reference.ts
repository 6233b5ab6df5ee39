// Independent reference of the schedules, transliterated from the Python sources (PyTorch
// torch/optim/lr_scheduler.py @008f727e, swa_utils.py, HF transformers optimization.py) as a
// plain simulation over dict-like groups with PyTorch's own key names. It shares no code with
// src/, so the golden fixtures it writes check the classes against the Python algorithms.
// Arithmetic is written in the Python source's order so that values match bit for bit.

type Group = Record<string, number>;
export type Lrs = number[][]; // [step][group]

export interface RefCase {
  name: string;
  kind: string;
  lrs: number[];
  steps: number;
  opts: Record<string, unknown>;
  metrics?: number[];
  epochs?: number[];
}

const groupsOf = (lrs: number[]): Group[] => lrs.map((lr) => ({ lr }));
const snapshot = (gs: Group[]) => gs.map((g) => g.lr);

/** Runs an LRScheduler-like loop: construct (step 0), then `steps` plain steps. */
function simulate(c: RefCase, setup: (gs: Group[]) => void, getLr: (e: number, gs: Group[], base: number[], stepCount: number, initial: boolean) => number[]): Lrs {
  const gs = groupsOf(c.lrs);
  setup(gs);
  for (const g of gs) if (!('initial_lr' in g)) g.initial_lr = g.lr;
  const base = gs.map((g) => g.initial_lr);
  const out: Lrs = [];
  let e = -1;
  for (let k = 0; k <= c.steps; k++) {
    e += 1;
    const vals = getLr(e, gs, base, k + 1, k === 0);
    gs.forEach((g, i) => (g.lr = vals[i]));
    out.push(snapshot(gs));
  }
  return out;
}

const keep = (gs: Group[]) => gs.map((g) => g.lr);
const o = (c: RefCase, key: string, dflt?: unknown) => (c.opts[key] ?? dflt) as number;

function hf(c: RefCase, f: (step: number) => number): Lrs {
  return simulate(c, () => {}, (e, _gs, base) => base.map((b) => b * f(e)));
}

export function reference(c: RefCase): Lrs {
  switch (c.kind) {
    case 'StepLR': {
      const ss = o(c, 'stepSize');
      const gamma = o(c, 'gamma', 0.1);
      return simulate(c, () => {}, (e, gs) => (e === 0 || e % ss !== 0 ? keep(gs) : gs.map((g) => g.lr * gamma)));
    }
    case 'MultiStepLR': {
      const ms = c.opts.milestones as number[];
      const gamma = o(c, 'gamma', 0.1);
      return simulate(c, () => {}, (e, gs) => {
        const n = ms.filter((m) => m === e).length;
        return n === 0 ? keep(gs) : gs.map((g) => g.lr * gamma ** n);
      });
    }
    case 'ConstantLR': {
      const f = o(c, 'factor', 1 / 3);
      const T = o(c, 'totalIters', 5);
      return simulate(c, () => {}, (e, gs) => (e === 0 ? gs.map((g) => g.lr * f) : e !== T ? keep(gs) : gs.map((g) => g.lr * (1.0 / f))));
    }
    case 'LinearLR': {
      const s = o(c, 'startFactor', 1 / 3);
      const en = o(c, 'endFactor', 1.0);
      const T = o(c, 'totalIters', 5);
      return simulate(c, () => {}, (e, gs, _b, _s, initial) => {
        if (e === 0) return gs.map((g) => g.lr * s);
        if (initial || e > T) return keep(gs);
        return gs.map((g) => g.lr * (1.0 + (en - s) / (T * s + (e - 1) * (en - s))));
      });
    }
    case 'ExponentialLR': {
      const gamma = o(c, 'gamma');
      return simulate(c, () => {}, (_e, gs, _b, _s, initial) => (initial ? keep(gs) : gs.map((g) => g.lr * gamma)));
    }
    case 'PolynomialLR': {
      const T = o(c, 'totalIters', 5);
      const p = o(c, 'power', 1.0);
      return simulate(c, () => {}, (e, gs, _b, _s, initial) => {
        if (initial || e > T) return keep(gs);
        const d = ((1.0 - e / T) / (1.0 - (e - 1) / T)) ** p;
        return gs.map((g) => g.lr * d);
      });
    }
    case 'CosineAnnealingLR': {
      const T = o(c, 'tMax');
      const eta = o(c, 'etaMin', 0.0);
      return simulate(c, () => {}, (e, gs, base, _s, initial) => {
        if (initial) return keep(gs);
        if ((e - 1 - T) % (2 * T) === 0) return gs.map((g, i) => g.lr + ((base[i] - eta) * (1 - Math.cos(Math.PI / T))) / 2);
        return gs.map((g) => ((1 + Math.cos((Math.PI * e) / T)) / (1 + Math.cos((Math.PI * (e - 1)) / T))) * (g.lr - eta) + eta);
      });
    }
    case 'CyclicLR':
      return cyclic(c);
    case 'OneCycleLR':
      return oneCycle(c);
    case 'CosineAnnealingWarmRestarts':
      return warmRestarts(c);
    case 'SWALR': {
      const A = o(c, 'annealEpochs', 10);
      const cos = (c.opts.annealStrategy ?? 'cos') === 'cos';
      const f = (t: number) => (cos ? (1 - Math.cos(Math.PI * t)) / 2 : t);
      const swa = o(c, 'swaLr');
      return simulate(c, () => {}, (_e, gs, _b, stepCount) => {
        let step = stepCount - 1;
        if (A === 0) step = Math.max(1, step);
        const pa = f(Math.max(0, Math.min(1, (step - 1) / Math.max(1, A))));
        const prev = gs.map((g) => (pa === 1 ? swa : (g.lr - pa * swa) / (1 - pa)));
        const a = f(Math.max(0, Math.min(1, step / Math.max(1, A))));
        return prev.map((lr) => swa * a + lr * (1 - a));
      });
    }
    case 'ReduceLROnPlateau':
      return plateau(c);
    case 'WarmupCosineSequential':
      return warmupCosineSequential(c);
    case 'ConstantWithWarmupLR': {
      const w = o(c, 'warmupSteps');
      return hf(c, (s) => (s < w ? s / Math.max(1.0, w) : 1.0));
    }
    case 'LinearWithWarmupLR': {
      const w = o(c, 'warmupSteps');
      const T = o(c, 'totalSteps');
      return hf(c, (s) => (s < w ? s / Math.max(1, w) : Math.max(0.0, (T - s) / Math.max(1, T - w))));
    }
    case 'CosineWithWarmupLR': {
      const w = o(c, 'warmupSteps');
      const T = o(c, 'totalSteps');
      const nc = o(c, 'numCycles', 0.5);
      const r = o(c, 'minLrRate', 0.0);
      return hf(c, (s) => {
        if (s < w) return s / Math.max(1, w);
        const progress = (s - w) / Math.max(1, T - w);
        let factor = 0.5 * (1.0 + Math.cos(Math.PI * nc * 2.0 * progress));
        factor = factor * (1 - r) + r;
        return Math.max(0, factor);
      });
    }
    case 'CosineWithHardRestartsWithWarmupLR': {
      const w = o(c, 'warmupSteps');
      const T = o(c, 'totalSteps');
      const nc = o(c, 'numCycles', 1);
      return hf(c, (s) => {
        if (s < w) return s / Math.max(1, w);
        const progress = (s - w) / Math.max(1, T - w);
        if (progress >= 1.0) return 0.0;
        return Math.max(0.0, 0.5 * (1.0 + Math.cos(Math.PI * ((nc * progress) % 1.0))));
      });
    }
    case 'PolynomialDecayWithWarmupLR': {
      const w = o(c, 'warmupSteps');
      const T = o(c, 'totalSteps');
      const lrEnd = o(c, 'lrEnd', 1e-7);
      const power = o(c, 'power', 1.0);
      const lrInit = c.lrs[0]; // the optimizer default lr of the fixtures
      return hf(c, (s) => {
        if (s < w) return s / Math.max(1, w);
        if (s > T) return lrEnd / lrInit;
        const decay = (lrInit - lrEnd) * (1 - (s - w) / (T - w)) ** power + lrEnd;
        return decay / lrInit;
      });
    }
    case 'InverseSqrtLR': {
      const w = o(c, 'warmupSteps');
      const ts = o(c, 'timescale', w || 10_000);
      return hf(c, (s) => (s < w ? s / Math.max(1, w) : 1.0 / Math.sqrt((s + (ts - w)) / ts)));
    }
    case 'NoamLR': {
      const d = o(c, 'dModel');
      const w = o(c, 'warmupSteps');
      const f = o(c, 'factor', 1);
      return hf(c, (s) => {
        const st = s === 0 ? 1 : s;
        return f * (d ** -0.5 * Math.min(st ** -0.5, st * w ** -1.5));
      });
    }
    case 'WarmupStableDecayLR': {
      const w = o(c, 'warmupSteps');
      const D = o(c, 'decaySteps');
      const S = (c.opts.stableSteps as number | undefined) ?? o(c, 'totalSteps') - w - D;
      const wt = (c.opts.warmupType ?? 'linear') as string;
      const dt = (c.opts.decayType ?? 'cosine') as string;
      const r = o(c, 'minLrRatio', 0);
      const nc = o(c, 'numCycles', 0.5);
      return hf(c, (s) => {
        if (s < w) {
          const p = s / Math.max(1, w);
          const f = wt === 'linear' ? p : wt === 'cosine' ? 0.5 * (1.0 - Math.cos(Math.PI * p)) : 1.0 - Math.sqrt(1.0 - p);
          return Math.max(0.0, f * (1.0 - r) + r);
        }
        if (s < w + S) return 1.0;
        if (s < w + S + D) {
          const p = (s - w - S) / Math.max(1, D);
          const f = dt === 'linear' ? 1.0 - p : dt === 'cosine' ? 0.5 * (1.0 + Math.cos(Math.PI * nc * 2.0 * p)) : 1.0 - Math.sqrt(p);
          return Math.max(0.0, f * (1.0 - r) + r);
        }
        return r;
      });
    }
    default:
      throw new Error(`reference: unknown kind ${c.kind}`);
  }
}

function cyclic(c: RefCase): Lrs {
  const baseLr = o(c, 'baseLr');
  const maxLr = o(c, 'maxLr');
  const up = o(c, 'stepSizeUp', 2000);
  const down = o(c, 'stepSizeDown', up);
  const mode = (c.opts.mode ?? 'triangular') as string;
  const gamma = o(c, 'gamma', 1.0);
  const bm = o(c, 'baseMomentum', 0.8);
  const mm = o(c, 'maxMomentum', 0.9);
  const total = up + down;
  const ratio = up / total;
  const fn = (x: number) => (mode === 'triangular' ? 1.0 : mode === 'triangular2' ? 1 / 2.0 ** (x - 1) : gamma ** x);
  let bases: number[] = [];
  const gs = groupsOf(c.lrs);
  gs.forEach((g) => (g.lr = baseLr));
  const out: Lrs = [];
  const moms: number[][] = [];
  for (let e = 0; e <= c.steps; e++) {
    if (e === 0) bases = gs.map((g) => g.lr); // the groups' initial_lr, which is baseLr here
    const cycle = Math.floor(1 + e / total);
    const x = 1.0 + e / total - cycle;
    const sf = x <= ratio ? x / ratio : (x - 1) / (ratio - 1);
    const arg = mode === 'exp_range' ? e : cycle;
    gs.forEach((g, i) => (g.lr = bases[i] + (maxLr - bases[i]) * sf * fn(arg)));
    moms.push(gs.map(() => mm - (mm - bm) * sf * fn(arg)));
    out.push(snapshot(gs));
  }
  return out.map((row, k) => [...row, ...moms[k]]);
}

function oneCycle(c: RefCase): Lrs {
  const T = o(c, 'totalSteps');
  const p = o(c, 'pctStart', 0.3);
  const lin = c.opts.annealStrategy === 'linear';
  const div = o(c, 'divFactor', 25.0);
  const fdiv = o(c, 'finalDivFactor', 1e4);
  const maxLr = o(c, 'maxLr');
  const bm = o(c, 'baseMomentum', 0.85);
  const mm = o(c, 'maxMomentum', 0.95);
  const g: Group = { initial_lr: maxLr / div, max_lr: maxLr, max_momentum: mm, base_momentum: bm };
  g.min_lr = g.initial_lr / fdiv;
  const phases: [number, string, string, string, string][] = c.opts.threePhase
    ? [
        [p * T - 1, 'initial_lr', 'max_lr', 'max_momentum', 'base_momentum'],
        [2 * p * T - 2, 'max_lr', 'initial_lr', 'base_momentum', 'max_momentum'],
        [T - 1, 'initial_lr', 'min_lr', 'max_momentum', 'max_momentum'],
      ]
    : [
        [p * T - 1, 'initial_lr', 'max_lr', 'max_momentum', 'base_momentum'],
        [T - 1, 'max_lr', 'min_lr', 'base_momentum', 'max_momentum'],
      ];
  const anneal = (a: number, b: number, pct: number) => (lin ? (b - a) * pct + a : b + ((a - b) / 2.0) * (Math.cos(Math.PI * pct) + 1));
  const out: Lrs = [];
  for (let e = 0; e <= c.steps; e++) {
    let start = 0.0;
    for (let i = 0; i < phases.length; i++) {
      const [end, sl, el, sm, em] = phases[i];
      if (e <= end || i === phases.length - 1) {
        const pct = (e - start) / (end - start);
        const lr = anneal(g[sl], g[el], pct);
        out.push([...c.lrs.map(() => lr), ...c.lrs.map(() => anneal(g[sm], g[em], pct))]);
        break;
      }
      start = end;
    }
  }
  return out;
}

function warmRestarts(c: RefCase): Lrs {
  const T0 = o(c, 'T0');
  const tm = o(c, 'tMult', 1);
  const eta = o(c, 'etaMin', 0.0);
  const base = c.lrs;
  let Ti = T0;
  let Tcur = 0;
  let last = 0;
  const lr = () => base.map((b) => eta + ((b - eta) * (1 + Math.cos((Math.PI * Tcur) / Ti))) / 2);
  const out: Lrs = [lr()];
  // With `epochs`, each step is step(epoch); otherwise plain steps.
  const n = c.epochs?.length ?? c.steps;
  for (let k = 0; k < n; k++) {
    const epoch = c.epochs?.[k];
    if (epoch === undefined) {
      last += 1;
      Tcur += 1;
      if (Tcur >= Ti) {
        Tcur = Tcur % Ti;
        Ti = Ti * tm;
      }
    } else {
      if (epoch >= T0) {
        if (tm === 1) Tcur = epoch % T0;
        else {
          const m = Math.trunc(Math.log((epoch / T0) * (tm - 1) + 1) / Math.log(tm));
          Tcur = epoch - (T0 * (tm ** m - 1)) / (tm - 1);
          Ti = T0 * tm ** m;
        }
      } else {
        Ti = T0;
        Tcur = epoch;
      }
      last = Math.floor(epoch);
    }
    void last;
    out.push(lr());
  }
  return out;
}

function plateau(c: RefCase): Lrs {
  const mode = (c.opts.mode ?? 'min') as string;
  const tmode = (c.opts.thresholdMode ?? 'rel') as string;
  const factor = o(c, 'factor', 0.1);
  const patience = o(c, 'patience', 10);
  const th = o(c, 'threshold', 1e-4);
  const cooldown = o(c, 'cooldown', 0);
  const minLr = o(c, 'minLr', 0);
  const eps = o(c, 'eps', 1e-8);
  const gs = groupsOf(c.lrs);
  let best = mode === 'min' ? Infinity : -Infinity;
  let bad = 0;
  let cd = 0;
  const better = (a: number) =>
    mode === 'min' ? (tmode === 'rel' ? a < best * (1.0 - th) : a < best - th) : tmode === 'rel' ? a > best * (th + 1.0) : a > best + th;
  const out: Lrs = [snapshot(gs)];
  for (const m of c.metrics ?? []) {
    if (better(m)) {
      best = m;
      bad = 0;
    } else bad += 1;
    if (cd > 0) {
      cd -= 1;
      bad = 0;
    }
    if (bad > patience) {
      for (const g of gs) {
        const nl = Math.max(g.lr * factor, minLr);
        if (g.lr - nl > eps) g.lr = nl;
      }
      cd = cooldown;
      bad = 0;
    }
    out.push(snapshot(gs));
  }
  return out;
}

/** SequentialLR([LinearLR(startFactor, 1, w), CosineAnnealingLR(tMax, etaMin)], [w]). */
function warmupCosineSequential(c: RefCase): Lrs {
  const w = o(c, 'warmupSteps');
  const sf = o(c, 'startFactor');
  const tMax = o(c, 'tMax');
  const eta = o(c, 'etaMin', 0);
  const base = c.lrs;
  const gs = groupsOf(c.lrs);
  const out: Lrs = [];
  // Phase 1: LinearLR's epochs 0..w-1 (recursive form).
  for (let e = 0; e < w; e++) {
    if (e === 0) gs.forEach((g) => (g.lr = g.lr * sf));
    else if (e <= w) gs.forEach((g) => (g.lr = g.lr * (1.0 + (1 - sf) / (w * sf + (e - 1) * (1 - sf)))));
    out.push(snapshot(gs));
  }
  // Phase 2: restarted through CosineAnnealingLR's closed form at epoch 0, then recursive.
  for (let e = 0; out.length <= c.steps; e++) {
    if (e === 0) gs.forEach((g, i) => (g.lr = eta + ((base[i] - eta) * (1 + Math.cos((Math.PI * 0) / tMax))) / 2));
    else if ((e - 1 - tMax) % (2 * tMax) === 0) gs.forEach((g, i) => (g.lr = g.lr + ((base[i] - eta) * (1 - Math.cos(Math.PI / tMax))) / 2));
    else gs.forEach((g) => (g.lr = ((1 + Math.cos((Math.PI * e) / tMax)) / (1 + Math.cos((Math.PI * (e - 1)) / tMax))) * (g.lr - eta) + eta));
    out.push(snapshot(gs));
  }
  return out;
}
