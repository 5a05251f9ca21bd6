/**
 * SSD post-processing: the model's boxes, labels and scores as detections in the photo's pixels with torchvision's
 * 91-id COCO labels, in the model's order (torchvision: already in input pixels, scaled back from a static input
 * size the photo was resized to; Zoo: [0, 1] scaled to the photo, labels 1..80 mapped to 91-id). Pure.
 */
import { BenchError } from '@modelbench/core';
import type { Outputs } from '@modelbench/backends';
import { requireOutput } from '@modelbench/harness';
import { COCO_80_TO_91, type Detection } from '@modelbench/vision';
import type { DetectorBinding } from './adapters.ts';

export function detectionsOf(outputs: Outputs, bound: DetectorBinding, width: number, height: number): Detection[] {
  const boxes = requireOutput(outputs, bound.outputs.boxes).data as Float32Array;
  const labels = requireOutput(outputs, bound.outputs.labels).data as BigInt64Array;
  const scores = requireOutput(outputs, bound.outputs.scores).data as Float32Array;
  const n = scores.length;
  if (labels.length !== n || boxes.length !== 4 * n) {
    throw new BenchError('INFERENCE_FAILED', `inconsistent detection outputs: ${boxes.length / 4} boxes, ${labels.length} labels, ${n} scores`);
  }
  // zoo: [0, 1] → photo pixels; a static torchvision input: its pixels → the photo's (the photo was resized to it)
  const sx = bound.layout === 'zoo' ? width : bound.staticSize ? width / bound.staticSize.width : 1;
  const sy = bound.layout === 'zoo' ? height : bound.staticSize ? height / bound.staticSize.height : 1;
  const out: Detection[] = [];
  for (let i = 0; i < n; i++) {
    let classId = Number(labels[i]);
    if (bound.layout === 'zoo') {
      if (!(classId >= 1 && classId <= 80)) throw new BenchError('INFERENCE_FAILED', `zoo-ssd label ${classId} is outside the 80 COCO classes (1..80)`);
      classId = COCO_80_TO_91[classId - 1] as number;
    }
    const b = 4 * i;
    out.push({ box: [(boxes[b] as number) * sx, (boxes[b + 1] as number) * sy, (boxes[b + 2] as number) * sx, (boxes[b + 3] as number) * sy] as const, classId, score: scores[i] as number });
  }
  return out;
}
