/**
 * ResNet50 `performance`: batch 32 of seeded random-normal 3×224×224 images by default, as the original; `--image PATH`
 * feeds a real photo instead (pre-processed once, outside the timed region, and repeated over the batch). A model
 * with a fixed batch of 1 runs the batch as consecutive calls. A scenario's performance set is mlperf.conf's 1,024
 * distinct images made from the first (sample-images.ts), or the --image photo alone.
 */
import { BenchError, timeOnce, type FlagSpecs } from '@modelbench/core';
import { imageSamples, type PerformanceDefinition } from '@modelbench/harness';
import type { ClassifierBinding } from './adapters.ts';
import { randomNormal } from './lib/random-input.ts';
import { IMAGE_VALUES, imageFeeds, imageTensor, presetByName, repeatImage } from './preprocess.ts';
import { loadPhotos, RESNET50_PERFORMANCE_SAMPLES } from './samples.ts';

export const resnet50PerformanceFlags = {
  image: { kind: 'string', value: 'PATH', description: 'time a real photo instead of random data (as the original did)' },
  preprocess: { kind: 'string', value: 'NAME', default: 'torchvision', description: 'with --image: torchvision (Resize 256 + CenterCrop 224) | direct-224' },
} as const satisfies FlagSpecs;

export const resnet50Performance: PerformanceDefinition<ClassifierBinding, typeof resnet50PerformanceFlags> = {
  flags: resnet50PerformanceFlags,
  defaultBatch: 32,
  async prepare({ flags, batch, seed, bound }) {
    const fixed = bound.fixedBatch;
    const perCall = fixed ?? batch;
    const sequential = fixed !== null && fixed !== batch;
    if (sequential && fixed !== 1) {
      throw new BenchError('MODEL_SIGNATURE', `the model's batch dimension is fixed at ${fixed}`, { hint: `run with --batch ${fixed}, or use a model with a dynamic batch or a batch of 1` });
    }
    const preset = presetByName(flags.preprocess);
    let data: Float32Array;
    let image: Float32Array;
    let what = `random normal N(0,1), seed ${seed}`;
    const timers: Record<string, number> = {};
    if (flags.image !== undefined) {
      const [photo] = await loadPhotos([flags.image]);
      const t = await timeOnce(() => imageTensor(photo!.image, preset));
      timers['preprocess ms (one photo)'] = t.ms;
      image = t.value;
      data = repeatImage(t.value, perCall);
      what = `photo ${photo!.name} ${photo!.image.width}x${photo!.image.height} (${preset.id}${photo!.notices.length ? `; ${photo!.notices.join('; ')}` : ''}) repeated`;
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
      performanceSamples: imageSamples({ base: image, dims: [3, 224, 224], feedsOf: (img) => imageFeeds(bound, img, 1), count: RESNET50_PERFORMANCE_SAMPLES.count, countSource: RESNET50_PERFORMANCE_SAMPLES.source, what, single: flags.image !== undefined }),
    };
  },
};
