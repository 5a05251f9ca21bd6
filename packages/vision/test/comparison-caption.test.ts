import { describe, expect, it } from 'vitest';
import { agreementCaption, detectionAgreement, lostAndGained, type Detection } from '../src/index.ts';

// worked by hand (boxes x0,y0,x1,y1):
//   C0 vs R0: inter 10×8 = 80, union 100 + 80 − 80 = 100 → IoU 0.8 (match)
//   C1 vs R1: inter 6×10 = 60, union 100 + 100 − 60 = 140 → IoU 0.4286 (< 0.5: R1 lost, C1 gained)
//   C2 vs R2: inter 9×10 = 90, union 100 + 90 − 90 = 100 → IoU 0.9 (match, class 2)
const reference: Detection[] = [
  { box: [0, 0, 10, 10], classId: 1, score: 0.9 },
  { box: [20, 20, 30, 30], classId: 1, score: 0.8 },
  { box: [0, 0, 10, 10], classId: 2, score: 0.7 },
];
const candidate: Detection[] = [
  { box: [0, 0, 10, 8], classId: 1, score: 0.85 },
  { box: [24, 20, 34, 30], classId: 1, score: 0.6 },
  { box: [1, 0, 10, 10], classId: 2, score: 0.5 },
];

describe('lost and gained detections', () => {
  it('at IoU 0.5 the shifted box is lost in fp32 and gained in the candidate', () => {
    const { lost, gained } = lostAndGained(reference, candidate);
    expect(lost).toEqual([reference[1]]);
    expect(gained).toEqual([candidate[1]]);
  });

  it('at IoU 0.4 the same pair matches (0.4286): nothing lost or gained', () => {
    expect(lostAndGained(reference, candidate, 0.4)).toEqual({ lost: [], gained: [] });
  });

  it('a class change is lost and gained even on the same box', () => {
    const { lost, gained } = lostAndGained([reference[2]!], [{ ...reference[2]!, classId: 3 }]);
    expect(lost).toHaveLength(1);
    expect(gained).toHaveLength(1);
  });
});

describe('agreement caption', () => {
  it('carries recall, precision, mean IoU and the lost/gained counts (2 of 3 matched, mean IoU (0.8 + 0.9) / 2)', () => {
    expect(agreementCaption(detectionAgreement(reference, candidate))).toBe(
      'vs fp32: recall 0.667, precision 0.667, mean IoU 0.850 (2 matched; 1 lost, 1 gained)',
    );
  });

  it('says n/a without matches and adds extra figures before the counts', () => {
    expect(agreementCaption(detectionAgreement(reference, []), ['mean mask IoU n/a'])).toBe(
      'vs fp32: recall 0.000, precision 1.000, mean IoU n/a, mean mask IoU n/a (0 matched; 3 lost, 0 gained)',
    );
  });
});
