/** fp32 vs bf16 instance agreement on hand-made instances: matching, mask IoU, totals, verdict. */
import { describe, expect, it } from 'vitest';
import { agreementTotals, imageAgreement, instanceChecks } from '../src/agreement.ts';
import type { Instance } from '../src/lib/instance.ts';

/** A 10×10 image mask with the given rows filled. */
function rows(from: number, to: number): Uint8Array {
  const m = new Uint8Array(100);
  m.fill(1, from * 10, to * 10);
  return m;
}

const inst = (box: [number, number, number, number], classId: number, score: number, mask: Uint8Array): Instance => ({ box, classId, score, mask });

const thresholds = { minPrecision: 0.9, minRecall: 0.9, minMeanMaskIou: 0.9, maxScoreDiff: 0.05 };

describe('instance agreement', () => {
  it('matches by class and box IoU, then scores the masks of each match', () => {
    const ref = [inst([0, 0, 10, 5], 1, 0.9, rows(0, 5)), inst([0, 5, 10, 10], 18, 0.8, rows(5, 10))];
    const cand = [inst([0, 0, 10, 5], 1, 0.88, rows(0, 4)), inst([0, 5, 10, 10], 17, 0.8, rows(5, 10))];
    const a = imageAgreement('x.png', ref, cand, 0.5);
    expect(a.matched).toBe(1); // the second pair differs in class
    expect(a.maskIous).toEqual([40 / 50]);
    expect(a.meanMaskIou).toBeCloseTo(0.8, 12);
    expect(a.precision).toBe(0.5);
    expect(a.maxAbsScoreDiff).toBeCloseTo(0.02, 6);
  });

  it('totals over photos and a verdict that fails on low mask IoU or a lost instance', () => {
    const same = [inst([0, 0, 10, 5], 1, 0.9, rows(0, 5))];
    const good = imageAgreement('a', same, same, 0.5);
    const shrunk = imageAgreement('b', same, [inst([0, 0, 10, 5], 1, 0.9, rows(0, 4))], 0.5);
    const t = agreementTotals([good, shrunk]);
    expect(t).toMatchObject({ images: 2, referenceCount: 2, candidateCount: 2, matched: 2, precision: 1, recall: 1, meanBoxIou: 1 });
    expect(t.meanMaskIou).toBeCloseTo(0.9, 12);
    expect(t.minMaskIou).toBeCloseTo(0.8, 12);
    expect(instanceChecks(t, thresholds).passed).toBe(true);
    const strict = instanceChecks(t, { ...thresholds, minMeanMaskIou: 0.95 });
    expect(strict.passed).toBe(false);
    expect(strict.checks.filter((c) => !c.passed)).toEqual([{ metric: 'mean mask IoU', value: expect.closeTo(0.9, 12), threshold: 0.95, direction: 'min', passed: false }]);
    // one fp32 instance and no candidate: precision 1 (no candidate is wrong), recall 0; nothing matched, so no IoU or score check
    const lost = instanceChecks(agreementTotals([imageAgreement('c', same, [], 0.5)]), thresholds);
    expect(lost.checks.map((c) => [c.metric, c.value, c.passed])).toEqual([['precision', 1, true], ['recall', 0, false]]);
    const none = instanceChecks(agreementTotals([imageAgreement('d', [], [], 0.5)]), thresholds);
    expect(none.passed).toBe(false);
    expect(none.failures).toEqual(['no instance above the score threshold in any image: nothing was compared']);
  });
});
