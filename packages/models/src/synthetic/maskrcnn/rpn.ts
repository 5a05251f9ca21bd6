/**
 * torchvision RegionProposalNetwork at test time: RPNHead (one shared 3×3 conv + ReLU, 1×1 objectness and 1×1
 * box-delta convs, init normal(std=0.01), bias 0) on P2..P6; per level the top 1000 anchors by objectness logit;
 * decode (weights 1,1,1,1), sigmoid, clip to the resized image, drop boxes under 1e-3, NMS 0.7 per level, keep the
 * best 1000 overall.
 */
import type { GraphBuilder } from '@modelbench/onnx';
import { attr } from '@modelbench/onnx';
import type { Rng } from '@modelbench/core';
import type { Sym } from '../layers.ts';
import { levelAnchors } from './anchors.ts';
import { batchedNms, clipBoxes, decodeBoxes, largeEnough } from './box-coder.ts';
import { MASKRCNN_CONFIG as C } from './config.ts';
import type { GraphOps } from './graph-ops.ts';
import type { StrideLedger } from './macs.ts';
import { sharedConv } from './shared-conv.ts';
import type { TransformedImage } from './transform.ts';

export interface RpnOptions {
  /** objectness weight std; torchvision initialises the whole head with std 0.01 */
  headStd?: number;
  /** records the head convs' MACs by stride */
  ledger?: StrideLedger;
}

/** The proposals [≤1000, 4] in the resized image's coordinates, best first. */
export function regionProposals(
  o: GraphOps,
  g: GraphBuilder,
  rng: Rng,
  levels: readonly Sym[],
  image: TransformedImage,
  options: RpnOptions = {},
  prefix = 'rpn.head.',
): string {
  const channels = C.fpnChannels;
  const anchorsPerLocation = C.aspectRatios.length;
  const std = options.headStd ?? 0.01;
  const conv = sharedConv(g, rng, { inChannels: channels, outChannels: channels, kernel: 3, std }, `${prefix}conv.0.0`, options.ledger);
  const clsLogits = sharedConv(g, rng, { inChannels: channels, outChannels: anchorsPerLocation, kernel: 1, std }, `${prefix}cls_logits`, options.ledger);
  const bboxPred = sharedConv(g, rng, { inChannels: channels, outChannels: anchorsPerLocation * 4, kernel: 1, std }, `${prefix}bbox_pred`, options.ledger);

  const logits: string[] = [];
  const boxes: string[] = [];
  const levelIds: string[] = [];
  levels.forEach((feature, level) => {
    const t: Sym = { name: o.op('Relu', [conv(feature).name]), shape: [channels, ...feature.shape.slice(1)] };
    // permute_and_flatten: [1, A, H, W] -> [H·W·A], [1, A·4, H, W] -> [H·W·A, 4]
    const objectness = o.reshape(o.transpose(clsLogits(t).name, [0, 2, 3, 1]), [-1]);
    const deltas = o.reshape(o.transpose(o.reshape(bboxPred(t).name, [1, anchorsPerLocation, 4, -1]), [0, 3, 1, 2]), [-1, 4]);
    const anchors = levelAnchors(o, feature.name, image.paddedHw, C.anchorSizes[level] as number);
    const k = o.min(o.rows(objectness), o.i64([C.rpnPreNmsTopN]));
    const [topLogits, topIndex] = g.node('TopK', [objectness, k], { axis: attr.int(0), largest: attr.int(1), sorted: attr.int(1) }, 2) as [string, string];
    logits.push(topLogits);
    boxes.push(decodeBoxes(o, o.gather(deltas, topIndex), o.gather(anchors, topIndex), [1, 1, 1, 1]));
    levelIds.push(o.add(o.mul(topLogits, o.f32(0)), o.f32(level)));
  });

  const proposals = clipBoxes(o, o.concat(boxes, 0), image.clipUpperXyxy);
  const probabilities = o.op('Sigmoid', [o.concat(logits, 0)]);
  // remove_small_boxes(1e-3): removed boxes get score -1 and never pass the NMS score threshold (sigmoid >= 0 do).
  const scores = o.where(largeEnough(o, proposals, C.rpnMinSize), probabilities, o.f32(-1));
  const keep = batchedNms(o, proposals, scores, o.concat(levelIds, 0), C.rpnNmsThresh, C.rpnPostNmsTopN, -0.5);
  return o.gather(proposals, keep);
}
