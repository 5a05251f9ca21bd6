/**
 * SSDHead: per feature map a 3×3 classification conv (91·A channels) and a 3×3 regression conv (4·A channels), each
 * output viewed as (N, A, K, H, W), permuted to (N, H, W, A, K) and flattened to (N, H·W·A, K), then concatenated
 * over the six maps: cls_logits [1, 8732, 91] and bbox_regression [1, 8732, 4].
 * Weights are xavier uniform as torchvision initialises them, rescaled per map and biases set by the calibration.
 */
import type { GraphBuilder } from '@modelbench/onnx';
import { attr } from '@modelbench/onnx';
import type { Rng } from '@modelbench/core';
import { clsBias, type Calibration } from './calibration.ts';
import { SSD300_ANCHORS_PER_LOCATION, SSD300_NUM_CLASSES } from './config.ts';
import { scopedOp, ssdConv, type Feature } from './ops.ts';

export interface HeadOutputs {
  clsLogits: string;
  bboxRegression: string;
  /** per map: weight scales applied and predicted output std at the calibration input */
  levels: { level: number; clsWeightScale: number; regWeightScale: number; clsStd: number; regStd: number }[];
}

function flattenHead(g: GraphBuilder, y: Feature, columns: number, stem: string): string {
  // (1, A·K, H, W) -> (1, A, K, H, W) -> (1, H, W, A, K) -> (1, H·W·A, K)
  const [channels, h, w] = y.shape;
  const split = scopedOp(g, 'head', 'Reshape', [y.name, g.constInt64(`${stem}.view`, [1, channels / columns, columns, h, w])]);
  const permuted = scopedOp(g, 'head', 'Transpose', [split], { perm: attr.ints([0, 3, 4, 1, 2]) });
  return scopedOp(g, 'head', 'Reshape', [permuted, g.constInt64(`${stem}.flat`, [1, -1, columns])]);
}

export function ssdHead(g: GraphBuilder, rng: Rng, features: readonly Feature[], cal: Calibration): HeadOutputs {
  const cls: string[] = [];
  const reg: string[] = [];
  const levels: HeadOutputs['levels'] = [];
  features.forEach((x, level) => {
    const anchors = SSD300_ANCHORS_PER_LOCATION[level] as number;
    const clsStem = `head.classification_head.module_list.${level}`;
    const regStem = `head.regression_head.module_list.${level}`;
    const c = ssdConv(g, rng.fork(clsStem), 'head', x, { outChannels: SSD300_NUM_CLASSES * anchors, kernel: 3, padding: 1, init: 'xavier-uniform', targetStd: cal.clsLogitStd, bias: clsBias(cal, level) }, clsStem);
    const r = ssdConv(g, rng.fork(regStem), 'head', x, { outChannels: 4 * anchors, kernel: 3, padding: 1, init: 'xavier-uniform', targetStd: cal.regressionStd }, regStem);
    cls.push(flattenHead(g, c, SSD300_NUM_CLASSES, clsStem));
    reg.push(flattenHead(g, r, 4, regStem));
    levels.push({ level, clsWeightScale: c.weightScale, regWeightScale: r.weightScale, clsStd: c.predictedStd, regStd: r.predictedStd });
  });
  return {
    clsLogits: scopedOp(g, 'head', 'Concat', cls, { axis: attr.int(1) }),
    bboxRegression: scopedOp(g, 'head', 'Concat', reg, { axis: attr.int(1) }),
    levels,
  };
}
