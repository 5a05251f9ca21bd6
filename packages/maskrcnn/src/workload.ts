/**
 * The Mask R-CNN workload (torchvision maskrcnn_resnet50_fpn, whole forward in one graph; the Zoo's MaskRCNN-12):
 * `performance` on a photo, one image per call; `validate` on photos (instances matched by class and box IoU, mask
 * IoU of the matches, PNGs with the masks blended in).
 */
import type { FlagSpecs } from '@modelbench/core';
import { detectorAgreementOptions, detectorImages, detectorPredictionRows, detectorRecordDetails, detectorReport, drawDetectorPictures, type Workload } from '@modelbench/harness';
import { composeSideBySide, writePng } from '@modelbench/vision';
import { maskRcnnAccuracy } from './accuracy.ts';
import { maskRcnnAdapters, type InstanceBinding } from './adapters.ts';
import { DEFAULT_THRESHOLDS, maskRcnnAgreement, type MaskRcnnAgreementDetails } from './agreement.ts';
import type { Instance } from './lib/instance.ts';
import { maskRcnnSyntheticOptions } from './lib/synthetic.ts';
import { maskRcnnPerformance, maskRcnnPerformanceFlags } from './performance.ts';
import { maskRcnnPipeline } from './pipeline.ts';
import { imageLine, instancePicture, instanceSummary, instanceTable, totalsLines } from './report.ts';
import { loadPhotoSamples, type PhotoSample } from './samples.ts';

export const maskRcnnValidateFlags = {
  images: { kind: 'strings', value: 'FILE|DIR', description: 'photos or folders of photos (default: the COCO demo photo, dog.jpg and person.jpg)' },
  'score-threshold': { kind: 'number', default: 0.5, description: 'instances drawn and compared score above this' },
  'mask-threshold': { kind: 'number', default: 0.5, description: 'a pixel belongs to an instance when its mask probability is above this' },
  'match-iou': { kind: 'number', default: 0.5, description: 'a candidate instance matches an fp32 one of the same class with at least this box IoU' },
  'min-precision': { kind: 'number', default: DEFAULT_THRESHOLDS.minPrecision, description: 'least accepted precision of the candidate against fp32' },
  'min-recall': { kind: 'number', default: DEFAULT_THRESHOLDS.minRecall, description: 'least accepted recall of the candidate against fp32' },
  'min-mask-iou': { kind: 'number', default: DEFAULT_THRESHOLDS.minMeanMaskIou, description: 'least accepted mean mask IoU of matched instances' },
  'max-score-diff': { kind: 'number', default: DEFAULT_THRESHOLDS.maxScoreDiff, description: 'largest accepted |Δscore| of a matched instance' },
  detections: { kind: 'positiveInt', description: 'synthetic model: detections per image, exactly (default 20)' },
  rows: { kind: 'positiveInt', default: 10, description: 'instance rows printed per photo' },
} as const satisfies FlagSpecs;

export const maskRcnnWorkload: Workload<InstanceBinding, PhotoSample, Instance[], MaskRcnnAgreementDetails, typeof maskRcnnPerformanceFlags, typeof maskRcnnValidateFlags> = {
  id: 'maskrcnn',
  title: 'Mask R-CNN R50-FPN instance segmentation (torchvision maskrcnn_resnet50_fpn; ONNX Model Zoo MaskRCNN-12)',
  adapters: maskRcnnAdapters,
  pipeline: maskRcnnPipeline,
  syntheticOptions: (flags) => maskRcnnSyntheticOptions(flags.detections as number | undefined),
  performance: maskRcnnPerformance,
  validate: {
    flags: maskRcnnValidateFlags,
    thresholds: { ...DEFAULT_THRESHOLDS },
    predictionsFile: 'instances.json',
    async loadSamples({ options: f, positionals }) {
      return loadPhotoSamples(detectorImages('maskrcnn validate', f, positionals, ['score-threshold', 'mask-threshold', 'match-iou']), f['mask-threshold']);
    },
    agreement: (reference, candidate, { samples, options: f }) =>
      maskRcnnAgreement(
        samples.map((s) => s.photo.name),
        reference,
        candidate,
        detectorAgreementOptions(f, { minPrecision: f['min-precision'], minRecall: f['min-recall'], minMeanMaskIou: f['min-mask-iou'], maxScoreDiff: f['max-score-diff'] }),
      ),
    report: ({ samples, options: f, reference, candidate, agreement, candidateLabel }) =>
      detectorReport(
        `instances with score > ${agreement.details.scoreThreshold} are drawn and compared; masks are probability > ${f['mask-threshold']}; matched by class and box IoU ≥ ${agreement.details.matchIou}`,
        { photos: samples.map((s) => s.photo), reference, candidate, details: agreement.details, candidateLabel },
        { noun: 'instances', imageLine, table: (a, ref, got, label) => (ref.length ? instanceTable(a, ref, got, label, f.rows) : null), totalsLines },
      ),
    // the agreement's own matching marks what only one precision found
    draw: ({ samples, agreement, candidateLabel, synthetic, outDir }) =>
      drawDetectorPictures({ sideBySide: composeSideBySide, writePng }, { photos: samples.map((s) => s.photo), details: agreement.details, candidateLabel, synthetic, outDir }, instancePicture),
    predictionsJson: ({ samples, reference, candidate, options: f }) => ({
      maskThreshold: f['mask-threshold'],
      instances: detectorPredictionRows(samples.map((s) => s.photo), reference, candidate, instanceSummary),
    }),
    recordDetails: detectorRecordDetails,
  },
  accuracy: maskRcnnAccuracy,
};
