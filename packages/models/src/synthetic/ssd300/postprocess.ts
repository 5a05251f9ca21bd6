/**
 * SSD.postprocess_detections (torchvision 0.14) in the graph, for one image:
 *   decode every anchor's regression (BoxCoder weights 10, 10, 5, 5; dw, dh clamped at log(1000/16)), clip to
 *   300×300, softmax over 91 classes; per class 1…90 keep scores > 0.01 and the top 400 of them; batched NMS at 0.45
 *   (the class-offset trick of batched_nms: boxes shifted by label·(max coordinate + 1), then ONE NonMaxSuppression);
 *   keep the best 200.
 * Per class "score > 0.01, then top-400 of those" equals "top-400, then score > 0.01" — one TopK over a [90, 8732]
 * score matrix and one Compress replace torchvision's Python loop. ONNX NonMaxSuppression returns the kept boxes in
 * descending score order, so max_output_boxes_per_class = 200 is keep[:200].
 */
import type { GraphBuilder } from '@modelbench/onnx';
import { attr } from '@modelbench/onnx';
import { anchorCentresAndSizes, defaultBoxesXyxy } from './anchors.ts';
import {
  SSD300_BBOX_XFORM_CLIP,
  SSD300_BOX_CODER_WEIGHTS,
  SSD300_DETECTIONS_PER_IMAGE,
  SSD300_NMS_THRESHOLD,
  SSD300_NUM_ANCHORS,
  SSD300_NUM_CLASSES,
  SSD300_SCORE_THRESHOLD,
  SSD300_SIZE,
  SSD300_TOPK_CANDIDATES,
} from './config.ts';
import { scopedNode, scopedOp } from './ops.ts';

const S = 'postprocess' as const;

export interface Detections {
  boxes: string;
  labels: string;
  scores: string;
}

/** rel codes [8732, 4] → boxes [8732, 4] in 300×300 pixels, clipped to the image. */
function decodeBoxes(g: GraphBuilder, codes: string): string {
  const anchors = anchorCentresAndSizes(defaultBoxesXyxy());
  const ctr = g.initializer('postprocess.anchor_centres', 'FLOAT', [SSD300_NUM_ANCHORS, 2], pick(anchors, [0, 1]));
  const size = g.initializer('postprocess.anchor_sizes', 'FLOAT', [SSD300_NUM_ANCHORS, 2], pick(anchors, [2, 3]));
  const weighted = scopedOp(g, S, 'Div', [codes, g.constFloat('postprocess.box_coder_weights', [...SSD300_BOX_CODER_WEIGHTS], [4])]);
  const [dxy, dwh] = scopedNode(g, S, 'Split', [weighted, g.constInt64('postprocess.split_xy_wh', [2, 2])], { axis: attr.int(1) }, 2) as [string, string];
  const clamped = scopedOp(g, S, 'Min', [dwh, g.constFloat('postprocess.bbox_xform_clip', [SSD300_BBOX_XFORM_CLIP], [])]);
  const centre = scopedOp(g, S, 'Add', [scopedOp(g, S, 'Mul', [dxy, size]), ctr]);
  const half = scopedOp(g, S, 'Mul', [scopedOp(g, S, 'Mul', [scopedOp(g, S, 'Exp', [clamped]), size]), g.constFloat('postprocess.half', [0.5], [])]);
  const xyxy = scopedOp(g, S, 'Concat', [scopedOp(g, S, 'Sub', [centre, half]), scopedOp(g, S, 'Add', [centre, half])], { axis: attr.int(1) });
  return scopedOp(g, S, 'Clip', [xyxy, g.constFloat('postprocess.clip_min', [0], []), g.constFloat('postprocess.clip_max', [SSD300_SIZE], [])]);
}

function pick(rows4: Float32Array, columns: [number, number]): Float32Array {
  const out = new Float32Array((rows4.length / 4) * 2);
  for (let i = 0; i < rows4.length / 4; i++) {
    out[2 * i] = rows4[4 * i + columns[0]] as number;
    out[2 * i + 1] = rows4[4 * i + columns[1]] as number;
  }
  return out;
}

/** cls_logits [1, 8732, 91] and bbox_regression [1, 8732, 4] → detections in 300×300 pixels. */
export function ssdPostprocess(g: GraphBuilder, clsLogits: string, bboxRegression: string, names: { labels: string; scores: string }): Detections {
  const axis0 = g.constInt64('postprocess.axis0', [0]);
  const boxes = decodeBoxes(g, scopedOp(g, S, 'Squeeze', [bboxRegression, axis0]));
  const probs = scopedOp(g, S, 'Softmax', [scopedOp(g, S, 'Squeeze', [clsLogits, axis0])], { axis: attr.int(-1) });
  // classes 1…90 as rows: [90, 8732]
  const foreground = scopedOp(g, S, 'Slice', [probs, g.constInt64('postprocess.fg_start', [1]), g.constInt64('postprocess.fg_end', [SSD300_NUM_CLASSES]), g.constInt64('postprocess.axis1', [1])]);
  const byClass = scopedOp(g, S, 'Transpose', [foreground], { perm: attr.ints([1, 0]) });
  const k = Math.min(SSD300_TOPK_CANDIDATES, SSD300_NUM_ANCHORS);
  // unsorted: NMS orders by score anyway, and sorting costs a third of TopK's time
  const [topScores, topAnchors] = scopedNode(g, S, 'TopK', [byClass, g.constInt64('postprocess.topk', [k])], { axis: attr.int(1), largest: attr.int(1), sorted: attr.int(0) }, 2) as [string, string];
  const flat = g.constInt64('postprocess.flat', [-1]);
  const scoresFlat = scopedOp(g, S, 'Reshape', [topScores, flat]);
  const anchorsFlat = scopedOp(g, S, 'Reshape', [topAnchors, flat]);
  const classIds = g.constInt64('postprocess.class_ids', Array.from({ length: SSD300_NUM_CLASSES - 1 }, (_, i) => i + 1), [SSD300_NUM_CLASSES - 1, 1]);
  const labelsFlat = scopedOp(g, S, 'Reshape', [scopedOp(g, S, 'Expand', [classIds, g.constInt64('postprocess.topk_shape', [SSD300_NUM_CLASSES - 1, k])]), flat]);
  const pass = scopedOp(g, S, 'Greater', [scoresFlat, g.constFloat('postprocess.score_thresh', [SSD300_SCORE_THRESHOLD], [])]);
  const compress = (x: string): string => scopedOp(g, S, 'Compress', [x, pass], { axis: attr.int(0) });
  const candScores = compress(scoresFlat);
  const candLabels = compress(labelsFlat);
  const candBoxes = scopedOp(g, S, 'Gather', [boxes, compress(anchorsFlat)], { axis: attr.int(0) });

  // batched_nms, coordinate trick: offsets = labels · (boxes.max() + 1); the 0 appended keeps ReduceMax defined
  // when no candidate is left (boxes are clipped to ≥ 0, so it never changes the max otherwise).
  const maxCoord = scopedOp(g, S, 'ReduceMax', [scopedOp(g, S, 'Concat', [scopedOp(g, S, 'Reshape', [candBoxes, flat]), g.constFloat('postprocess.zero', [0])], { axis: attr.int(0) })], { keepdims: attr.int(0) });
  const offsets = scopedOp(g, S, 'Mul', [scopedOp(g, S, 'Cast', [candLabels], { to: attr.int(1) }), scopedOp(g, S, 'Add', [maxCoord, g.constFloat('postprocess.one', [1], [])])]);
  const shifted = scopedOp(g, S, 'Add', [candBoxes, scopedOp(g, S, 'Unsqueeze', [offsets, g.constInt64('postprocess.axis1_', [1])])]);
  const selected = scopedOp(g, S, 'NonMaxSuppression', [
    scopedOp(g, S, 'Unsqueeze', [shifted, axis0]),
    scopedOp(g, S, 'Unsqueeze', [scopedOp(g, S, 'Unsqueeze', [candScores, axis0]), axis0]),
    g.constInt64('postprocess.detections_per_img', [SSD300_DETECTIONS_PER_IMAGE]),
    g.constFloat('postprocess.nms_thresh', [SSD300_NMS_THRESHOLD]),
  ]);
  const keep = scopedOp(g, S, 'Gather', [selected, g.constInt64('postprocess.box_index_column', [2], [])], { axis: attr.int(1) });
  const take = (x: string, output?: string): string => scopedOp(g, S, 'Gather', [x, keep], { axis: attr.int(0) }, output);
  return { boxes: take(candBoxes), labels: take(candLabels, names.labels), scores: take(candScores, names.scores) };
}
