/**
 * ResNet50 `performance`: batch 32 of seeded random-normal 3×224×224 images by default, as the original; `--image PATH`
 * feeds a real photo instead (pre-processed once, outside the timed region, and repeated over the batch).
 */
import { timeOnce, type FlagSpecs } from '@modelbench/core';
import { runPerformance, type PerformanceSpec } from '@modelbench/harness';
import { RESNET50_MACS_PER_IMAGE, resnet50Adapters, type ClassifierAdapter } from './adapters.ts';
import { IMAGE_VALUES, imageTensor, loadPhotos, presetByName, repeatImage } from './preprocess.ts';
import { randomNormal } from './random-input.ts';

export const resnet50PerformanceFlags = {
  image: { kind: 'string', value: 'PATH', description: 'time a real photo instead of random data (as the original did)' },
  preprocess: { kind: 'string', value: 'NAME', default: 'torchvision', description: 'with --image: torchvision (Resize 256 + CenterCrop 224) | direct-224' },
} as const satisfies FlagSpecs;

export const resnet50PerformanceSpec: PerformanceSpec<ClassifierAdapter, typeof resnet50PerformanceFlags> = {
  workload: 'resnet50',
  defaultBatch: 32,
  adapters: resnet50Adapters,
  extraFlags: resnet50PerformanceFlags,
  referenceMacsPerSample: () => RESNET50_MACS_PER_IMAGE,
  async prepare({ flags, batch, seed, loaded, adapter }) {
    const inputName = adapter.inputName(loaded);
    const outputName = adapter.outputName(loaded);
    const fixed = adapter.fixedBatch(loaded);
    const perCall = fixed ?? batch;
    const sequential = fixed !== null && fixed !== batch;
    if (sequential && fixed !== 1) {
      throw new Error(`the model's batch dimension is fixed at ${fixed}; run with --batch ${fixed} or a multiple-free batch of 1`);
    }
    const preset = presetByName(flags.preprocess);
    let data: Float32Array;
    let what = `random normal N(0,1), seed ${seed}`;
    const timers: Record<string, number> = {};
    if (flags.image !== undefined) {
      const [photo] = await loadPhotos([flags.image]);
      const t = await timeOnce(() => imageTensor(photo!.image, preset));
      timers['preprocess ms (one photo)'] = t.ms;
      data = repeatImage(t.value, perCall);
      what = `photo ${photo!.name} ${photo!.image.width}x${photo!.image.height} (${preset.id}${photo!.notices.length ? `; ${photo!.notices.join('; ')}` : ''}) repeated`;
    } else {
      data = randomNormal(perCall * IMAGE_VALUES, seed);
    }
    const feeds = { [inputName]: { type: 'float32' as const, dims: [perCall, 3, 224, 224], data } };
    const calls = sequential ? batch : 1;
    return {
      batchMode: sequential ? 'sequential' : 'tensor',
      input: `${what}, [${perCall},3,224,224]${sequential ? ` × ${calls} calls` : ''}`,
      timers,
      async runBatch() {
        for (let c = 0; c < calls; c++) await loaded.run(feeds, [outputName]);
      },
    };
  },
};

export function performance(argv: string[]): Promise<number> {
  return runPerformance(resnet50PerformanceSpec, argv);
}
