/**
 * RoIHeads.postprocess_detections: decode the class-specific box deltas against the proposals (weights 10,10,5,5),
 * softmax the class logits, clip to the resized image, drop background, keep scores > 0.05 and boxes of at least
 * 1e-2 on a side, NMS 0.5 per class, keep the best `detectionsPerImage`.
 */
import { attr } from '@modelbench/onnx';
import { batchedNms, clipBoxes, decodeBoxes, largeEnough } from './box-coder.ts';
import { MASKRCNN_CONFIG as C } from './config.ts';
import type { GraphOps } from './graph-ops.ts';
import type { TransformedImage } from './transform.ts';

export interface Detections {
  /** [n, 4] in the resized image's coordinates */
  boxes: string;
  /** [n] */
  scores: string;
  /** int64 [n], COCO category ids 1..90 */
  labels: string;
}

export function postprocessDetections(
  o: GraphOps,
  classLogits: string,
  boxRegression: string,
  proposals: string,
  image: TransformedImage,
  detectionsPerImage: number,
): Detections {
  const classes = C.numClasses;
  const deltas = o.reshape(boxRegression, [-1, classes, 4]);
  const weights = C.boxRegWeights as unknown as [number, number, number, number];
  const decoded = clipBoxes(o, decodeBoxes(o, deltas, o.unsqueeze(proposals, [1]), weights), image.clipUpperXyxy);
  const probabilities = o.op('Softmax', [classLogits], { axis: attr.int(-1) });

  // Every (proposal, foreground class) pair becomes a candidate.
  const foregroundScores2d = o.slice(probabilities, 1, 1, classes);
  const boxes = o.reshape(o.slice(decoded, 1, 1, classes), [-1, 4]);
  const scores = o.reshape(foregroundScores2d, [-1]);
  const labelRow = o.f32(Array.from({ length: classes - 1 }, (_, i) => i + 1), [1, classes - 1]);
  const labels = o.reshape(o.op('Expand', [labelRow, o.shape(foregroundScores2d)]), [-1]);

  // remove_small_boxes(1e-2): such boxes get score 0 and fail the strict 0.05 threshold applied inside NMS.
  const eligible = o.where(largeEnough(o, boxes, C.boxMinSize), scores, o.f32(0));
  const keep = batchedNms(o, boxes, eligible, labels, C.boxNmsThresh, detectionsPerImage, C.boxScoreThresh);
  return {
    boxes: o.gather(boxes, keep),
    scores: o.gather(scores, keep),
    labels: o.cast(o.gather(labels, keep), 'INT64'),
  };
}
