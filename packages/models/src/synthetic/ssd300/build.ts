/**
 * Synthetic torchvision 0.14 `ssd300_vgg16` (COCO, 91 classes) with the torchvision export signature:
 * input `images` float [3, H, W] in [0, 1]; outputs `boxes` [n, 4] (x1, y1, x2, y2 in input pixels), `labels` int64
 * [n] (COCO-91 ids), `scores` [n], n ≤ 200. Transform, backbone, heads and post-processing are all in the graph,
 * as torchvision's forward (what the original timed) runs them.
 */
import { GraphBuilder } from '@modelbench/onnx';
import { Rng } from '@modelbench/core';
import type { SyntheticModel } from '../types.ts';
import { ssdVggBackbone } from './backbone.ts';
import { calibrate, SSD300_DEFAULT_CANDIDATES, type Calibration } from './calibration.ts';
import { SSD300_DETECTIONS_PER_IMAGE, SSD300_FEATURE_SIZES, SSD300_NUM_ANCHORS, SSD300_NUM_CLASSES, SSD300_SIZE } from './config.ts';
import { ssdHead } from './heads.ts';
import { scopedOp } from './ops.ts';
import { ssdPostprocess } from './postprocess.ts';
import { boxScaleToInput, ssdTransform } from './transform.ts';

/** Bump when the generated graph or weights change (cache key). */
export const SSD300_BUILDER_VERSION = 3;

/** Node-name prefixes of the graph's stages (ops.ts), for splitting a profile. */
export const SSD300_STAGE_PREFIXES: readonly string[] = ['transform/', 'backbone/', 'head/', 'postprocess/'];

export interface Ssd300Options {
  seed?: number;
  /** boxes that pass the 0.01 score threshold on any input (default 1,000); see calibration.ts */
  candidates?: number;
  /** also output the raw head outputs `cls_logits` [1, 8732, 91] and `bbox_regression` [1, 8732, 4] */
  exposeHeadOutputs?: boolean;
}

export interface Ssd300Details extends Record<string, unknown> {
  builderVersion: number;
  /** what `parameters` counts */
  parametersCounted: string;
  /** what `macsPerSample` counts */
  macsCounted: string;
  anchors: number;
  featureMapSizes: readonly number[];
  numClasses: number;
  maxDetections: number;
  calibration: Calibration;
  heads: { level: number; clsWeightScale: number; regWeightScale: number; clsStd: number; regStd: number }[];
  /** node-name prefixes of the graph's stages, for splitting a profile */
  stages: readonly string[];
}

export function buildSsd300Vgg16(options: Ssd300Options = {}): SyntheticModel & { details: Ssd300Details } {
  const seed = options.seed ?? 300;
  const cal = calibrate(options.candidates ?? SSD300_DEFAULT_CANDIDATES, seed);
  const g = new GraphBuilder('ssd300_vgg16');
  const rng = new Rng(seed);
  const images = g.input('images', 'FLOAT', [3, 'height', 'width']);
  const resized = ssdTransform(g, images);
  const features = ssdVggBackbone(g, rng.fork('backbone'), { name: resized, shape: [3, SSD300_SIZE, SSD300_SIZE], meanSquare: cal.worstInputMeanSquare }, cal.poolGains);
  const head = ssdHead(g, rng.fork('head'), features, cal);
  const det = ssdPostprocess(g, head.clsLogits, head.bboxRegression, { labels: 'labels', scores: 'scores' });
  scopedOp(g, 'postprocess', 'Mul', [det.boxes, boxScaleToInput(g, images)], {}, 'boxes');
  g.output('boxes', 'FLOAT', ['detections', 4]);
  g.output('labels', 'INT64', ['detections']);
  g.output('scores', 'FLOAT', ['detections']);
  if (options.exposeHeadOutputs) {
    scopedOp(g, 'head', 'Identity', [head.clsLogits], {}, 'cls_logits');
    scopedOp(g, 'head', 'Identity', [head.bboxRegression], {}, 'bbox_regression');
    g.output('cls_logits', 'FLOAT', [1, SSD300_NUM_ANCHORS, SSD300_NUM_CLASSES]);
    g.output('bbox_regression', 'FLOAT', [1, SSD300_NUM_ANCHORS, 4]);
  }
  const details: Ssd300Details = {
    builderVersion: SSD300_BUILDER_VERSION,
    parametersCounted: 'every trainable tensor as torch counts them: conv weights and biases, and the L2Norm scale_weight (512)',
    macsCounted: 'convolution multiply-accumulates at 300×300 (Cin·k²·Cout·Hout·Wout per conv); biases, ReLU, pooling, L2Norm, transform and post-processing not counted',
    anchors: SSD300_NUM_ANCHORS,
    featureMapSizes: features.map((f) => f.shape[1]),
    numClasses: SSD300_NUM_CLASSES,
    maxDetections: SSD300_DETECTIONS_PER_IMAGE,
    calibration: cal,
    heads: head.levels,
    stages: SSD300_STAGE_PREFIXES,
  };
  if (details.featureMapSizes.join() !== SSD300_FEATURE_SIZES.join()) throw new Error(`SSD300 feature maps ${details.featureMapSizes} ≠ ${SSD300_FEATURE_SIZES}`);
  return {
    id: options.candidates === undefined || options.candidates === SSD300_DEFAULT_CANDIDATES ? 'ssd300-vgg16-synthetic' : `ssd300-vgg16-synthetic-c${options.candidates}`,
    architecture: 'torchvision ssd300_vgg16 (0.14), with transform and post-processing',
    bytes: g.toBytes({ metadata: { architecture: 'torchvision.models.detection.ssd300_vgg16', weights: `synthetic (seeded ${seed}, calibrated to ${cal.candidates} candidates)` } }),
    parameters: g.parameters,
    macsPerSample: g.macs,
    details,
  };
}
