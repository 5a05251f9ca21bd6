/**
 * Synthetic torchvision 0.14 `maskrcnn_resnet50_fpn` as ONE onnx graph: transform, ResNet50 (FrozenBatchNorm2d) +
 * FPN, RPN and proposal selection, box head and detection post-processing, mask head and mask pasting. One graph
 * because onnxruntime has every operator needed (Resize, TopK, NonMaxSuppression, RoiAlign, ...), so the whole of
 * torchvision's forward is one `session.run`: nothing crosses into JavaScript in the timed region, and onnxruntime
 * frees each intermediate as soon as it is dead.
 *
 * Signature (torchvision's export): input `images` float32 [3, H, W] in [0, 1]; outputs `boxes` [n, 4] (x1, y1, x2,
 * y2 in input pixels), `labels` int64 [n] (COCO category ids), `scores` [n], `masks` [n, 1, H, W] probabilities.
 */
import { GraphBuilder } from '@modelbench/onnx';
import { Rng } from '@modelbench/core';
import { Layers } from '../layers.ts';
import { resnet50Trunk } from '../resnet50.ts';
import type { SyntheticModel } from '../types.ts';
import { twoMlpHead } from './box-head.ts';
import { DEFAULT_DETECTIONS, MASKRCNN_BUILDER_VERSION, MASKRCNN_CONFIG as C, type MaskRcnnOptions } from './config.ts';
import { postprocessDetections } from './detections.ts';
import { featurePyramid } from './fpn.ts';
import { FrozenBatchNormLayers } from './frozen-bn.ts';
import { GraphOps } from './graph-ops.ts';
import { channelAverage, maskBranch, type MaskCalibration } from './mask-head.ts';
import { pasteMasks } from './paste.ts';
import { ACTIVE_CLASS_PAIRS, fastRcnnPredictor, type PredictorCalibration } from './predictor.ts';
import { StrideLedger } from './macs.ts';
import { multiScaleRoiAlign } from './roi-pool.ts';
import { regionProposals } from './rpn.ts';
import { boxesToOriginal, transformImage } from './transform.ts';

/**
 * Calibration of the synthetic predictor (see predictor.ts). The two targets are design choices — a logit spread of
 * 1.5 gives scores from ~0.1 to ~0.9 like a trained model's, box deltas of 0.3 move boxes by a few percent; the two
 * measured values come from the COCO demo photo with the default seed, and the test re-measures them.
 */
export const DEFAULT_CALIBRATION: PredictorCalibration = {
  classLogitStd: 1.5,
  boxDeltaStd: 0.3,
  unitRowStd: 0.6627,
  pairLogits: [
    { mean: 0.91748, std: 0.47096 },
    { mean: -2.16657, std: 0.81777 },
    { mean: 0.99141, std: 0.37025 },
    { mean: -1.42203, std: 0.36659 },
  ],
};

/**
 * Mask logits: std 6 over the demo photo's mask pixels (trained masks are confident), a random class part of 30 %;
 * the channel-average statistics are measured on the demo photo with the default seed and re-checked by the test.
 */
export const DEFAULT_MASK_CALIBRATION: MaskCalibration = { logitStd: 6, classVariation: 0.3, channelAverage: { mean: 0.0606241, std: 0.011091 } };

/** The starting point of a calibration: unit rows, so the measured logits are z·f + 1. */
export const UNIT_CALIBRATION: PredictorCalibration = {
  ...DEFAULT_CALIBRATION,
  classLogitStd: 1,
  unitRowStd: 1,
  pairLogits: ACTIVE_CLASS_PAIRS.map(() => ({ mean: 0, std: 1 })),
};

/** The phases of torchvision's forward, in order; node names start with `<phase>/`. */
export const MASKRCNN_PHASES = ['transform', 'backbone', 'rpn', 'box_head', 'detections', 'mask_head', 'paste'] as const;
export type MaskRcnnPhase = (typeof MASKRCNN_PHASES)[number];

/** The phase of a node (or a profile kernel event) from its name; undefined for names without a phase prefix. */
export function phaseOfNode(name: string): MaskRcnnPhase | undefined {
  const prefix = name.split('/', 1)[0];
  return (MASKRCNN_PHASES as readonly string[]).includes(prefix ?? '') ? (prefix as MaskRcnnPhase) : undefined;
}

export interface MaskRcnnBuildOptions extends MaskRcnnOptions {
  /** also output `proposals` [k, 4] (resized-image coordinates, pooled order), `class_logits` [k, 91] and `box_features` */
  diagnostics?: boolean;
  calibration?: PredictorCalibration;
  maskCalibration?: MaskCalibration;
}

export interface MaskRcnnDetails extends Record<string, unknown> {
  graph: 'single onnx graph';
  detections: number;
  detectionsRule: string;
  activeClasses: number[];
  scoreThreshold: number;
  proposals: number;
  macImageSize: number;
  macsFixed: number;
  /** backbone + FPN + RPN head MACs at macImageSize by output stride (see maskRcnnMacsAt) */
  macsByStride: Record<string, number>;
  macsPerDetection: number;
  macsBoxHeadPerRoi: number;
  parameterConvention: string;
  parametersWithBatchNormAffine: number;
}

/**
 * Prefixes the names of the nodes added since the previous call, and of the values they produce, with `phase/`, so
 * a profile's kernel events can be summed per phase: onnxruntime names its own fused and NCHWc nodes after the value
 * they produce (`<value>_nchwc`), so both must carry the phase. Graph inputs and outputs keep their names.
 * `finish()` applies the renaming once every node exists.
 */
function phaseTagger(g: GraphBuilder): { mark: (phase: MaskRcnnPhase) => void; finish: () => void } {
  const ranges: { phase: MaskRcnnPhase; from: number; to: number }[] = [];
  let from = 0;
  return {
    mark(phase) {
      ranges.push({ phase, from, to: g.nodes.length });
      from = g.nodes.length;
    },
    finish() {
      const keep = new Set([...g.inputs, ...g.outputs].map((v) => v.name));
      const renamed = new Map<string, string>();
      for (const { phase, from: a, to: b } of ranges) {
        for (const node of g.nodes.slice(a, b)) {
          node.name = `${phase}/${node.name}`;
          for (const out of node.outputs) if (!keep.has(out)) renamed.set(out, `${phase}/${out}`);
        }
      }
      for (const node of g.nodes) {
        node.inputs = node.inputs.map((n) => renamed.get(n) ?? n);
        node.outputs = node.outputs.map((n) => renamed.get(n) ?? n);
      }
    },
  };
}

export function checkDetections(detections: number): number {
  if (!Number.isInteger(detections) || detections < 1 || detections > C.boxDetectionsPerImg) {
    throw new RangeError(`detections must be an integer in 1..${C.boxDetectionsPerImg}, got ${detections}`);
  }
  return detections;
}

export function buildMaskRcnn(options: MaskRcnnBuildOptions = {}): SyntheticModel & { details: MaskRcnnDetails } {
  const detections = checkDetections(options.detections ?? DEFAULT_DETECTIONS);
  const macSize = options.macImageSize ?? C.minSize;
  const g = new GraphBuilder('maskrcnn_resnet50_fpn');
  const rng = new Rng(options.seed ?? 2017);
  const o = new GraphOps(g);
  const l = new FrozenBatchNormLayers(g, rng.fork('backbone'));
  const ledger = new StrideLedger(macSize);
  l.ledger = ledger;

  const phases = phaseTagger(g);
  const phase = phases.mark;
  const images = g.input('images', 'FLOAT', [3, 'height', 'width']);
  const image = transformImage(o, images, macSize);
  phase('transform');
  const trunk = resnet50Trunk(l, image.batched, 'backbone.body.');
  const pyramid = featurePyramid(l, [trunk.c2, trunk.c3, trunk.c4, trunk.c5]);
  phase('backbone');
  const proposals = regionProposals(o, g, rng.fork('rpn'), pyramid.rpnLevels, image, { ledger });
  phase('rpn');
  const macsFixed = g.macs;

  const roiLevels = pyramid.roiLevels.map((s) => s.name);
  const headLayers = new Layers(g, rng.fork('roi_heads'));
  const pooled = multiScaleRoiAlign(o, roiLevels, proposals, C.boxRoiSize);
  const macsBeforeHead = g.macs;
  const head = twoMlpHead(o, headLayers, pooled.perLevel);
  const predictor = fastRcnnPredictor(headLayers, head.features, options.calibration ?? DEFAULT_CALIBRATION);
  const macsPerRoi = g.macs - macsBeforeHead;
  phase('box_head');
  const found = postprocessDetections(o, predictor.classLogits, predictor.boxRegression, pooled.boxes, image, detections);
  phase('detections');
  const mask = maskBranch(o, new Layers(g, rng.fork('mask')), roiLevels, found.boxes, found.labels, options.maskCalibration ?? DEFAULT_MASK_CALIBRATION);
  phase('mask_head');

  const boxes = boxesToOriginal(o, found.boxes, image);
  const masks = pasteMasks(o, mask.masks, boxes, image.originalHw);
  o.rename(boxes, 'boxes');
  o.rename(found.labels, 'labels');
  o.rename(found.scores, 'scores');
  o.rename(masks, 'masks');
  phase('paste');
  g.output('boxes', 'FLOAT', ['detections', 4]);
  g.output('labels', 'INT64', ['detections']);
  g.output('scores', 'FLOAT', ['detections']);
  g.output('masks', 'FLOAT', ['detections', 1, 'height', 'width']);
  if (options.diagnostics) {
    o.op('Identity', [pooled.boxes], {}, 'proposals');
    o.op('Identity', [predictor.classLogits], {}, 'class_logits');
    o.op('Identity', [head.features.name], {}, 'box_features');
    g.output('proposals', 'FLOAT', ['proposals', 4]);
    g.output('class_logits', 'FLOAT', ['proposals', C.numClasses]);
    g.output('box_features', 'FLOAT', ['proposals', C.representationSize]);
    o.rename(channelAverage(o, mask.conv5), 'mask_channel_average');
    g.output('mask_channel_average', 'FLOAT', ['detections', 1, 28, 28]);
  }

  phases.finish();
  const frozenAffine = l.frozenAffineValues;
  const macsPerDetection = mask.macsPerDetection;
  const details: MaskRcnnDetails = {
    graph: 'single onnx graph',
    detections,
    detectionsRule: `the best ${detections} detections (box_detections_per_img=${detections}); class-logit biases make more candidates than that pass score > ${C.boxScoreThresh} and NMS on any input`,
    activeClasses: ACTIVE_CLASS_PAIRS.flat(),
    scoreThreshold: C.boxScoreThresh,
    proposals: C.rpnPostNmsTopN,
    macImageSize: macSize,
    macsFixed: macsFixed + C.rpnPostNmsTopN * macsPerRoi,
    macsByStride: ledger.macsByStride,
    macsPerDetection,
    macsBoxHeadPerRoi: macsPerRoi,
    parameterConvention: 'torchvision model.parameters(): FrozenBatchNorm2d weight/bias/running stats are buffers, not counted',
    parametersWithBatchNormAffine: g.parameters + frozenAffine,
  };
  return {
    id: 'maskrcnn-synthetic',
    architecture: 'torchvision 0.14 maskrcnn_resnet50_fpn',
    bytes: g.toBytes({
      metadata: {
        architecture: 'torchvision.models.detection.maskrcnn_resnet50_fpn',
        weights: 'synthetic (seeded), class biases calibrated',
        builder_version: String(MASKRCNN_BUILDER_VERSION),
        detections: String(detections),
      },
    }),
    parameters: g.parameters,
    macsPerSample: details.macsFixed + detections * macsPerDetection,
    details,
  };
}
