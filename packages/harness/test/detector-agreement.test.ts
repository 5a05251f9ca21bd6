/** A detector's agreement over photos: what reaches the workload's matching, totals and checks; the record's details. */
import { describe, expect, it } from 'vitest';
import { check, agreementResult } from '../src/verdict.ts';
import { detectorAgreement, detectorRecordDetails } from '../src/detector-agreement.ts';

type Det = { id: string; score: number };
const det = (id: string, score: number): Det => ({ id, score });

describe('detectorAgreement', () => {
  it('matches, per photo, only the predictions above the score threshold, and checks the totals of all photos', () => {
    const seen: string[] = [];
    const r = detectorAgreement(
      ['a.jpg', 'b.jpg'],
      [[det('r1', 0.9), det('r2', 0.5)], [det('r3', 0.4)]],
      [[det('c1', 0.8), det('c2', 0.51)], []],
      { scoreThreshold: 0.5, matchIou: 0.7, thresholds: { least: 2 } },
      {
        image: (name, reference, candidate, matchIou) => {
          seen.push(`${name}@${matchIou}: ${reference.map((d) => d.id).join(',')} / ${candidate.map((d) => d.id).join(',')}`);
          return { name, compared: reference.length + candidate.length, matching: 'bulky' };
        },
        totals: (images) => ({ compared: images.reduce((s, a) => s + a.compared, 0) }),
        checks: (t, th) => agreementResult([check('compared', t.compared, th.least, 'min')], t),
      },
    );
    // 0.5 is not above 0.5; 0.51 is
    expect(seen).toEqual(['a.jpg@0.7: r1 / c1,c2', 'b.jpg@0.7:  / ']);
    expect(r.checks).toEqual([{ metric: 'compared', value: 3, threshold: 2, direction: 'min', passed: true }]);
    expect(r.passed).toBe(true);
    expect(r.details).toEqual({
      scoreThreshold: 0.5,
      matchIou: 0.7,
      images: [
        { name: 'a.jpg', compared: 3, matching: 'bulky' },
        { name: 'b.jpg', compared: 0, matching: 'bulky' },
      ],
      compared: [
        { reference: [det('r1', 0.9)], candidate: [det('c1', 0.8), det('c2', 0.51)] },
        { reference: [], candidate: [] },
      ],
      totals: { compared: 3 },
    });
    // the record drops the compared predictions and each photo's matching
    expect(detectorRecordDetails(r.details)).toEqual({ scoreThreshold: 0.5, matchIou: 0.7, totals: { compared: 3 }, images: [{ name: 'a.jpg', compared: 3 }, { name: 'b.jpg', compared: 0 }] });
  });
});
