/**
 * Mask R-CNN's one pipeline: a photo → the bound model's image input (resized, or letterboxed into a static input) →
 * instances in the photo's pixels. The context is the geometry pre-processing made (the scale, the letterbox) and
 * the sample's mask threshold, so post-processing never works the resize out again. Bound once per session;
 * validate and accuracy use it.
 */
import type { Pipeline } from '@modelbench/harness';
import type { InstanceBinding } from './adapters.ts';
import type { Instance } from './lib/instance.ts';
import { instancesOf } from './postprocess.ts';
import { inputFeeds, photoInput, type PhotoGeometry } from './preprocess.ts';
import type { PhotoSample } from './samples.ts';

export interface InstanceContext {
  geometry: PhotoGeometry;
  maskThreshold: number;
}

export function maskRcnnPipeline(bound: InstanceBinding): Pipeline<Pick<PhotoSample, 'photo' | 'maskThreshold'>, Instance[], InstanceContext> {
  return {
    outputNames: [bound.outputs.boxes, bound.outputs.labels, bound.outputs.scores, bound.outputs.masks],
    preprocess({ photo, maskThreshold }) {
      const { data, dims, ...geometry } = photoInput(photo, bound);
      return { inputs: inputFeeds(bound, { data, dims }), context: { geometry, maskThreshold } };
    },
    postprocess: (outputs, c) => instancesOf(outputs, bound, c.geometry, c.maskThreshold),
  };
}
