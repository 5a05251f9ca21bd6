/**
 * How `performance` times a model that takes one image a call (SSD, Mask R-CNN): a model fixed at a batch of N > 1
 * takes the batch as one call of N copies ('tensor'; fixed-batch.ts refuses any other --batch), any other as `batch`
 * consecutive single-image calls ('sequential'); and the scenarios' performance set made of the prepared image
 * (sample-images.ts), each sample fed as one image. Pure.
 */
import type { PerformanceSamples } from './sample-set.ts';
import { checkFixedBatch } from './fixed-batch.ts';
import { imageInputFeeds, type ImageInputBinding } from './image-feeds.ts';
import { imageSamples } from './sample-images.ts';
import type { PreparedPerformance } from './workload.ts';

export interface ImageCalls extends Pick<PreparedPerformance, 'batchMode' | 'callsPerIteration' | 'samplesPerCall'> {
  /** what one batch is, for the record's input line */
  perCallText: string;
}

/** The calls of one timed batch of `batch` images (checks the model's fixed batch first). */
export function imageCalls(bound: { staticBatch: number | null; inputShape: readonly (number | string)[] }, batch: number): ImageCalls {
  checkFixedBatch(bound.staticBatch, bound.inputShape, { batch });
  const perCall = bound.staticBatch ?? 1;
  return {
    batchMode: perCall > 1 ? 'tensor' : 'sequential',
    callsPerIteration: batch / perCall,
    samplesPerCall: perCall,
    perCallText: perCall > 1 ? `one call of the model's fixed batch of ${perCall} copies` : `${batch} consecutive single-image calls per batch (the model takes one image)`,
  };
}

/** A performance set of `set.count` distinct images rolled from the prepared one (a user's photo: that photo alone). */
export function oneImageSamples(
  bound: ImageInputBinding,
  input: { data: Float32Array; dims: readonly number[] },
  set: { count: number; source: string },
  o: { what: string; single: boolean },
): PerformanceSamples {
  const feedsOf = (image: Float32Array) => imageInputFeeds({ ...bound, staticBatch: 1 }, { data: image, dims: input.dims });
  return imageSamples({ base: input.data, dims: input.dims, feedsOf, count: set.count, countSource: set.source, what: o.what, single: o.single });
}
