/**
 * A Conv2d whose weights are shared by several applications (torchvision's RPNHead runs one conv on every pyramid
 * level): the parameters are registered once, the MACs are counted per application.
 */
import type { GraphBuilder } from '@modelbench/onnx';
import { attr } from '@modelbench/onnx';
import type { Rng } from '@modelbench/core';
import type { Sym } from '../layers.ts';
import type { StrideLedger } from './macs.ts';

export interface SharedConvOptions {
  inChannels: number;
  outChannels: number;
  kernel: number;
  /** weight std (normal init) */
  std: number;
  /** bias values; zeros when absent (torchvision's RPN init) */
  bias?: Float32Array;
}

export type ConvApply = (x: Sym) => Sym;

export function sharedConv(g: GraphBuilder, rng: Rng, o: SharedConvOptions, stem: string, ledger?: StrideLedger): ConvApply {
  const { inChannels: cin, outChannels: cout, kernel: k } = o;
  const weightCount = cout * cin * k * k;
  const weight = g.initializer(`${stem}.weight`, 'FLOAT', [cout, cin, k, k], rng.fillNormal(new Float32Array(weightCount), 0, o.std), true);
  const bias = g.initializer(`${stem}.bias`, 'FLOAT', [cout], o.bias ?? new Float32Array(cout), true);
  const padding = (k - 1) / 2;
  return (x: Sym): Sym => {
    const [, h, w] = x.shape as [number, number, number];
    const y = g.op('Conv', [x.name, weight, bias], {
      kernel_shape: attr.ints([k, k]),
      pads: attr.ints([padding, padding, padding, padding]),
      strides: attr.ints([1, 1]),
    });
    g.count(0, weightCount * h * w);
    ledger?.record(h, weightCount * h * w);
    return { name: y, shape: [cout, h, w] };
  };
}
