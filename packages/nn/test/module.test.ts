import { describe, expect, it } from 'vitest';
import { manualSeed, ones, randn, tensor, zeros, type Tensor } from '@gradstack/core';
import {
  BatchNorm1d, Dropout, Flatten, Linear, Module, ModuleDict, ModuleList, Parameter, ReLU, Sequential, StateDictError,
} from '../src/index.js';

class Net extends Module {
  fc1 = new Linear(4, 8);
  act = new ReLU();
  fc2 = new Linear(8, 2);
  scale = new Parameter(ones([1]));

  constructor() {
    super();
    this.registerBuffer('steps', zeros([1]));
  }

  forward(x: Tensor): Tensor {
    return this.fc2.call(this.act.call(this.fc1.call(x))).mul(this.scale);
  }
}

describe('Module registration', () => {
  it('registers fields assigned as parameters, modules and buffers, in order', () => {
    const net = new Net();
    expect(net.namedParameters().map(([n]) => n)).toEqual(['scale', 'fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias']);
    expect(net.parameters()).toHaveLength(5);
    expect(net.parameters().every((p) => p instanceof Parameter && p.requiresGrad && p.isLeaf)).toBe(true);
    expect(net.namedBuffers().map(([n]) => n)).toEqual(['steps']);
    expect(net.children()).toEqual([net.fc1, net.act, net.fc2]);
    expect(net.modules()).toEqual([net, net.fc1, net.act, net.fc2]);
    expect(net.namedModules().map(([n]) => n)).toEqual(['', 'fc1', 'act', 'fc2']);
    // PyTorch's order: a module's own parameters, then its buffers, then each child's.
    expect(Object.keys(net.stateDict())).toEqual(['scale', 'steps', 'fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias']);
  });

  it('replaces, nulls and rejects assignments as PyTorch __setattr__ does', () => {
    const lin = new Linear(3, 2);
    const w = new Parameter(zeros([2, 3]));
    lin.weight = w;
    expect(lin.parameters()[0]).toBe(w);
    lin.bias = null;
    expect(lin.namedParameters().map(([n]) => n)).toEqual(['weight']);
    expect(() => {
      (lin as unknown as { weight: Tensor }).weight = zeros([2, 3]);
    }).toThrow(TypeError);
    const net = new Net();
    net.registerBuffer('steps', ones([1]));
    (net as unknown as { steps: Tensor }).steps = tensor([5]);
    expect(net.buffers()[0].item()).toBe(5);
    expect(() => net.registerParameter('forward', null)).toThrow(TypeError);
    expect(() => net.registerModule('a.b', new ReLU())).toThrow(TypeError);
  });

  it('shares a parameter used twice only once', () => {
    const a = new Linear(2, 2);
    const seq = new Sequential(a, new ReLU(), a);
    expect(seq.parameters()).toHaveLength(2);
  });

  it('train()/eval() propagate to every submodule', () => {
    const net = new Sequential(new Linear(2, 2), new Dropout(0.5), new Sequential(new BatchNorm1d(2)));
    net.eval();
    expect(net.modules().every((m) => !m.training)).toBe(true);
    net.train();
    expect(net.modules().every((m) => m.training)).toBe(true);
  });

  it('zeroGrad clears gradients (to null by default, to zeros with setToNone: false)', () => {
    const net = new Net();
    net.forward(randn([3, 4])).sum().backward();
    expect(net.parameters().every((p) => p.grad !== null)).toBe(true);
    net.zeroGrad({ setToNone: false });
    expect(net.parameters().every((p) => p.grad !== null && Array.from(p.grad.data()).every((v) => v === 0))).toBe(true);
    net.zeroGrad();
    expect(net.parameters().every((p) => p.grad === null)).toBe(true);
  });

  it('apply visits children before the parent', () => {
    const net = new Net();
    const seen: string[] = [];
    net.apply((m) => seen.push(m.constructor.name));
    expect(seen).toEqual(['Linear', 'ReLU', 'Linear', 'Net']);
  });

  it('call runs forward pre-hooks and hooks; removing a hook stops it', () => {
    const lin = new Linear(2, 2);
    const calls: string[] = [];
    const pre = lin.registerForwardPreHook(() => void calls.push('pre'));
    const post = lin.registerForwardHook((_m, _in, out) => (out as Tensor).mul(0));
    const y = lin.call(ones([1, 2]));
    expect(calls).toEqual(['pre']);
    expect(Array.from(y.data()).every((v) => v === 0)).toBe(true);
    pre.remove();
    post.remove();
    expect(Array.from(lin.call(ones([1, 2])).data()).every((v) => v === 0)).toBe(false);
    expect(calls).toEqual(['pre']);
  });

  it('to("float64") converts parameters and buffers in place of the old ones', () => {
    const net = new Net().double();
    expect(net.parameters().every((p) => p.dtype === 'float64' && p instanceof Parameter)).toBe(true);
    expect(net.buffers()[0].dtype).toBe('float64');
    expect(net.forward(randn([2, 4], { dtype: 'float64' })).dtype).toBe('float64');
  });
});

describe('stateDict / loadStateDict', () => {
  it('round-trips into a fresh model (same outputs)', () => {
    manualSeed(1);
    const a = new Net();
    manualSeed(2);
    const b = new Net();
    const x = randn([5, 4]);
    expect(Array.from(a.forward(x).data())).not.toEqual(Array.from(b.forward(x).data()));
    const res = b.loadStateDict(a.stateDict());
    expect(res).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(Array.from(b.forward(x).data())).toEqual(Array.from(a.forward(x).data()));
  });

  it('stateDict values share storage but carry no graph', () => {
    const lin = new Linear(2, 3);
    const sd = lin.stateDict();
    expect(sd.weight.requiresGrad).toBe(false);
    expect(sd.weight.storage).toBe(lin.weight.storage);
  });

  it('strict mode reports missing, unexpected keys and shape mismatches and changes nothing', () => {
    const net = new Net();
    const before = net.fc1.weight.data().slice();
    const sd = { ...new Net().stateDict() };
    delete sd['fc2.bias'];
    sd.extra = zeros([1]);
    sd['fc1.weight'] = zeros([3, 3]);
    let err: StateDictError | null = null;
    try {
      net.loadStateDict(sd);
    } catch (e) {
      err = e as StateDictError;
    }
    expect(err).toBeInstanceOf(StateDictError);
    expect(err!.missingKeys).toEqual(['fc2.bias']);
    expect(err!.unexpectedKeys).toEqual(['extra']);
    expect(err!.shapeMismatches[0]).toMatch(/fc1\.weight/);
    expect(err!.message).toMatch(/Missing key\(s\).*fc2\.bias/s);
    expect(err!.message).toMatch(/Unexpected key\(s\).*extra/s);
    expect(Array.from(net.fc1.weight.data())).toEqual(Array.from(before));
  });

  it('non-strict mode loads what matches and returns the key lists', () => {
    const net = new Net();
    const src = new Net();
    const sd: Record<string, Tensor> = { ...src.stateDict(), bogus: zeros([2]) };
    delete sd.scale;
    const res = net.loadStateDict(sd, { strict: false });
    expect(res).toEqual({ missingKeys: ['scale'], unexpectedKeys: ['bogus'] });
    expect(Array.from(net.fc2.weight.data())).toEqual(Array.from(src.fc2.weight.data()));
    // shape mismatches are errors even when not strict, as in PyTorch
    expect(() => net.loadStateDict({ 'fc2.bias': zeros([5]) }, { strict: false })).toThrow(StateDictError);
  });

  it('includes BatchNorm buffers under PyTorch names', () => {
    const bn = new BatchNorm1d(3);
    expect(Object.keys(bn.stateDict())).toEqual(['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked']);
    expect(bn.stateDict().num_batches_tracked.dtype).toBe('int32');
  });
});

describe('containers', () => {
  it('Sequential is indexable, iterable and runs in order', () => {
    const seq = new Sequential(new Linear(4, 3), new ReLU(), new Linear(3, 2));
    expect(seq.length).toBe(3);
    expect(seq[1]).toBeInstanceOf(ReLU);
    expect(seq.at(-1)).toBe(seq[2]);
    expect([...seq].map((m) => m.constructor.name)).toEqual(['Linear', 'ReLU', 'Linear']);
    const x = randn([5, 4]);
    const manual = seq[2].forward(seq[0].forward(x).relu());
    expect(Array.from(seq.call(x).data())).toEqual(Array.from(manual.data()));
    expect(Object.keys(seq.stateDict())).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
    seq.append(new Flatten());
    expect(seq.length).toBe(4);
    const popped = seq.pop(1);
    expect(popped).toBeInstanceOf(ReLU);
    expect(seq.namedChildren().map(([n]) => n)).toEqual(['0', '1', '2']);
    expect(seq.slice(0, 2).length).toBe(2);
  });

  it('Sequential accepts named modules', () => {
    const seq = new Sequential({ encoder: new Linear(2, 3), act: new ReLU() });
    expect(Object.keys(seq.stateDict())).toEqual(['encoder.weight', 'encoder.bias']);
    expect(seq.at(1)).toBeInstanceOf(ReLU);
  });

  it('ModuleList registers its modules and supports insert', () => {
    const list = new ModuleList<Module>([new Linear(2, 2), new Linear(2, 2)]);
    expect(list.parameters()).toHaveLength(4);
    list.insert(0, new ReLU());
    expect(list[0]).toBeInstanceOf(ReLU);
    expect(list.namedParameters().map(([n]) => n)).toEqual(['1.weight', '1.bias', '2.weight', '2.bias']);
    expect(() => list.forward()).toThrow(/no forward/);
  });

  it('ModuleDict keeps insertion order and looks up by key', () => {
    const d = new ModuleDict({ b: new Linear(1, 1), a: new ReLU() });
    expect(d.keys()).toEqual(['b', 'a']);
    expect(d.get('a')).toBeInstanceOf(ReLU);
    d.set('c', new Linear(1, 2));
    expect([...d]).toEqual(['b', 'a', 'c']);
    d.pop('b');
    expect(Object.keys(d.stateDict())).toEqual(['c.weight', 'c.bias']);
  });
});

describe('toString', () => {
  it('prints the module tree like PyTorch', () => {
    const seq = new Sequential(new Linear(4, 8), new ReLU(), new Dropout(0.1), new Linear(8, 2, { bias: false }));
    expect(seq.toString()).toBe(
      'Sequential(\n' +
        '  (0): Linear(in_features=4, out_features=8, bias=True)\n' +
        '  (1): ReLU()\n' +
        '  (2): Dropout(p=0.1, inplace=False)\n' +
        '  (3): Linear(in_features=8, out_features=2, bias=False)\n' +
        ')',
    );
    const nested = new Sequential(new Sequential(new BatchNorm1d(3)));
    expect(nested.toString()).toBe(
      'Sequential(\n  (0): Sequential(\n    (0): BatchNorm1d(3, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)\n  )\n)',
    );
  });
});
