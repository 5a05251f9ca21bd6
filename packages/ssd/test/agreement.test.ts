/** Totals and verdict of the fp32-vs-candidate detection agreement, on hand-made detections. */
import { describe, expect, it } from 'vitest';
import type { Detection } from '@modelbench/vision';
import { verdictLines } from '@modelbench/harness';
import { agreementTotals, imageAgreement, ssdAgreement, totalsChecks } from '../src/agreement.ts';

const det = (x: number, classId: number, score: number): Detection => ({ box: [x, 0, x + 10, 10], classId, score });
const thresholds = { minPrecision: 0.9, minRecall: 0.9, minMeanIou: 0.9, maxScoreDiff: 0.05 };

describe('SSD agreement', () => {
  it('sums matches over images and passes identical detections', () => {
    const a = imageAgreement('a', [det(0, 1, 0.9), det(50, 2, 0.8)], [det(0, 1, 0.9), det(50, 2, 0.79)], 0.5);
    const b = imageAgreement('b', [det(0, 3, 0.7)], [det(0, 3, 0.7)], 0.5);
    const t = agreementTotals([a, b]);
    expect(t).toMatchObject({ images: 2, referenceCount: 3, candidateCount: 3, matched: 3, precision: 1, recall: 1, meanIou: 1 });
    expect(t.maxAbsScoreDiff).toBeCloseTo(0.01, 9);
    const v = totalsChecks(t, thresholds);
    expect(v.passed).toBe(true);
    expect(v.checks.map((c) => [c.metric, c.passed])).toEqual([['precision', true], ['recall', true], ['mean IoU', true], ['max |Δscore|', true]]);
  });

  it('fails on a class change, a shifted box and a score change, saying which threshold', () => {
    // class 2 became class 4 (unmatched both ways); the class-1 box moved by 5 px: IoU 5·10 / (2·100 − 50) = 1/3
    const a = imageAgreement('a', [det(0, 1, 0.9), det(50, 2, 0.8)], [det(5, 1, 0.7), det(50, 4, 0.8)], 0.3);
    const t = agreementTotals([a]);
    expect(t).toMatchObject({ referenceCount: 2, candidateCount: 2, matched: 1, precision: 0.5, recall: 0.5 });
    expect(t.meanIou).toBeCloseTo(1 / 3, 9);
    const v = totalsChecks(t, thresholds);
    expect(v.passed).toBe(false);
    expect(verdictLines(v).at(-1)).toBe('verdict: FAIL — precision 0.5000 (need ≥ 0.9); recall 0.5000 (need ≥ 0.9); mean IoU 0.3333 (need ≥ 0.9); max |Δscore| 0.2000 (need ≤ 0.05)');
  });

  it('fails when nothing was compared', () => {
    const t = agreementTotals([imageAgreement('a', [], [], 0.5)]);
    expect(t).toMatchObject({ precision: 1, recall: 1, meanIou: null, maxAbsScoreDiff: null });
    const v = totalsChecks(t, thresholds);
    expect(v.checks.map((c) => c.metric)).toEqual(['precision', 'recall']);
    expect(v.passed).toBe(false);
    expect(v.failures).toEqual(['no detection above the score threshold in any image: nothing was compared']);
  });

  it('compares only the detections above the score threshold', () => {
    // the 0.4 detection is dropped on both sides at 0.5; the 0.6 one flips to 0.45 in the candidate and is lost
    const r = ssdAgreement(['a'], [[det(0, 1, 0.9), det(50, 2, 0.6), det(80, 3, 0.4)]], [[det(0, 1, 0.9), det(50, 2, 0.45), det(80, 3, 0.4)]], { scoreThreshold: 0.5, matchIou: 0.5, thresholds });
    expect(r.details.compared[0]!.reference.map((d) => d.classId)).toEqual([1, 2]);
    expect(r.details.compared[0]!.candidate.map((d) => d.classId)).toEqual([1]);
    expect(r.details.totals).toMatchObject({ referenceCount: 2, candidateCount: 1, matched: 1, precision: 1, recall: 0.5 });
    expect(r.passed).toBe(false);
  });
});
