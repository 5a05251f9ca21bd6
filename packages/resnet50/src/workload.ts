/**
 * The ResNet50 workload (torchvision resnet50 v1.5, ImageNet classification): `performance` on random or photo
 * batches, `validate` on photos (top-5 side by side, top-1/top-5 agreement or, on synthetic weights, logits error).
 */
import { BenchError, type FlagSpecs } from '@modelbench/core';
import { checkFixedBatch, listFlagWithArguments, type Workload } from '@modelbench/harness';
import { resnet50Accuracy } from './accuracy.ts';
import { resnet50Adapters, type ClassifierBinding } from './adapters.ts';
import { BASES, chooseBasis, classificationChecks, DEFAULT_THRESHOLDS, type Resnet50AgreementDetails, type VerdictBasis } from './agreement.ts';
import { resnet50Performance, resnet50PerformanceFlags } from './performance.ts';
import type { Classification } from './postprocess.ts';
import { resnet50Pipeline } from './pipeline.ts';
import { preprocessFlag } from './preprocess.ts';
import { presetFor, presetLine } from './lib/preset-choice.ts';
import { agreementLine, agreementTable, sideBySideTopK } from './report.ts';
import { loadPhotoSamples, type PhotoSample } from './samples.ts';

export const resnet50ValidateFlags = {
  images: { kind: 'strings', value: 'FILE|DIR', description: 'photos to classify (files or folders, repeat or comma-separate; default: the six sample photos)' },
  ...preprocessFlag,
  basis: { kind: 'string', value: 'auto|predictions|logits', default: 'auto', description: 'what the verdict uses (auto: logits for synthetic weights, predictions otherwise)' },
  'min-top1-agreement': { kind: 'number', value: 'FRACTION', default: DEFAULT_THRESHOLDS.minTop1Agreement, description: 'share of images whose top-1 must agree (1 = every image)' },
  'min-top5-overlap': { kind: 'int', default: DEFAULT_THRESHOLDS.minTop5Overlap, description: 'least top-5 overlap accepted on any image' },
  'max-logits-rel-error': { kind: 'positiveNumber', default: DEFAULT_THRESHOLDS.maxLogitsRelError, description: 'largest logits relative error accepted (the synthetic-weights criterion)' },
} as const satisfies FlagSpecs;

type ValidateFlags = typeof resnet50ValidateFlags;

export const resnet50Workload: Workload<ClassifierBinding, PhotoSample, Classification, Resnet50AgreementDetails, typeof resnet50PerformanceFlags, ValidateFlags> = {
  id: 'resnet50',
  title: 'ResNet50 v1.5 ImageNet classification (torchvision resnet50; ONNX Model Zoo resnet50-v1/v2)',
  adapters: resnet50Adapters,
  pipeline: resnet50Pipeline,
  performance: resnet50Performance,
  validate: {
    flags: resnet50ValidateFlags,
    thresholds: { ...DEFAULT_THRESHOLDS },
    predictionsFile: 'predictions.json',
    async loadSamples({ options: f, modelOptions: m, positionals }) {
      const images = listFlagWithArguments('resnet50 validate', 'images', f.images, positionals);
      if (!(BASES as readonly string[]).includes(f.basis)) throw new BenchError('USAGE', `--basis must be one of ${BASES.join(', ')}, got '${f.basis}'`);
      if (f['min-top1-agreement'] < 0 || f['min-top1-agreement'] > 1) throw new BenchError('USAGE', '--min-top1-agreement must be a fraction in [0,1]');
      if (f['min-top5-overlap'] < 0 || f['min-top5-overlap'] > 5) throw new BenchError('USAGE', '--min-top5-overlap must be between 0 and 5');
      return loadPhotoSamples(images, presetFor(f.preprocess, m).preset);
    },
    checkModel: (bound) => checkFixedBatch(bound.fixedBatch, bound.inputShape, { oneSampleIn: 'validate' }),
    agreement(reference, candidate, { options: f, synthetic }) {
      const basis = chooseBasis(f.basis as 'auto' | VerdictBasis, synthetic);
      return classificationChecks(reference, candidate, { minTop1Agreement: f['min-top1-agreement'], minTop5Overlap: f['min-top5-overlap'], maxLogitsRelError: f['max-logits-rel-error'] }, basis);
    },
    report({ samples, options: f, modelOptions: m, reference, candidate, agreement, candidateLabel }) {
      const { perImage, basis } = agreement.details;
      const out = [presetLine(presetFor(f.preprocess, m)), `images: ${samples.length}`, `checks use: ${basis === 'logits' ? 'the logits relative error (synthetic weights: rankings mean nothing)' : 'the predictions (top-1, top-5)'}`];
      samples.forEach(({ photo }, i) => {
        out.push('', `${photo.name}  ${photo.image.width}x${photo.image.height}${photo.notices.length ? `  (${photo.notices.join('; ')})` : ''}`);
        out.push(sideBySideTopK(reference[i]!.top, candidate[i]!.top, candidateLabel.text));
        out.push(`  ${agreementLine(perImage[i]!)}`);
      });
      out.push('', `agreement of ${candidateLabel.text} with fp32 over ${samples.length} image(s):`, agreementTable(samples.map((s) => s.photo.name), perImage));
      return out;
    },
    predictionsJson: ({ samples, reference, candidate }) => ({
      preprocess: samples[0]!.preset.id,
      predictions: samples.map(({ photo }, i) => ({ image: photo.name, path: photo.path, notices: photo.notices, fp32: reference[i]!.top, candidate: candidate[i]!.top })),
    }),
    recordDetails: (d) => ({ basis: d.basis, summary: d.summary, perImage: d.perImage }),
  },
  accuracy: resnet50Accuracy,
};
