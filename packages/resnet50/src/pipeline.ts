/**
 * ResNet50's one pipeline: a photo → its [1,3,224,224] image with the sample's preset → the classification (top-5,
 * logits). Nothing of pre-processing is needed after the model, so the context is empty. Bound once per session;
 * validate, accuracy and `performance --image` take a photo to inputs only through it.
 */
import type { Pipeline } from '@modelbench/harness';
import type { ClassifierBinding } from './adapters.ts';
import { classify, type Classification } from './postprocess.ts';
import { preprocessPhoto } from './preprocess.ts';
import type { PhotoSample } from './samples.ts';

export function resnet50Pipeline(bound: ClassifierBinding): Pipeline<PhotoSample, Classification, null> {
  return {
    outputNames: [bound.outputName],
    preprocess: (sample) => ({ inputs: preprocessPhoto(sample, bound), context: null }),
    postprocess: (outputs) => classify(outputs, bound),
  };
}
