import { describe, expect, it } from 'vitest';
import {
  classificationAgreement,
  detectionAgreement,
  detectionAgreementTotals,
  klDivergence,
  matchDetections,
  maxAbsDiff,
  relativeError,
  softmax,
  summarizeClassificationAgreement,
  topK,
  topKOverlap,
} from '../src/index.ts';
import type { Detection } from '../src/index.ts';

describe('classification agreement', () => {
  it('softmax: [0, ln 2] → [1/3, 2/3], and stable for huge logits', () => {
    const p = softmax([0, Math.log(2)]);
    expect(p[0]).toBeCloseTo(1 / 3, 15);
    expect(p[1]).toBeCloseTo(2 / 3, 15);
    expect(Array.from(softmax([1000, 1000]))).toEqual([0.5, 0.5]);
  });

  it('top-k by value, ties by lower index; overlap ignores order', () => {
    expect(topK([0.1, 0.5, 0.5, 0.2], 3)).toEqual([1, 2, 3]);
    expect(topK([3, 1], 5)).toEqual([0, 1]);
    expect(topKOverlap([5, 4, 3, 2, 1, 0], [0, 4, 3, 2, 1, 5], 3)).toBe(2); // {0,1,2} vs {5,1,2}
  });

  it('KL divergence, relative error and max |Δ| against hand values', () => {
    expect(klDivergence([0.5, 0.5], [0.25, 0.75])).toBeCloseTo(0.5 * Math.log(2) + 0.5 * Math.log(2 / 3), 14);
    expect(klDivergence([0.2, 0.8], [0.2, 0.8])).toBe(0);
    expect(klDivergence([0, 1], [0.5, 0.5])).toBeCloseTo(Math.log(2), 14); // p = 0 terms vanish
    expect(relativeError([3, 4], [3, 5])).toBeCloseTo(0.2, 15);
    expect(relativeError([0, 0], [0, 0])).toBe(0);
    expect(relativeError([0, 0], [0, 1])).toBe(Infinity);
    expect(maxAbsDiff([1, 2, 3], [1, 2.5, 2])).toBe(1);
    expect(() => maxAbsDiff([1], [1, 2])).toThrow(/lengths differ/);
  });

  it('one image: identical logits agree fully; a swapped winner does not', () => {
    const logits = [1, 5, 3, 2, 4, 0];
    const same = classificationAgreement(logits, logits, 5);
    expect(same).toMatchObject({ top1Agree: true, topKOverlap: 5, maxAbsProbabilityDiff: 0, klDivergence: 0, logitsRelativeError: 0 });
    const swapped = classificationAgreement(logits, [1, 4, 3, 2, 5, 0], 2);
    expect(swapped.top1Reference).toBe(1);
    expect(swapped.top1Candidate).toBe(4);
    expect(swapped.top1Agree).toBe(false);
    expect(swapped.topKOverlap).toBe(2);
    expect(swapped.logitsRelativeError).toBeCloseTo(Math.sqrt(2 / 55), 12);
    const s = summarizeClassificationAgreement([same, swapped]);
    expect(s).toMatchObject({ images: 2, top1AgreeCount: 1, minTopKOverlap: 2 });
    expect(s.maxKlDivergence).toBe(swapped.klDivergence);
  });
});

describe('detection agreement', () => {
  const d = (box: [number, number, number, number], classId: number, score: number): Detection => ({ box, classId, score });

  it('matches by class and IoU ≥ 0.5, then precision, recall, mean IoU and max |Δscore|', () => {
    const ref = [d([0, 0, 10, 10], 18, 0.9), d([20, 20, 30, 30], 17, 0.8)];
    const cand = [d([1, 1, 11, 11], 18, 0.85), d([50, 50, 60, 60], 17, 0.7)];
    const a = detectionAgreement(ref, cand);
    expect(a.matched).toBe(1);
    expect(a.precision).toBe(0.5);
    expect(a.recall).toBe(0.5);
    expect(a.meanIou).toBeCloseTo(81 / 119, 12);
    expect(a.maxAbsScoreDiff).toBeCloseTo(0.05, 12);
    expect(a.matching.unmatchedReference).toEqual([1]);
    expect(a.matching.unmatchedCandidate).toEqual([1]);
  });

  it('sums several images: precision/recall over all detections, mean IoU over all matches', () => {
    const one = detectionAgreement([d([0, 0, 10, 10], 18, 0.9), d([20, 20, 30, 30], 17, 0.8)], [d([1, 1, 11, 11], 18, 0.85), d([50, 50, 60, 60], 17, 0.7)]);
    const two = detectionAgreement([d([0, 0, 10, 10], 3, 0.6)], [d([0, 0, 10, 10], 3, 0.5)]);
    const empty = detectionAgreement([], []);
    const t = detectionAgreementTotals([one, two, empty]);
    expect(t).toMatchObject({ images: 3, referenceCount: 3, candidateCount: 3, matched: 2 });
    expect(t.precision).toBeCloseTo(2 / 3, 12);
    expect(t.recall).toBeCloseTo(2 / 3, 12);
    expect(t.meanIou).toBeCloseTo((81 / 119 + 1) / 2, 12);
    expect(t.maxAbsScoreDiff).toBeCloseTo(0.1, 12);
    expect(detectionAgreementTotals([empty])).toMatchObject({ precision: 1, recall: 1, meanIou: null, maxAbsScoreDiff: null });
  });

  it('does not match across classes or below the IoU threshold', () => {
    const ref = [d([0, 0, 10, 10], 1, 0.9)];
    expect(detectionAgreement(ref, [d([0, 0, 10, 10], 2, 0.9)]).matched).toBe(0);
    expect(detectionAgreement(ref, [d([0, 0, 10, 4], 1, 0.9)]).matched).toBe(0); // IoU 0.4
    expect(detectionAgreement(ref, [d([0, 0, 10, 5], 1, 0.9)]).matched).toBe(1); // IoU 0.5 exactly
  });

  it('matches one-to-one, the higher-scored candidate first, each to its best reference', () => {
    const ref = [d([0, 0, 10, 10], 1, 0.9), d([2, 0, 12, 10], 1, 0.8)];
    const cand = [d([0, 0, 10, 10], 1, 0.5), d([1, 0, 11, 10], 1, 0.95)];
    const m = matchDetections(ref, cand);
    // candidate 1 (0.95) overlaps ref 0 and ref 1 equally (IoU 9/11): lower index wins; candidate 0 then takes ref 1 (IoU 8/12)
    expect(m.matches).toEqual([
      { reference: 0, candidate: 1, iou: 9 / 11 },
      { reference: 1, candidate: 0, iou: 8 / 12 },
    ]);
  });

  it('empty outputs agree perfectly with each other, and not with a non-empty one', () => {
    expect(detectionAgreement([], [])).toMatchObject({ precision: 1, recall: 1, meanIou: null, maxAbsScoreDiff: null });
    expect(detectionAgreement([d([0, 0, 1, 1], 1, 0.9)], [])).toMatchObject({ precision: 1, recall: 0 });
  });
});
