/**
 * torchvision FeaturePyramidNetwork over ResNet50's layer1..layer4 (in channels 256, 512, 1024, 2048) with the
 * LastLevelMaxPool extra block: P2..P5 from 1×1 lateral convs, nearest 2× top-down upsampling and 3×3 output convs
 * (all with bias, kaiming_uniform(a=1) scale), P6 = max_pool2d(P5, kernel 1, stride 2).
 */
import { attr } from '@modelbench/onnx';
import { convOut, type Layers, type Sym } from '../layers.ts';
import { MASKRCNN_CONFIG as C } from './config.ts';

export interface Pyramid {
  /** P2, P3, P4, P5 ('0'..'3'), used by the RoI heads */
  roiLevels: [Sym, Sym, Sym, Sym];
  /** P2..P6 ('0'..'3', 'pool'), used by the RPN */
  rpnLevels: Sym[];
}

/** kaiming_uniform_(a=1) has std 1/sqrt(fan_in); the synthetic weights use a normal of that std. */
function fpnConv(l: Layers, x: Sym, kernel: number, stem: string): Sym {
  const fanIn = (x.shape[0] as number) * kernel * kernel;
  return l.conv2d(x, { outChannels: C.fpnChannels, kernel, padding: (kernel - 1) / 2, bias: true, std: 1 / Math.sqrt(fanIn) }, stem);
}

export function featurePyramid(l: Layers, stages: readonly [Sym, Sym, Sym, Sym], prefix = 'backbone.fpn.'): Pyramid {
  const last = stages.length - 1;
  let lastInner = fpnConv(l, stages[last] as Sym, 1, `${prefix}inner_blocks.${last}`);
  const results: Sym[] = [fpnConv(l, lastInner, 3, `${prefix}layer_blocks.${last}`)];
  for (let idx = last - 1; idx >= 0; idx--) {
    const lateral = fpnConv(l, stages[idx] as Sym, 1, `${prefix}inner_blocks.${idx}`);
    // F.interpolate(last_inner, size=lateral.shape[-2:], mode="nearest"): the lateral's own shape is the target size.
    const topDown = l.g.op('Resize', [lastInner.name, '', '', l.g.op('Shape', [lateral.name])], {
      mode: attr.string('nearest'),
      coordinate_transformation_mode: attr.string('asymmetric'),
      nearest_mode: attr.string('floor'),
    });
    lastInner = { name: l.g.op('Add', [lateral.name, topDown]), shape: lateral.shape };
    results.unshift(fpnConv(l, lastInner, 3, `${prefix}layer_blocks.${idx}`));
  }
  const p5 = results[last] as Sym;
  const p6Name = l.g.op('MaxPool', [p5.name], { kernel_shape: attr.ints([1, 1]), strides: attr.ints([2, 2]) });
  const [c, h, w] = p5.shape as [number, number, number];
  const p6: Sym = { name: p6Name, shape: [c, convOut(h, 1, 2, 0, 1), convOut(w, 1, 2, 0, 1)] };
  const [p2, p3, p4] = results as [Sym, Sym, Sym, Sym];
  return { roiLevels: [p2, p3, p4, p5], rpnLevels: [p2, p3, p4, p5, p6] };
}
