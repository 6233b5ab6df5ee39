import { describe, expect, it } from 'vitest';
import { randn, tensor } from '@gradstack/core';
import * as pkg from '../src/index.js';
import { CrossEntropyLoss, F, Linear, Module, functional, init, nn, utils } from '../src/index.js';

describe('package exports', () => {
  it('exposes the PyTorch-shaped namespaces', () => {
    expect(nn.Linear).toBe(Linear);
    expect(nn.Module).toBe(Module);
    expect(nn.CrossEntropyLoss).toBe(CrossEntropyLoss);
    expect(nn.init.xavierUniform_).toBe(init.xavierUniform_);
    expect(nn.utils.clipGradNorm_).toBe(utils.clipGradNorm_);
    expect(nn.functional.crossEntropy).toBe(functional.crossEntropy);
    expect(F).toBe(functional);
    expect(typeof nn.save).toBe('function');
    expect(typeof nn.load).toBe('function');
  });

  it('exports every layer, loss and helper by name', () => {
    const names = [
      'Module', 'Parameter', 'Linear', 'Bilinear', 'Identity', 'Flatten', 'Unflatten', 'Sequential', 'ModuleList', 'ModuleDict',
      'ReLU', 'LeakyReLU', 'GELU', 'SiLU', 'Sigmoid', 'Tanh', 'Softplus', 'Softmax', 'LogSoftmax', 'Dropout', 'BatchNorm1d',
      'BatchNorm2d', 'LayerNorm', 'Embedding', 'Conv2d', 'MaxPool2d', 'AvgPool2d', 'MultiheadAttention', 'MSELoss', 'L1Loss',
      'HuberLoss', 'SmoothL1Loss', 'CrossEntropyLoss', 'NLLLoss', 'BCELoss', 'BCEWithLogitsLoss', 'KLDivLoss',
      'uniform_', 'normal_', 'constant_', 'zeros_', 'ones_', 'xavierUniform_', 'xavierNormal_', 'kaimingUniform_', 'kaimingNormal_',
      'orthogonal_', 'calculateGain', 'clipGradNorm_', 'clipGradValue_', 'parametersToVector', 'vectorToParameters', 'save', 'load',
      'crossEntropy', 'mseLoss', 'relu', 'dropout', 'linear', 'conv2d',
    ];
    for (const n of names) expect(pkg, n).toHaveProperty(n);
    for (const n of names.filter((x) => /^[A-Z]/.test(x))) expect(nn, n).toHaveProperty(n);
  });

  it('ports a PyTorch training step line by line', () => {
    const model = new nn.Sequential(new nn.Linear(4, 16), new nn.ReLU(), new nn.Linear(16, 3));
    const lossFn = new nn.CrossEntropyLoss();
    const x = randn([8, 4]);
    const y = tensor([0, 1, 2, 0, 1, 2, 0, 1], { dtype: 'int32' });
    const first = lossFn.forward(model.call(x), y);
    let loss = first;
    for (let step = 0; step < 30; step++) {
      model.zeroGrad();
      loss = lossFn.call(model.call(x), y);
      loss.backward();
      nn.utils.clipGradNorm_(model.parameters(), 1.0);
      for (const p of model.parameters()) p.detach().sub_(p.grad!.mul(0.1));
    }
    expect(loss.item()).toBeLessThan(first.item());
  });
});
