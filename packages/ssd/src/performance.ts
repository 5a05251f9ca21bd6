/**
 * SSD `performance`: batch 8 of seeded random images in [0, 1] as the original (or --image PATH). The torchvision
 * signature takes one image per call, so a batch runs as consecutive calls (the record says `sequential`); the
 * synthetic model's calibrated candidate count (--candidates) and the detections per call go into the record.
 * With --profiling on the synthetic model, the kernel time is also split by stage: backbone vs post-processing.
 * A scenario's performance set is mlperf.conf's 64 distinct images made from the first (sample-images.ts), or the
 * --image photo alone.
 */
import { timeOnce, type FlagSpecs } from '@modelbench/core';
import { imageCalls, oneImageSamples, type PerformanceDefinition } from '@modelbench/harness';
import { SSD300_STAGE_PREFIXES } from '@modelbench/models';
import type { DetectorBinding } from './adapters.ts';
import { stageReport } from './lib/stage-report.ts';
import { staticInputNote } from './lib/static-input.ts';
import { detectionsOf } from './postprocess.ts';
import { inputFeeds, photoInput, randomInput, type ModelInput } from './preprocess.ts';
import { loadPhoto, SSD_PERFORMANCE_SAMPLES } from './samples.ts';

export const ssdPerformanceFlags = {
  image: { kind: 'string', value: 'PATH', description: 'time on this photo instead of random [0,1] images' },
  candidates: { kind: 'int', default: 1000, description: 'synthetic model: boxes that pass the 0.01 score threshold (calibrated weights)' },
} as const satisfies FlagSpecs;

export const ssdPerformance: PerformanceDefinition<DetectorBinding, typeof ssdPerformanceFlags> = {
  flags: ssdPerformanceFlags,
  defaultBatch: 8,
  // the graph's stage split only exists in the synthetic model, whose nodes carry stage prefixes
  profileReport: ({ tracePath, skipRuns, model }) => (model.synthetic ? stageReport(tracePath, SSD300_STAGE_PREFIXES, skipRuns) : []),
  async prepare({ options, batch, seed, bound, model }) {
    const { perCallText, ...calls } = imageCalls(bound, batch);
    const timers: Record<string, number> = {};
    let input: ModelInput;
    let described: string;
    if (options.image) {
      const loadedPhoto = await timeOnce(() => loadPhoto(options.image as string));
      const pre = await timeOnce(() => photoInput(loadedPhoto.value, bound));
      timers['image load ms'] = loadedPhoto.ms;
      timers['preprocess ms'] = pre.ms;
      input = pre.value;
      described = `photo ${loadedPhoto.value.name} (${input.width}x${input.height})${loadedPhoto.value.notices.length ? `, ${loadedPhoto.value.notices.join(', ')}` : ''}`;
    } else {
      input = randomInput(bound, seed);
      described = `random uniform [0,1] ${input.width}x${input.height}, seed ${seed}${bound.randomInputScale === 'imagenet' ? ', ImageNet-normalised' : ''}`;
    }
    const feeds = inputFeeds(bound, input);
    const calibration = (model.details.calibration ?? null) as { candidates: number } | null;
    const staticNote = bound.layout === 'torchvision' && bound.staticSize ? staticInputNote(bound.staticSize) : null;
    if (staticNote && options.image) described += `, resized to the model's static ${bound.staticSize!.width}x${bound.staticSize!.height} (aspect ratio not kept)`;
    const extra: Record<string, unknown> = {
      callsPerBatch: calls.callsPerIteration,
      candidatesPerImage: calibration?.candidates ?? null,
      detectionsPerImage: null,
      ...(bound.staticSize ? { staticInput: { width: bound.staticSize.width, height: bound.staticSize.height, batch: bound.staticBatch, resize: 'plain bilinear, aspect ratio not kept' } } : {}),
    };
    return {
      ...calls,
      feedsFor: () => feeds,
      outputNames: [bound.outputs.boxes, bound.outputs.labels, bound.outputs.scores],
      onOutputs(out) {
        extra.detectionsPerImage = detectionsOf(out, bound, input.width, input.height).length;
      },
      input: `${described}; ${perCallText}`,
      timers,
      extra,
      // scenarios: 64 distinct images from this one (a --image photo is the only sample)
      performanceSamples: oneImageSamples(bound, input, SSD_PERFORMANCE_SAMPLES, { what: described, single: options.image !== undefined }),
      ...(staticNote ? { warnings: [staticNote] } : {}),
    };
  },
};
