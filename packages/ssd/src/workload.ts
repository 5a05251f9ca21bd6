/**
 * The SSD workload (torchvision ssd300_vgg16 with its transform and post-processing in the graph; the Zoo's ssd-12):
 * `performance` on random or photo inputs, one image per call; `validate` on photos (detections above the score
 * threshold matched by class and IoU, PNGs with COCO names).
 */
import type { FlagSpecs } from '@modelbench/core';
import { detectorAgreementOptions, detectorImages, detectorPredictionRows, detectorRecordDetails, detectorReport, drawDetectorPictures, type Workload } from '@modelbench/harness';
import { composeSideBySide, writePng, type Detection, type LoadedImage } from '@modelbench/vision';
import { ssdAccuracy } from './accuracy.ts';
import { ssdAdapters, type DetectorBinding } from './adapters.ts';
import { DEFAULT_THRESHOLDS, ssdAgreement, type SsdAgreementDetails } from './agreement.ts';
import { ssdSyntheticOptions } from './lib/synthetic.ts';
import { ssdPerformance, ssdPerformanceFlags } from './performance.ts';
import { ssdPipeline } from './pipeline.ts';
import { detectionPicture, detectionTable, imageLine, totalsLines } from './report.ts';
import { loadPhotos } from './samples.ts';

export const ssdValidateFlags = {
  images: { kind: 'strings', value: 'FILE|DIR', description: 'photos or folders of photos (default: the COCO demo photo and the sample photos); repeat the flag or list them after it' },
  'score-threshold': { kind: 'number', default: 0.5, description: 'detections drawn and compared score above this (the original drew above 0.95)' },
  'match-iou': { kind: 'number', default: 0.5, description: 'a candidate detection matches an fp32 one of the same class with at least this IoU' },
  'min-precision': { kind: 'number', default: DEFAULT_THRESHOLDS.minPrecision, description: 'least accepted precision of the candidate against fp32' },
  'min-recall': { kind: 'number', default: DEFAULT_THRESHOLDS.minRecall, description: 'least accepted recall of the candidate against fp32' },
  'min-mean-iou': { kind: 'number', default: DEFAULT_THRESHOLDS.minMeanIou, description: 'least accepted mean IoU of matched detections' },
  'max-score-diff': { kind: 'number', default: DEFAULT_THRESHOLDS.maxScoreDiff, description: 'largest accepted |Δscore| of a matched detection' },
  rows: { kind: 'positiveInt', default: 12, description: 'detection rows printed per photo' },
  candidates: { kind: 'int', default: 1000, description: 'synthetic model: boxes that pass the 0.01 score threshold (calibrated weights)' },
} as const satisfies FlagSpecs;

export const ssdWorkload: Workload<DetectorBinding, LoadedImage, Detection[], SsdAgreementDetails, typeof ssdPerformanceFlags, typeof ssdValidateFlags> = {
  id: 'ssd',
  title: 'SSD300-VGG16 object detection (torchvision ssd300_vgg16; ONNX Model Zoo ssd-12)',
  adapters: ssdAdapters,
  pipeline: ssdPipeline,
  syntheticOptions: (flags) => ssdSyntheticOptions(flags.candidates as number | undefined),
  performance: ssdPerformance,
  validate: {
    flags: ssdValidateFlags,
    thresholds: { ...DEFAULT_THRESHOLDS },
    predictionsFile: 'detections.json',
    async loadSamples({ options: f, positionals }) {
      return loadPhotos(detectorImages('ssd validate', f, positionals, ['score-threshold', 'match-iou']));
    },
    agreement: (reference, candidate, { samples, options: f }) =>
      ssdAgreement(
        samples.map((p) => p.name),
        reference,
        candidate,
        detectorAgreementOptions(f, { minPrecision: f['min-precision'], minRecall: f['min-recall'], minMeanIou: f['min-mean-iou'], maxScoreDiff: f['max-score-diff'] }),
      ),
    report: ({ samples, options: f, reference, candidate, agreement, candidateLabel }) =>
      detectorReport(
        `detections with score > ${agreement.details.scoreThreshold} are drawn and compared; matched by class and IoU ≥ ${agreement.details.matchIou}`,
        { photos: samples, reference, candidate, details: agreement.details, candidateLabel },
        { noun: 'detections', imageLine, table: (a, ref, got, label) => (ref.length || got.length ? detectionTable(a, ref, got, label, f.rows) : null), totalsLines },
      ),
    // the agreement's own matching marks what only one precision found
    draw: ({ samples, agreement, candidateLabel, synthetic, outDir }) =>
      drawDetectorPictures({ sideBySide: composeSideBySide, writePng }, { photos: samples, details: agreement.details, candidateLabel, synthetic, outDir }, detectionPicture),
    predictionsJson: ({ samples, reference, candidate }) => ({ detections: detectorPredictionRows(samples, reference, candidate, (ds) => ds) }),
    recordDetails: detectorRecordDetails,
  },
  accuracy: ssdAccuracy,
};
