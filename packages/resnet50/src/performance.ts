/**
 * ResNet50 `performance`: batch 32 of seeded random-normal 3×224×224 images by default, as the original; `--image PATH`
 * feeds a real photo instead (pre-processed once by the workload's pipeline, with the preset validate and accuracy
 * would choose, outside the timed region, and repeated over the batch). A model
 * with a fixed batch of 1 runs the batch as consecutive calls. A scenario's performance set is mlperf.conf's 1,024
 * distinct images made from the first (sample-images.ts), or the --image photo alone.
 */
import { timeOnce, type FlagSpecs } from '@modelbench/core';
import { checkFixedBatch, imageSamples, type PerformanceDefinition } from '@modelbench/harness';
import type { ClassifierBinding } from './adapters.ts';
import { randomNormal } from './lib/random-input.ts';
import { resnet50Pipeline } from './pipeline.ts';
import { IMAGE_VALUES, imageFeeds, preprocessFlag, repeatImage } from './preprocess.ts';
import { presetFor } from './lib/preset-choice.ts';
import { loadPhotos, RESNET50_PERFORMANCE_SAMPLES } from './samples.ts';

export const resnet50PerformanceFlags = {
  image: { kind: 'string', value: 'PATH', description: 'time a real photo instead of random data (as the original did)' },
  ...preprocessFlag,
} as const satisfies FlagSpecs;

export const resnet50Performance: PerformanceDefinition<ClassifierBinding, typeof resnet50PerformanceFlags> = {
  flags: resnet50PerformanceFlags,
  defaultBatch: 32,
  async prepare({ options, modelOptions, batch, seed, bound }) {
    checkFixedBatch(bound.fixedBatch, bound.inputShape, { batch });
    const fixed = bound.fixedBatch;
    const perCall = fixed ?? batch;
    const sequential = fixed !== null && fixed !== batch;
    // the preset as validate and accuracy choose it (preset-choice.ts); a bad --preprocess fails with or without --image
    const choice = options.image !== undefined || options.preprocess !== undefined ? presetFor(options.preprocess, modelOptions) : null;
    let data: Float32Array;
    let image: Float32Array;
    let what = `random normal N(0,1), seed ${seed}`;
    const timers: Record<string, number> = {};
    if (options.image !== undefined) {
      const [photo] = await loadPhotos([options.image]);
      // the one route from a photo to inputs: the pipeline's preprocess (one image), then repeated over the call
      const t = await timeOnce(() => resnet50Pipeline(bound).preprocess({ photo: photo!, preset: choice!.preset }).inputs[bound.inputName]!.data as Float32Array);
      timers['preprocess ms (one photo)'] = t.ms;
      image = t.value;
      data = repeatImage(t.value, perCall);
      what = `photo ${photo!.name} ${photo!.image.width}x${photo!.image.height} (${choice!.preset.id}${photo!.notices.length ? `; ${photo!.notices.join('; ')}` : ''}) repeated`;
    } else {
      data = randomNormal(perCall * IMAGE_VALUES, seed);
      image = data.subarray(0, IMAGE_VALUES);
    }
    const feeds = imageFeeds(bound, data, perCall);
    const calls = sequential ? batch : 1;
    return {
      batchMode: sequential ? 'sequential' : 'tensor',
      callsPerIteration: calls,
      samplesPerCall: perCall,
      feedsFor: () => feeds,
      outputNames: [bound.outputName],
      input: `${what}, [${perCall},3,224,224]${sequential ? ` × ${calls} calls` : ''}`,
      timers,
      // scenarios: 1,024 distinct images from the first (a --image photo is the only sample)
      performanceSamples: imageSamples({ base: image, dims: [3, 224, 224], feedsOf: (img) => imageFeeds(bound, img, 1), count: RESNET50_PERFORMANCE_SAMPLES.count, countSource: RESNET50_PERFORMANCE_SAMPLES.source, what, single: options.image !== undefined }),
    };
  },
};
