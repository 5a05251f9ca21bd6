/** The validate picture marks what only one precision found, from the agreement's own matching. */
import { describe, expect, it } from 'vitest';
import { createRgbImage, detectionAgreement, type Detection, type LoadedImage, type RgbImage } from '@modelbench/vision';
import { detectionPicture } from '../src/report.ts';

const GREY = [128, 128, 128] as const;
const photo: LoadedImage = { path: '/x/demo.jpg', name: 'demo.jpg', image: createRgbImage(120, 120, GREY), format: 'png', sourceColour: 'rgb', notices: [] };
const px = (img: RgbImage, x: number, y: number): number[] => Array.from(img.data.subarray((y * img.width + x) * 3, (y * img.width + x) * 3 + 3));

// two boxes apart, bottom edges at y 80: outlines 2 px wide (min side 120 / 250 → 2), dashes of 6 px from the left
const left: Detection = { box: [10, 40, 50, 80], classId: 1, score: 0.9 };
const right: Detection = { box: [60, 40, 110, 80], classId: 3, score: 0.7 };

describe('ssd comparison picture', () => {
  it('draws the candidate-only detection dashed (a gap at x 66..71 of its bottom edge), the matched one solid', async () => {
    const p = await detectionPicture(photo, [left], [left, right], { matching: { unmatchedReference: [], unmatchedCandidate: [1] }, candidateLabel: 'bf16 emulated' });
    expect(px(p.candidate, 68, 80)).toEqual([...GREY]); // dashed: the gap
    expect(px(p.candidate, 62, 80)).not.toEqual([...GREY]); // dashed: a dash
    expect(px(p.candidate, 18, 80)).not.toEqual([...GREY]); // matched: solid everywhere
    expect(px(p.reference, 18, 80)).not.toEqual([...GREY]);
    expect([p.referenceCaption, p.candidateCaption]).toEqual(['1 detections', '2 detections']);
  });

  it('marks on the reference side what the candidate lost, by the matching`s indices', async () => {
    const p = await detectionPicture(photo, [left, right], [right], { matching: { unmatchedReference: [0], unmatchedCandidate: [] }, candidateLabel: 'bf16 emulated' });
    expect(px(p.reference, 18, 80)).toEqual([...GREY]); // left, only fp32: dashed (10..15 drawn, 16..21 gap)
    expect(px(p.reference, 68, 80)).not.toEqual([...GREY]); // right, matched: solid
    expect(px(p.candidate, 68, 80)).not.toEqual([...GREY]);
  });

  it('captions the picture with the validate figures: left matched (IoU 1), right gained → recall 1, precision 0.5', async () => {
    const agreement = detectionAgreement([left], [left, right]);
    const p = await detectionPicture(photo, [left], [left, right], { matching: agreement.matching, candidateLabel: 'bf16 emulated', agreement });
    expect(p.caption).toBe('vs fp32: recall 1.000, precision 0.500, mean IoU 1.000 (1 matched; 0 lost, 1 gained)');
    expect([p.referenceCaption, p.candidateCaption]).toEqual(['1 detections', '2 detections']);
  });
});
