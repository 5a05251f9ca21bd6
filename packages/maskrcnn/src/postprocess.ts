/**
 * Mask R-CNN post-processing: the model's outputs as instances (box, torchvision 91-id label, score, binary
 * full-image mask) in the photo's pixels, in the model's order. torchvision: boxes in photo pixels, mask
 * probabilities already pasted into the image, thresholded (a letterboxed static input: boxes divided by the scale
 * and clipped to the photo, each mask cut to the photo's part of the canvas and resized back before the threshold); Zoo: boxes scaled back from the resized image, labels
 * 1..80 mapped to 91-id, each 28×28 mask pasted into its box (`pasteBoxMask`). Pure.
 */
import { BenchError } from '@modelbench/core';
import type { Outputs } from '@modelbench/backends';
import { requireOutput } from '@modelbench/harness';
import { COCO_80_TO_91, thresholdMask } from '@modelbench/vision';
import type { InstanceBinding } from './adapters.ts';
import type { Instance } from './lib/instance.ts';
import { unletterboxMask } from './lib/letterbox.ts';
import { pasteBoxMask } from './lib/paste.ts';
import type { PhotoGeometry } from './preprocess.ts';

export function instancesOf(outputs: Outputs, bound: InstanceBinding, photo: PhotoGeometry, maskThreshold: number): Instance[] {
  const boxes = requireOutput(outputs, bound.outputs.boxes).data as Float32Array;
  const labels = requireOutput(outputs, bound.outputs.labels).data as BigInt64Array;
  const scores = requireOutput(outputs, bound.outputs.scores).data as Float32Array;
  const masks = requireOutput(outputs, bound.outputs.masks);
  const n = scores.length;
  if (labels.length !== n || boxes.length !== 4 * n || masks.dims[0] !== n) {
    throw new BenchError('INFERENCE_FAILED', `inconsistent outputs: ${boxes.length / 4} boxes, ${labels.length} labels, ${n} scores, ${masks.dims[0]} masks`);
  }
  const probabilities = masks.data as Float32Array;
  if (bound.layout === 'torchvision' && photo.letterbox) {
    const { canvas, resized } = photo.letterbox;
    if (masks.dims[2] !== canvas.height || masks.dims[3] !== canvas.width) {
      throw new BenchError('INFERENCE_FAILED', `masks are ${masks.dims.slice(2).join('x')}, the static input ${canvas.height}x${canvas.width}`);
    }
    const pixels = canvas.width * canvas.height;
    const clip = (v: number, most: number): number => Math.min(Math.max(v, 0), most);
    return Array.from({ length: n }, (_, i) => ({
      box: [
        clip((boxes[4 * i] as number) / photo.scaleX, photo.width),
        clip((boxes[4 * i + 1] as number) / photo.scaleY, photo.height),
        clip((boxes[4 * i + 2] as number) / photo.scaleX, photo.width),
        clip((boxes[4 * i + 3] as number) / photo.scaleY, photo.height),
      ] as const,
      classId: Number(labels[i]),
      score: scores[i] as number,
      mask: thresholdMask(unletterboxMask(probabilities.subarray(i * pixels, (i + 1) * pixels), canvas, resized, photo), maskThreshold),
    }));
  }
  if (bound.layout === 'torchvision') {
    const pixels = photo.width * photo.height;
    if (masks.dims[2] !== photo.height || masks.dims[3] !== photo.width) {
      throw new BenchError('INFERENCE_FAILED', `masks are ${masks.dims.slice(2).join('x')}, the photo ${photo.height}x${photo.width}`);
    }
    return Array.from({ length: n }, (_, i) => ({
      box: [boxes[4 * i] as number, boxes[4 * i + 1] as number, boxes[4 * i + 2] as number, boxes[4 * i + 3] as number] as const,
      classId: Number(labels[i]),
      score: scores[i] as number,
      mask: thresholdMask(probabilities.subarray(i * pixels, (i + 1) * pixels), maskThreshold),
    }));
  }
  const out: Instance[] = [];
  for (let i = 0; i < n; i++) {
    const label = Number(labels[i]);
    const classId = COCO_80_TO_91[label - 1];
    if (classId === undefined) throw new BenchError('INFERENCE_FAILED', `zoo label ${label} is outside 1..80`);
    const box = [(boxes[4 * i] as number) / photo.scaleX, (boxes[4 * i + 1] as number) / photo.scaleY, (boxes[4 * i + 2] as number) / photo.scaleX, (boxes[4 * i + 3] as number) / photo.scaleY] as const;
    const mask = pasteBoxMask(probabilities.subarray(i * 784, (i + 1) * 784), 28, box, photo.width, photo.height, maskThreshold);
    out.push({ box, classId, score: scores[i] as number, mask });
  }
  return out;
}
