/**
 * SSD `performance`: batch 8 of seeded random images in [0, 1] as the original (or --image PATH). The torchvision
 * signature takes one image per call, so a batch runs as consecutive calls (the record says `sequential`); the
 * synthetic model's calibrated candidate count (--candidates) and the detections per call go into the record.
 * With --profiling on the synthetic model, the kernel time is also split by stage: backbone vs post-processing.
 */
import { timeOnce, type FlagSpecs } from '@modelbench/core';
import { runPerformance, type PerformanceSpec } from '@modelbench/harness';
import { SSD300_STAGE_PREFIXES } from '@modelbench/models';
import { SSD300_MACS_PER_IMAGE, ssdAdapters, type DetectorAdapter } from './adapters.ts';
import { loadPhoto, photoInput, randomInput, type ModelInput } from './inputs.ts';
import { stageReport } from './stage-report.ts';
import { ssdSyntheticOptions } from './synthetic.ts';

export const ssdPerformanceFlags = {
  image: { kind: 'string', value: 'PATH', description: 'time on this photo instead of random [0,1] images' },
  candidates: { kind: 'int', default: 1000, description: 'synthetic model: boxes that pass the 0.01 score threshold (calibrated weights)' },
} as const satisfies FlagSpecs;

export const ssdPerformanceSpec: PerformanceSpec<DetectorAdapter, typeof ssdPerformanceFlags> = {
  workload: 'ssd',
  defaultBatch: 8,
  adapters: ssdAdapters,
  extraFlags: ssdPerformanceFlags,
  syntheticOptions: (flags) => ssdSyntheticOptions(flags.candidates),
  referenceMacsPerSample: (_model, adapter) => (adapter.name === 'torchvision' ? SSD300_MACS_PER_IMAGE : null),
  // the graph's stage split only exists in the synthetic model, whose nodes carry stage prefixes
  profileReport: ({ tracePath, skipRuns, model }) => (model.synthetic ? stageReport(tracePath, SSD300_STAGE_PREFIXES, skipRuns) : []),
  async prepare({ flags, batch, seed, loaded, adapter, model }) {
    const timers: Record<string, number> = {};
    let input: ModelInput;
    let described: string;
    if (flags.image) {
      const loadedPhoto = await timeOnce(() => loadPhoto(flags.image as string));
      const pre = await timeOnce(() => photoInput(loadedPhoto.value, adapter));
      timers['image load ms'] = loadedPhoto.ms;
      timers['preprocess ms'] = pre.ms;
      input = pre.value;
      described = `photo ${loadedPhoto.value.name} (${input.width}x${input.height})${loadedPhoto.value.notices.length ? `, ${loadedPhoto.value.notices.join(', ')}` : ''}`;
    } else {
      input = randomInput(adapter, seed);
      described = `random uniform [0,1] ${input.width}x${input.height}, seed ${seed}${adapter.randomInputScale === 'imagenet' ? ', ImageNet-normalised' : ''}`;
    }
    const feeds = adapter.feeds(loaded, input.data, input.dims);
    const outputNames = adapter.outputNames(loaded);
    const calibration = (model.details.calibration ?? null) as { candidates: number } | null;
    const extra: Record<string, unknown> = {
      callsPerBatch: batch,
      candidatesPerImage: calibration?.candidates ?? null,
      detectionsPerImage: null,
    };
    return {
      batchMode: 'sequential',
      input: `${described}; ${batch} consecutive single-image calls per batch (the model takes one image)`,
      timers,
      extra,
      async runBatch() {
        for (let c = 0; c < batch; c++) {
          const out = await loaded.run(feeds, outputNames);
          extra.detectionsPerImage = adapter.detections(loaded, out, input.width, input.height).length;
        }
      },
    };
  },
};

export function performance(argv: string[]): Promise<number> {
  return runPerformance(ssdPerformanceSpec, argv);
}
