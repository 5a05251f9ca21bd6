/** ResNet50 `performance`: batch 32 of seeded random-normal 3×224×224 images by default, as the original. */
import type { FlagSpecs } from '@modelbench/core';
import { runPerformance, type PerformanceSpec } from '@modelbench/harness';
import { RESNET50_MACS_PER_IMAGE, resnet50Adapters, type ClassifierAdapter } from './adapters.ts';
import { randomNormal } from './random-input.ts';

export const resnet50PerformanceFlags = {} as const satisfies FlagSpecs;

const IMAGE_VALUES = 3 * 224 * 224;

export const resnet50PerformanceSpec: PerformanceSpec<ClassifierAdapter, typeof resnet50PerformanceFlags> = {
  workload: 'resnet50',
  defaultBatch: 32,
  adapters: resnet50Adapters,
  extraFlags: resnet50PerformanceFlags,
  referenceMacsPerSample: () => RESNET50_MACS_PER_IMAGE,
  async prepare({ batch, seed, loaded, adapter }) {
    const inputName = adapter.inputName(loaded);
    const outputName = adapter.outputName(loaded);
    const fixed = adapter.fixedBatch(loaded);
    const perCall = fixed ?? batch;
    const sequential = fixed !== null && fixed !== batch;
    if (sequential && fixed !== 1) {
      throw new Error(`the model's batch dimension is fixed at ${fixed}; run with --batch ${fixed} or a multiple-free batch of 1`);
    }
    const data = randomNormal(perCall * IMAGE_VALUES, seed);
    const feeds = { [inputName]: { type: 'float32' as const, dims: [perCall, 3, 224, 224], data } };
    const calls = sequential ? batch : 1;
    return {
      batchMode: sequential ? 'sequential' : 'tensor',
      input: `random normal N(0,1), seed ${seed}, [${perCall},3,224,224]${sequential ? ` × ${calls} calls` : ''}`,
      async runBatch() {
        for (let c = 0; c < calls; c++) await loaded.run(feeds, [outputName]);
      },
    };
  },
};

export function performance(argv: string[]): Promise<number> {
  return runPerformance(resnet50PerformanceSpec, argv);
}
