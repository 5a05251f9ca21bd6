/**
 * Mask R-CNN `performance`: batch 8 as the original, on a real photo (the COCO demo photo, or --image). The
 * torchvision signature takes one image per call, so a batch runs as consecutive calls (the record says
 * `sequential`); onnxruntime frees each call's activations before the next, so a batch never holds eight copies.
 * The timed region is one whole forward per call: transform, backbone, RPN, heads, post-processing and mask pasting,
 * all inside the single ONNX graph. With --profiling on the synthetic model the kernel time is also split by phase.
 */
import { timeOnce, type FlagSpecs } from '@modelbench/core';
import { runPerformance, type PerformanceSpec } from '@modelbench/harness';
import { maskRcnnMacsAt, type MacDetails } from '@modelbench/models';
import { COCO_DEMO_PHOTO } from '@modelbench/vision';
import { maskRcnnAdapters, type InstanceAdapter } from './adapters.ts';
import { loadPhoto, photoInput } from './inputs.ts';
import { phaseReport } from './phase-report.ts';
import { maskRcnnSyntheticOptions } from './synthetic.ts';

export const maskRcnnPerformanceFlags = {
  image: { kind: 'string', value: 'PATH', description: 'time on this photo (default: the COCO demo photo, as the original)' },
  detections: { kind: 'positiveInt', description: 'synthetic model: detections per image, exactly (calibrated weights; default 20, at most 100)' },
} as const satisfies FlagSpecs;

export const maskRcnnPerformanceSpec: PerformanceSpec<InstanceAdapter, typeof maskRcnnPerformanceFlags> = {
  workload: 'maskrcnn',
  defaultBatch: 8,
  adapters: maskRcnnAdapters,
  extraFlags: maskRcnnPerformanceFlags,
  syntheticOptions: (flags) => maskRcnnSyntheticOptions(flags.detections),
  // the phase split only exists in the synthetic model, whose nodes carry phase prefixes
  profileReport: ({ tracePath, skipRuns, model }) => (model.synthetic ? phaseReport(tracePath, skipRuns) : []),
  async prepare({ flags, batch, loaded, adapter, model }) {
    const path = flags.image ?? COCO_DEMO_PHOTO;
    const photo = await timeOnce(() => loadPhoto(path));
    const pre = await timeOnce(() => photoInput(photo.value, adapter));
    const input = pre.value;
    const feeds = adapter.feeds(loaded, input.data, input.dims);
    const outputNames = adapter.outputNames(loaded);
    const scoresName = outputNames[2] as string;
    const extra: Record<string, unknown> = { callsPerBatch: batch, detectionsPerImage: null, graphInput: input.dims };
    // The synthetic model's MACs at this photo's padded size (the model's own figure is at 800×800).
    const macs = model.synthetic && model.details.macsByStride ? maskRcnnMacsAt(model.details as unknown as MacDetails, input.height, input.width, Number(model.details.detections)) : null;
    if (macs) extra.macsAtInput = { paddedHeight: macs.paddedHeight, paddedWidth: macs.paddedWidth, imageMacs: macs.imageMacs, boxHeadMacs: macs.boxHeadMacs, maskHeadMacs: macs.maskHeadMacs };
    const notices = photo.value.notices.length ? `, ${photo.value.notices.join(', ')}` : '';
    return {
      batchMode: 'sequential',
      input: `photo ${photo.value.name} (${input.width}x${input.height}${notices}); ${batch} consecutive single-image calls per batch (the model takes one image)`,
      timers: { 'image load ms': photo.ms, 'preprocess ms': pre.ms },
      extra,
      ...(macs ? { macsPerSample: macs.total } : {}),
      async runBatch() {
        for (let c = 0; c < batch; c++) {
          const out = await loaded.run(feeds, outputNames);
          extra.detectionsPerImage = out[scoresName]?.dims[0] ?? null;
        }
      },
    };
  },
};

export function performance(argv: string[]): Promise<number> {
  return runPerformance(maskRcnnPerformanceSpec, argv);
}
