/** The validate picture marks what only one precision found, from the agreement's own matching (masks blended first). */
import { describe, expect, it } from 'vitest';
import { createRgbImage, type LoadedImage, type RgbImage } from '@modelbench/vision';
import type { Instance } from '../src/lib/instance.ts';
import { instancePicture } from '../src/report.ts';

const GREY = [128, 128, 128] as const;
const W = 120;
const photo: LoadedImage = { path: '/x/demo.jpg', name: 'demo.jpg', image: createRgbImage(W, W, GREY), format: 'png', sourceColour: 'rgb', notices: [] };
const px = (img: RgbImage, x: number, y: number): number[] => Array.from(img.data.subarray((y * img.width + x) * 3, (y * img.width + x) * 3 + 3));

/** An instance whose mask fills rows 45..60 of its box only, so the box's bottom edge (y 80) is on bare photo. */
function instance(box: Instance['box'], classId: number, score: number): Instance {
  const mask = new Uint8Array(W * W);
  for (let y = 45; y <= 60; y++) for (let x = box[0] + 3; x < box[2] - 3; x++) mask[y * W + x] = 1;
  return { box, classId, score, mask };
}
// outlines 2 px wide (min side 120 / 250 → 2), dashes of 6 px from the box's left
const left = instance([10, 40, 50, 80], 1, 0.9);
const right = instance([60, 40, 110, 80], 3, 0.7);

describe('maskrcnn comparison picture', () => {
  it('draws the candidate-only instance dashed (a gap at x 66..71 of its bottom edge), the matched one solid, masks blended', async () => {
    const p = await instancePicture(photo, [left], [left, right], { matching: { unmatchedReference: [], unmatchedCandidate: [1] }, candidateLabel: 'bf16 emulated' });
    expect(px(p.candidate, 68, 80)).toEqual([...GREY]);
    expect(px(p.candidate, 62, 80)).not.toEqual([...GREY]);
    expect(px(p.candidate, 18, 80)).not.toEqual([...GREY]);
    expect(px(p.candidate, 80, 50)).not.toEqual([...GREY]); // inside the right instance's mask
    expect(px(p.reference, 80, 50)).toEqual([...GREY]); // the reference has no right instance
    expect([p.referenceCaption, p.candidateCaption]).toEqual(['1 instances', '2 instances']);
  });

  it('marks on the reference side what the candidate lost', async () => {
    const p = await instancePicture(photo, [left, right], [right], { matching: { unmatchedReference: [0], unmatchedCandidate: [] }, candidateLabel: 'bf16 emulated' });
    expect(px(p.reference, 18, 80)).toEqual([...GREY]);
    expect(px(p.reference, 68, 80)).not.toEqual([...GREY]);
  });

  it('captions the picture with the validate figures, mask IoU included (left lost, right matched with mask IoU 0.75)', async () => {
    const agreement = { precision: 1, recall: 0.5, meanIou: 1, matched: 1, meanMaskIou: 0.75, matching: { matches: [{ reference: 1, candidate: 0, iou: 1 }], unmatchedReference: [0], unmatchedCandidate: [] } };
    const p = await instancePicture(photo, [left, right], [right], { matching: agreement.matching, candidateLabel: 'bf16 emulated', agreement });
    expect(p.caption).toBe('vs fp32: recall 0.500, precision 1.000, mean IoU 1.000, mean mask IoU 0.750 (1 matched; 1 lost, 0 gained)');
  });
});
