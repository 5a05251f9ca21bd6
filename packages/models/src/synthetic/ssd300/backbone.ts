/**
 * SSDFeatureExtractorVGG (torchvision 0.14) on the vgg16 `features`: conv1_1 … conv4_3 with the third max pool in ceil
 * mode (75 → 38), L2 normalisation of conv4_3 with a learned per-channel scale (init 20), then `extra`: pool4,
 * conv5_1 … conv5_3, pool5 (3×3, stride 1, pad 1), fc6 (1024, 3×3, dilation 6, pad 6), fc7 (1×1), and four extra
 * blocks (1×1 reduce, 3×3 stride 2 pad 1 twice, then 3×3 unpadded twice). Six feature maps: 38, 19, 10, 5, 3, 1.
 * VGG convs use torchvision's VGG init (kaiming normal, fan_out), the others SSD's xavier uniform; biases zero.
 */
import type { GraphBuilder } from '@modelbench/onnx';
import { attr } from '@modelbench/onnx';
import type { Rng } from '@modelbench/core';
import { SSD300_L2_EPS, SSD300_L2_SCALE_INIT } from './config.ts';
import { scopedOp, ssdConv, ssdMaxPool, ssdRelu, type Feature } from './ops.ts';

/** Mean-square gain assumed for each of the five max pools, in order (see calibration.ts). */
export type PoolGains = readonly [number, number, number, number, number];

const S = 'backbone' as const;

function convRelu(g: GraphBuilder, rng: Rng, x: Feature, cout: number, stem: string, o: { kernel?: number; stride?: number; padding?: number; dilation?: number; init: 'kaiming-normal-fan-out' | 'xavier-uniform' }): Feature {
  const y = ssdConv(g, rng.fork(stem), S, x, { outChannels: cout, kernel: o.kernel ?? 3, stride: o.stride ?? 1, padding: o.padding ?? 0, dilation: o.dilation ?? 1, init: o.init }, stem);
  return ssdRelu(g, S, y);
}

/** F.normalize(x, dim=1) (x / max(‖x‖₂, eps)) times scale_weight.view(1, -1, 1, 1). */
function l2NormScale(g: GraphBuilder, x: Feature): Feature {
  const c = x.shape[0];
  const norm = scopedOp(g, S, 'ReduceL2', [x.name], { axes: attr.ints([1]), keepdims: attr.int(1) });
  const clamped = scopedOp(g, S, 'Max', [norm, g.constFloat('backbone.l2_eps', [SSD300_L2_EPS], [])]);
  const unit = scopedOp(g, S, 'Div', [x.name, clamped]);
  const scale = g.initializer('backbone.scale_weight', 'FLOAT', [1, c, 1, 1], new Float32Array(c).fill(SSD300_L2_SCALE_INIT), true);
  // every location's channel vector has norm 20, so each element's mean square is 20² / C
  return { name: scopedOp(g, S, 'Mul', [unit, scale]), shape: x.shape, meanSquare: (SSD300_L2_SCALE_INIT * SSD300_L2_SCALE_INIT) / c };
}

/** Returns the six feature maps fed to the heads. `x` is the normalised, resized image [1, 3, 300, 300]. */
export function ssdVggBackbone(g: GraphBuilder, rng: Rng, x: Feature, gains: PoolGains): Feature[] {
  const vgg = 'kaiming-normal-fan-out' as const;
  const xavier = 'xavier-uniform' as const;
  // vgg16.features indices: convs at 0,2 | 5,7 | 10,12,14 | 17,19,21 | 24,26,28; pools at 4, 9, 16, 23, 30
  let y = x;
  const blocks: [number[], number][] = [
    [[0, 2], 64],
    [[5, 7], 128],
    [[10, 12, 14], 256],
    [[17, 19, 21], 512],
  ];
  blocks.forEach(([indices, cout], b) => {
    for (const i of indices) y = convRelu(g, rng, y, cout, `backbone.features.${i}`, { padding: 1, init: vgg });
    if (b < 3) y = ssdMaxPool(g, S, y, 2, 2, 0, b === 2, gains[b] as number); // the third pool is patched to ceil_mode=True
  });
  const conv43 = y;
  const features: Feature[] = [l2NormScale(g, conv43)];

  // extra[0] = vgg features[23:-1] (pool4, conv5_x) + fc (pool5, fc6, fc7)
  y = ssdMaxPool(g, S, conv43, 2, 2, 0, false, gains[3]);
  [1, 3, 5].forEach((i) => (y = convRelu(g, rng, y, 512, `backbone.extra.0.${i}`, { padding: 1, init: vgg })));
  y = ssdMaxPool(g, S, y, 3, 1, 1, false, gains[4]);
  y = convRelu(g, rng, y, 1024, 'backbone.extra.0.7.1', { padding: 6, dilation: 6, init: xavier });
  y = convRelu(g, rng, y, 1024, 'backbone.extra.0.7.3', { kernel: 1, init: xavier });
  features.push(y);

  // extra[1..4]: (1×1 reduce, 3×3) with (mid, out, stride, padding)
  const extras: [number, number, number, number][] = [
    [256, 512, 2, 1],
    [128, 256, 2, 1],
    [128, 256, 1, 0],
    [128, 256, 1, 0],
  ];
  extras.forEach(([mid, out, stride, padding], i) => {
    y = convRelu(g, rng, y, mid, `backbone.extra.${i + 1}.0`, { kernel: 1, init: xavier });
    y = convRelu(g, rng, y, out, `backbone.extra.${i + 1}.2`, { stride, padding, init: xavier });
    features.push(y);
  });
  return features;
}
