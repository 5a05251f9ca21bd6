/**
 * Graph helpers for SSD300: nodes named by scope (transform/, backbone/, head/, postprocess/) so a profile splits the
 * run by stage, and a convolution that picks torchvision's initialiser, counts parameters and MACs, and carries an
 * estimate of its output's mean square (used to calibrate the heads; see calibration.ts).
 */
import type { GraphBuilder } from '@modelbench/onnx';
import { attr, type Attr } from '@modelbench/onnx';
import type { Rng } from '@modelbench/core';
import { convOut } from '../layers.ts';

export type Scope = 'transform' | 'backbone' | 'head' | 'postprocess';

/** A per-sample CHW value and the estimated mean square of its elements at the calibration input. */
export interface Feature {
  name: string;
  shape: [number, number, number];
  meanSquare: number;
}

/** Adds a node named `<scope>/<OpType>[_n]`; returns its outputs. */
export function scopedNode(g: GraphBuilder, scope: Scope, opType: string, inputs: readonly string[], attrs: Record<string, Attr> = {}, outputs: number | readonly string[] = 1): string[] {
  const outs = typeof outputs === 'number' ? Array.from({ length: outputs }, () => g.unique(`${scope}/${opType.toLowerCase()}`)) : [...outputs];
  g.nodes.push({ opType, inputs, outputs: outs, name: g.unique(`${scope}/${opType}`), attrs });
  return outs;
}

export function scopedOp(g: GraphBuilder, scope: Scope, opType: string, inputs: readonly string[], attrs: Record<string, Attr> = {}, output?: string): string {
  return scopedNode(g, scope, opType, inputs, attrs, output === undefined ? 1 : [output])[0] as string;
}

/** Mean fraction of a kernel's taps that land inside the input along one axis (the rest read zero padding). */
export function validTapFraction(size: number, kernel: number, stride: number, padding: number, dilation: number): number {
  const out = convOut(size, kernel, stride, padding, dilation);
  let valid = 0;
  for (let o = 0; o < out; o++) {
    for (let t = 0; t < kernel; t++) {
      const i = o * stride - padding + t * dilation;
      if (i >= 0 && i < size) valid++;
    }
  }
  return valid / (out * kernel);
}

export interface SsdConvOptions {
  outChannels: number;
  kernel: number;
  stride?: number;
  padding?: number;
  dilation?: number;
  /** torchvision's VGG init (kaiming normal, fan_out, relu) or SSD's `_xavier_init` (xavier uniform) */
  init: 'kaiming-normal-fan-out' | 'xavier-uniform';
  /** rescale the weights so the predicted standard deviation of the output (bias excluded) is this */
  targetStd?: number;
  /** bias values; zeros (torchvision's init for both initialisers) when omitted */
  bias?: Float32Array;
}

export interface ConvResult extends Feature {
  /** the weight scale applied for `targetStd` (1 without it) */
  weightScale: number;
  /** predicted standard deviation of the output without its bias, after the scale */
  predictedStd: number;
}

/** nn.Conv2d(bias=True) with the given initialiser; `stem` is the torch state-dict prefix. */
export function ssdConv(g: GraphBuilder, rng: Rng, scope: Scope, x: Feature, o: SsdConvOptions, stem: string): ConvResult {
  const [cin, h, w] = x.shape;
  const { outChannels: cout, kernel: k } = o;
  const stride = o.stride ?? 1;
  const padding = o.padding ?? 0;
  const dilation = o.dilation ?? 1;
  const count = cout * cin * k * k;
  const weights = new Float32Array(count);
  if (o.init === 'kaiming-normal-fan-out') {
    rng.fillNormal(weights, 0, Math.sqrt(2 / (cout * k * k)));
  } else {
    const bound = Math.sqrt(6 / (cin * k * k + cout * k * k));
    rng.fillUniform(weights, -bound, bound);
  }
  let sumSquares = 0;
  for (let i = 0; i < count; i++) sumSquares += (weights[i] as number) ** 2;
  const valid = validTapFraction(h, k, stride, padding, dilation) * validTapFraction(w, k, stride, padding, dilation);
  const unitStd = Math.sqrt((sumSquares / cout) * valid * x.meanSquare);
  const weightScale = o.targetStd !== undefined && unitStd > 0 ? o.targetStd / unitStd : 1;
  if (weightScale !== 1) for (let i = 0; i < count; i++) weights[i] = (weights[i] as number) * weightScale;
  const bias = o.bias ?? new Float32Array(cout);
  if (bias.length !== cout) throw new Error(`${stem}: ${bias.length} bias values for ${cout} channels`);
  const weight = g.initializer(`${stem}.weight`, 'FLOAT', [cout, cin, k, k], weights, true);
  const biasName = g.initializer(`${stem}.bias`, 'FLOAT', [cout], bias, true);
  const y = scopedOp(g, scope, 'Conv', [x.name, weight, biasName], {
    kernel_shape: attr.ints([k, k]),
    strides: attr.ints([stride, stride]),
    pads: attr.ints([padding, padding, padding, padding]),
    dilations: attr.ints([dilation, dilation]),
    group: attr.int(1),
  });
  const ho = convOut(h, k, stride, padding, dilation);
  const wo = convOut(w, k, stride, padding, dilation);
  g.count(0, count * ho * wo);
  let biasSquares = 0;
  for (const b of bias) biasSquares += b * b;
  const predictedStd = unitStd * weightScale;
  return { name: y, shape: [cout, ho, wo], meanSquare: predictedStd ** 2 + biasSquares / cout, weightScale, predictedStd };
}

/** ReLU on a zero-mean symmetric pre-activation keeps half of its mean square. */
export function ssdRelu(g: GraphBuilder, scope: Scope, x: Feature): Feature {
  return { name: scopedOp(g, scope, 'Relu', [x.name]), shape: x.shape, meanSquare: x.meanSquare / 2 };
}

/**
 * Max pooling. The max of a window is at least its mean square and at most the window's sum of squares; `gain`
 * is the factor used by the mean-square estimate (see calibration.ts for how it was chosen).
 */
export function ssdMaxPool(g: GraphBuilder, scope: Scope, x: Feature, kernel: number, stride: number, padding: number, ceil: boolean, gain: number): Feature {
  const [c, h, w] = x.shape;
  const y = scopedOp(g, scope, 'MaxPool', [x.name], {
    kernel_shape: attr.ints([kernel, kernel]),
    strides: attr.ints([stride, stride]),
    pads: attr.ints([padding, padding, padding, padding]),
    ceil_mode: attr.int(ceil ? 1 : 0),
  });
  return { name: y, shape: [c, convOut(h, kernel, stride, padding, 1, ceil), convOut(w, kernel, stride, padding, 1, ceil)], meanSquare: x.meanSquare * gain };
}
