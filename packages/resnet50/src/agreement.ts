/**
 * ResNet50 agreement: are the candidate's (bf16) predictions close enough to the reference's (fp32)? With trained
 * weights: top-1 equal on (by default) every image and top-5 overlap ≥ 4 of 5. With synthetic weights the
 * probabilities are near uniform, so top-k ranking flips on tiny changes and says nothing; the checks then use the
 * logits' relative error. Pure.
 */
import { check, agreementResult, type AgreementResult } from '@modelbench/harness';
import { classificationAgreement, summarizeClassificationAgreement, type ClassificationAgreement, type ClassificationAgreementSummary } from '@modelbench/vision';
import type { Classification } from './postprocess.ts';

export type VerdictBasis = 'predictions' | 'logits';
export const BASES = ['auto', 'predictions', 'logits'] as const;

export interface Resnet50Thresholds {
  /** fraction of images whose top-1 must agree (1 = every image). */
  minTop1Agreement: number;
  /** least top-5 overlap on any image. */
  minTop5Overlap: number;
  /** largest logits relative error on any image (the synthetic-weights criterion). */
  maxLogitsRelError: number;
}

/**
 * maxLogitsRelError: emulated bf16 on the synthetic ResNet50 measured 2.8–2.9e-3 on the six sample photos; weights
 * rounded to 3 mantissa bits gave 5.8e-2, to 2 bits 1.1e-1. 0.02 leaves bf16 a 7× margin and catches both.
 */
export const DEFAULT_THRESHOLDS: Resnet50Thresholds = { minTop1Agreement: 1, minTop5Overlap: 4, maxLogitsRelError: 0.02 };

export interface Resnet50AgreementDetails {
  basis: VerdictBasis;
  summary: ClassificationAgreementSummary;
  perImage: ClassificationAgreement[];
}

export function chooseBasis(requested: 'auto' | VerdictBasis, synthetic: boolean): VerdictBasis {
  if (requested !== 'auto') return requested;
  return synthetic ? 'logits' : 'predictions';
}

export function classificationChecks(reference: readonly Classification[], candidate: readonly Classification[], thresholds: Resnet50Thresholds, basis: VerdictBasis): AgreementResult<Resnet50AgreementDetails> {
  const perImage = reference.map((r, i) => classificationAgreement(r.logits, candidate[i]!.logits, 5));
  const summary = summarizeClassificationAgreement(perImage);
  const checks =
    basis === 'predictions'
      ? [
          check('top-1 agreement (share of images)', summary.top1AgreeCount / summary.images, thresholds.minTop1Agreement, 'min'),
          check('least top-5 overlap', summary.minTopKOverlap, thresholds.minTop5Overlap, 'min'),
        ]
      : [check('largest logits relative error', summary.maxLogitsRelativeError, thresholds.maxLogitsRelError, 'max')];
  return agreementResult(checks, { basis, summary, perImage });
}
