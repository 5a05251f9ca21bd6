/**
 * Mask R-CNN `performance`: batch 8 as the original, on a real photo (the COCO demo photo, or --image). The
 * torchvision signature takes one image per call, so a batch runs as consecutive calls (the record says
 * `sequential`); onnxruntime frees each call's activations before the next, so a batch never holds eight copies.
 * The timed region is one whole forward per call: transform, backbone, RPN, heads, post-processing and mask pasting,
 * all inside the single ONNX graph. With --profiling on the synthetic model the kernel time is also split by phase.
 * A scenario's performance set is 64 distinct images made from the photo (sample-images.ts; the count is stated, as
 * Mask R-CNN is not in mlperf.conf), or a --image photo alone.
 */
import { timeOnce, type FlagSpecs } from '@modelbench/core';
import { imageCalls, oneImageSamples, type PerformanceDefinition } from '@modelbench/harness';
import { maskRcnnMacsAt, type MacDetails } from '@modelbench/models';
import { COCO_DEMO_PHOTO } from '@modelbench/vision';
import type { InstanceBinding } from './adapters.ts';
import { letterboxNote } from './lib/letterbox.ts';
import { phaseReport } from './lib/phase-report.ts';
import { inputFeeds, photoInput } from './preprocess.ts';
import { loadPhoto, MASKRCNN_PERFORMANCE_SAMPLES } from './samples.ts';

export const maskRcnnPerformanceFlags = {
  image: { kind: 'string', value: 'PATH', description: 'time on this photo (default: the COCO demo photo, as the original)' },
  detections: { kind: 'positiveInt', description: 'synthetic model: detections per image, exactly (calibrated weights; default 20, at most 100)' },
} as const satisfies FlagSpecs;

export const maskRcnnPerformance: PerformanceDefinition<InstanceBinding, typeof maskRcnnPerformanceFlags> = {
  flags: maskRcnnPerformanceFlags,
  defaultBatch: 8,
  // the phase split only exists in the synthetic model, whose nodes carry phase prefixes
  profileReport: ({ tracePath, skipRuns, model }) => (model.synthetic ? phaseReport(tracePath, skipRuns) : []),
  async prepare({ options, batch, bound, model }) {
    const { perCallText, ...calls } = imageCalls(bound, batch);
    const path = options.image ?? COCO_DEMO_PHOTO;
    const photo = await timeOnce(() => loadPhoto(path));
    const pre = await timeOnce(() => photoInput(photo.value, bound));
    const input = pre.value;
    const feeds = inputFeeds(bound, input);
    const extra: Record<string, unknown> = { callsPerBatch: calls.callsPerIteration, detectionsPerImage: null, graphInput: input.dims };
    const lb = input.letterbox;
    if (lb) extra.staticInput = { width: lb.canvas.width, height: lb.canvas.height, batch: bound.staticBatch, resize: 'letterbox: aspect ratio kept, top-left, padded with the ImageNet mean', photoPart: lb.resized };
    // The synthetic model's MACs at this photo's padded size (the model's own figure is at 800×800).
    const macs = model.synthetic && model.details.macsByStride ? maskRcnnMacsAt(model.details as unknown as MacDetails, input.height, input.width, Number(model.details.detections)) : null;
    if (macs) extra.macsAtInput = { paddedHeight: macs.paddedHeight, paddedWidth: macs.paddedWidth, imageMacs: macs.imageMacs, boxHeadMacs: macs.boxHeadMacs, maskHeadMacs: macs.maskHeadMacs, total: macs.total };
    const notices = photo.value.notices.length ? `, ${photo.value.notices.join(', ')}` : '';
    const resizedText = lb ? `, letterboxed into the model's static ${lb.canvas.width}x${lb.canvas.height} as ${lb.resized.width}x${lb.resized.height}` : '';
    return {
      ...calls,
      feedsFor: () => feeds,
      outputNames: [bound.outputs.boxes, bound.outputs.labels, bound.outputs.scores, bound.outputs.masks],
      onOutputs(out) {
        extra.detectionsPerImage = out[bound.outputs.scores]?.dims[0] ?? null;
      },
      input: `photo ${photo.value.name} (${input.width}x${input.height}${notices})${resizedText}; ${perCallText}`,
      timers: { 'image load ms': photo.ms, 'preprocess ms': pre.ms },
      extra,
      // scenarios: 64 distinct images from the photo (the default demo photo; a --image photo is the only sample)
      performanceSamples: oneImageSamples(bound, input, MASKRCNN_PERFORMANCE_SAMPLES, { what: `photo ${photo.value.name}`, single: options.image !== undefined }),
      ...(lb ? { warnings: [letterboxNote(lb.canvas)] } : {}),
    };
  },
};
