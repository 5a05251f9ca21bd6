/**
 * SSD's one pipeline: a photo → the bound model's image input → detections in the photo's pixels; the context is the
 * photo's size, which the boxes are scaled back to. Bound once per session; validate and accuracy use it.
 */
import type { Pipeline } from '@modelbench/harness';
import type { Detection, LoadedImage } from '@modelbench/vision';
import type { DetectorBinding } from './adapters.ts';
import { detectionsOf } from './postprocess.ts';
import { inputFeeds, photoInput } from './preprocess.ts';

/** What post-processing needs of pre-processing: the photo's size. */
export interface PhotoSize {
  width: number;
  height: number;
}

export function ssdPipeline(bound: DetectorBinding): Pipeline<LoadedImage, Detection[], PhotoSize> {
  return {
    outputNames: [bound.outputs.boxes, bound.outputs.labels, bound.outputs.scores],
    preprocess(photo) {
      const input = photoInput(photo, bound);
      return { inputs: inputFeeds(bound, input), context: { width: input.width, height: input.height } };
    },
    postprocess: (outputs, size) => detectionsOf(outputs, bound, size.width, size.height),
  };
}
