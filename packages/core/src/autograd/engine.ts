/**
 * The reverse-mode engine. Walks the graph from the roots in dependency order (Kahn's algorithm
 * over the nodes reachable from the roots), so every node runs once with its gradient fully
 * accumulated. Leaves receive gradients by accumulation into `.grad` (backward) or into the
 * returned list (autograd.grad).
 */
import { AutogradError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { isAnomalyEnabled, isGradEnabled, setGradEnabled, noGrad } from './gradMode.js';
import type { Node } from './node.js';
import { hostData } from '../hostRead.js';

export interface EngineOptions {
  retainGraph: boolean;
  createGraph: boolean;
  /** autograd.grad: the tensors whose gradients are returned instead of accumulated. */
  inputs?: readonly Tensor[];
}

export function runBackward(roots: readonly Tensor[], rootGrads: readonly Tensor[], opts: EngineOptions): (Tensor | null)[] {
  const { retainGraph, createGraph, inputs } = opts;
  const capture = inputs ? new Map<Tensor, Tensor | null>(inputs.map((t) => [t, null])) : null;
  // Non-leaf capture targets are found by their gradFn (one node produces one tensor).
  const captureNodes = new Map<Node, Tensor>();
  if (inputs) for (const t of inputs) if (t.gradFn) captureNodes.set(t.gradFn, t);

  // 1. Reachable nodes and dependency counts.
  const deps = new Map<Node, number>();
  const stack: Node[] = [];
  for (const r of roots) if (r.gradFn && !deps.has(r.gradFn)) { deps.set(r.gradFn, 0); stack.push(r.gradFn); }
  const order: Node[] = [];
  while (stack.length) {
    const n = stack.pop()!;
    order.push(n);
    for (const f of n.inputFns) {
      if (!f) continue;
      const d = deps.get(f);
      if (d === undefined) { deps.set(f, 1); stack.push(f); } else deps.set(f, d + 1);
    }
  }
  // autograd.grad runs only the nodes on a path to a requested input.
  let needed: Set<Node> | null = null;
  if (inputs) {
    needed = new Set();
    const leafTargets = new Set(inputs.filter((t) => !t.gradFn));
    const memo = new Map<Node, boolean>();
    const leads = (n: Node): boolean => {
      // Iterative post-order to avoid deep recursion on long graphs.
      const st: [Node, number][] = [[n, 0]];
      while (st.length) {
        const top = st[st.length - 1];
        const [node, i] = top;
        if (memo.has(node)) { st.pop(); continue; }
        if (i < node.inputs.length) {
          top[1]++;
          const f = node.inputFns[i];
          if (f && !memo.has(f)) st.push([f, 0]);
          continue;
        }
        let r = false;
        for (let j = 0; j < node.inputs.length; j++) {
          const f = node.inputFns[j];
          if (f ? memo.get(f) || captureNodes.has(f) : leafTargets.has(node.inputs[j])) { r = true; break; }
        }
        memo.set(node, r);
        st.pop();
      }
      return memo.get(n)!;
    };
    for (const n of order) if (leads(n)) needed.add(n);
  }

  // 2. Seed the root gradients.
  const buffers = new Map<Node, Tensor>();
  const prevMode = isGradEnabled();
  setGradEnabled(createGraph);
  try {
    for (let i = 0; i < roots.length; i++) {
      const r = roots[i];
      const g = rootGrads[i];
      if (r.gradFn) addInto(buffers, r.gradFn, g);
      else deliverToLeaf(r, g, capture, createGraph);
    }

    // 3. Execute in dependency order.
    const ready: Node[] = [];
    for (const r of roots) if (r.gradFn && deps.get(r.gradFn) === 0 && !ready.includes(r.gradFn)) ready.push(r.gradFn);
    const anomaly = isAnomalyEnabled();
    while (ready.length) {
      const node = ready.pop()!;
      let grad = buffers.get(node) ?? null;
      buffers.delete(node);
      if (grad && node.hooks) for (const h of node.hooks) { const r = h(grad); if (r) grad = r; }
      if (grad && node.retainTarget) {
        // Accumulated across backward calls, like a leaf's .grad (and PyTorch's retain_grad).
        const rt = node.retainTarget;
        const g = createGraph ? grad : grad.detach();
        rt.grad = rt.grad === null ? g : rt.grad.add(g);
      }
      const target = captureNodes.get(node);
      if (grad && target) capture!.set(target, capture!.get(target) ? capture!.get(target)!.add(grad) : grad);
      const run = grad !== null && (needed === null || needed.has(node));
      let outs: readonly (Tensor | null)[] | null = null;
      if (run) {
        if (node.released && node.hasSaved()) node.saved(); // throws the "backward twice" error
        outs = node.backwardFn(grad!, node.hasSaved() ? node.saved() : [], node);
        if (anomaly) checkFinite(node, outs);
        if (!retainGraph) node.release();
      }
      for (let i = 0; i < node.inputs.length; i++) {
        const inp = node.inputs[i];
        const f = node.inputFns[i];
        const gi = outs ? outs[i] : null;
        if (f) {
          if (gi && (needed === null || needed.has(f) || captureNodes.has(f))) addInto(buffers, f, gi);
          const d = deps.get(f)! - 1;
          deps.set(f, d);
          if (d === 0) ready.push(f);
        } else if (gi && inp.requiresGrad && inp.isLeaf) {
          deliverToLeaf(inp, gi, capture, createGraph);
        }
      }
    }
  } finally {
    setGradEnabled(prevMode);
  }
  return inputs ? inputs.map((t) => capture!.get(t) ?? null) : [];
}

function addInto(buffers: Map<Node, Tensor>, node: Node, g: Tensor): void {
  const prev = buffers.get(node);
  buffers.set(node, prev ? prev.add(g) : g);
}

function deliverToLeaf(leaf: Tensor, g: Tensor, capture: Map<Tensor, Tensor | null> | null, createGraph: boolean): void {
  if (leaf._hooks) for (const h of leaf._hooks) { const r = h(g); if (r) g = r; }
  if (capture) {
    if (capture.has(leaf)) capture.set(leaf, capture.get(leaf) ? capture.get(leaf)!.add(g) : g);
    return;
  }
  if (g.dtype !== leaf.dtype) g = g.to(leaf.dtype);
  if (leaf.grad === null) {
    // Own the buffer: the incoming gradient may be shared with another leaf or node.
    leaf.grad = createGraph ? g : g.detach().clone();
  } else if (createGraph) {
    leaf.grad = leaf.grad.add(g);
  } else {
    const acc = leaf.grad;
    noGrad(() => acc.add_(g));
  }
}

function checkFinite(node: Node, outs: readonly (Tensor | null)[]): void {
  outs.forEach((o, i) => {
    if (!o) return;
    const d = hostData(o, `anomaly mode (checking ${node.name})`, 'every backward output is scanned for nan/inf on the host', 'turn anomaly mode off there, or debug on the cpu backend');
    for (let j = 0; j < d.length; j++) {
      if (!Number.isFinite(d[j])) {
        throw new AutogradError(
          `anomaly detected: ${node.name} returned ${Number.isNaN(d[j]) ? 'nan' : 'inf'} values in its ${i}th output ` +
            `(shape [${o.shape.join(',')}]). The forward op that produced it is ${node.name.replace(/Backward$/, '')}.`,
        );
      }
    }
  });
}

export function checkRootGrad(t: Tensor, g: Tensor | undefined, op: string): Tensor {
  if (!t.requiresGrad) {
    throw new AutogradError(
      `${op}: element 0 of tensors does not require grad and does not have a gradFn — ` +
        `create the leaf with { requiresGrad: true } (or call .requiresGrad_()) before computing the output`,
    );
  }
  if (g === undefined) {
    if (t.numel !== 1) {
      throw new AutogradError(
        `${op}: grad can be implicitly created only for scalar outputs; this output has shape [${t.shape.join(',')}] — ` +
          `pass a gradient of the same shape (e.g. onesLike(out)) or reduce it first (out.sum())`,
      );
    }
    return t.onesLike();
  }
  if (g.shape.length !== t.shape.length || g.shape.some((d, i) => d !== t.shape[i])) {
    throw new AutogradError(`${op}: gradient has shape [${g.shape.join(',')}] but the output has shape [${t.shape.join(',')}] — they must match`);
  }
  return g;
}
