/**
 * ResNet50 verdict: are the candidate's (bf16) predictions close enough to the reference's (fp32)? With trained
 * weights: top-1 equal on (by default) every image and top-5 overlap ≥ 4 of 5. With synthetic weights the
 * probabilities are near uniform, so top-k ranking flips on tiny changes and says nothing; the verdict then uses the
 * logits' relative error. Pure.
 */
import type { ClassificationAgreement, ClassificationAgreementSummary } from '@modelbench/vision';

export type VerdictBasis = 'predictions' | 'logits';

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

export interface Verdict {
  pass: boolean;
  basis: VerdictBasis;
  /** one line per criterion, e.g. 'top-1 agreement 6/6 ≥ 100 %: ok' */
  checks: string[];
  failures: string[];
}

export function chooseBasis(requested: 'auto' | VerdictBasis, synthetic: boolean): VerdictBasis {
  if (requested !== 'auto') return requested;
  return synthetic ? 'logits' : 'predictions';
}

const pct = (x: number): string => `${(x * 100).toFixed(0)} %`;

export function decideVerdict(
  summary: ClassificationAgreementSummary,
  perImage: readonly ClassificationAgreement[],
  thresholds: Resnet50Thresholds,
  basis: VerdictBasis,
): Verdict {
  const checks: string[] = [];
  const failures: string[] = [];
  const check = (ok: boolean, line: string): void => {
    checks.push(`${line}: ${ok ? 'ok' : 'FAIL'}`);
    if (!ok) failures.push(line);
  };
  if (basis === 'predictions') {
    const rate = summary.top1AgreeCount / summary.images;
    check(rate >= thresholds.minTop1Agreement, `top-1 agreement ${summary.top1AgreeCount}/${summary.images} (need ≥ ${pct(thresholds.minTop1Agreement)})`);
    const k = perImage[0]?.k ?? 5;
    check(summary.minTopKOverlap >= thresholds.minTop5Overlap, `least top-${k} overlap ${summary.minTopKOverlap}/${k} (need ≥ ${thresholds.minTop5Overlap})`);
  } else {
    check(
      summary.maxLogitsRelativeError <= thresholds.maxLogitsRelError,
      `largest logits relative error ${summary.maxLogitsRelativeError.toExponential(2)} (need ≤ ${thresholds.maxLogitsRelError})`,
    );
  }
  return { pass: failures.length === 0, basis, checks, failures };
}
