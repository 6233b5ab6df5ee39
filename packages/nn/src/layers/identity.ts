/** Identity: returns its input (a placeholder that keeps a model's structure, as in PyTorch). */
import type { Tensor } from '@gradstack/core';
import { Module } from '../module.js';

export class Identity extends Module {
  forward(x: Tensor): Tensor {
    return x;
  }
}
