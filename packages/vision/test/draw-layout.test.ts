import { describe, expect, it } from 'vitest';
import { createRgbImage, detectionLabelText, drawDetections, paletteColour, placeTags, type RgbImage } from '../src/index.ts';

const px = (img: RgbImage, x: number, y: number) => Array.from(img.data.subarray((y * img.width + x) * 3, (y * img.width + x) * 3 + 3));

describe('label tags of overlapping detections', () => {
  it('puts a lone tag above its box, and inside it at the top edge of the image', () => {
    expect(placeTags([{ box: [50, 40, 150, 120], widthPx: 60, heightPx: 18, score: 0.9 }], 400, 300)).toEqual([{ x: 50, y: 22 }]);
    expect(placeTags([{ box: [50, 5, 150, 120], widthPx: 60, heightPx: 18, score: 0.9 }], 400, 300)).toEqual([{ x: 50, y: 0 }]);
  });

  it('gives three instances with the same corner three tags that do not overlap, most confident in the first spot', () => {
    const box: [number, number, number, number] = [100, 100, 200, 220];
    const places = placeTags(
      [
        { box, widthPx: 70, heightPx: 18, score: 0.5 },
        { box, widthPx: 70, heightPx: 18, score: 0.9 },
        { box, widthPx: 70, heightPx: 18, score: 0.7 },
      ],
      400,
      300,
    );
    // 0.9: above (82); 0.7: inside the top (100); 0.5: below the box (221)
    expect(places).toEqual([
      { x: 100, y: 221 },
      { x: 100, y: 82 },
      { x: 100, y: 100 },
    ]);
  });

  it('keeps every tag inside the image', () => {
    const places = placeTags([{ box: [380, 290, 399, 299], widthPx: 70, heightPx: 18, score: 1 }], 400, 300);
    expect(places[0]!.x).toBe(330);
    expect(places[0]!.y).toBe(272);
  });
});

describe('detections only one precision found, and the banner', () => {
  it('draws an unmatched detection dashed, with its mark in the label', async () => {
    const img = createRgbImage(200, 200, [128, 128, 128]);
    const d = { box: [20, 60, 180, 180] as [number, number, number, number], classId: 18, label: 'dog', score: 0.5, unmatchedMark: 'only fp32' };
    expect(detectionLabelText(d)).toBe('dog 0.50 (only fp32)');
    const out = await drawDetections(img, [d], { lineWidthPx: 2 });
    const c = paletteColour(18);
    // bottom edge (y = 180) in dashes of 6 px: 20..25 drawn, 26..31 not, 32..37 drawn
    expect(px(out, 22, 180)).toEqual([...c]);
    expect(px(out, 28, 180)).toEqual([128, 128, 128]);
    expect(px(out, 34, 180)).toEqual([...c]);
  });

  it('a matched detection keeps a solid outline', async () => {
    const img = createRgbImage(200, 200, [128, 128, 128]);
    const out = await drawDetections(img, [{ box: [20, 60, 180, 180], classId: 18, label: 'dog', score: 0.5 }], { lineWidthPx: 2 });
    expect(px(out, 28, 180)).toEqual([...paletteColour(18)]);
  });

  it('writes the banner on a dark strip across the top', async () => {
    const img = createRgbImage(300, 100, [200, 200, 200]);
    const out = await drawDetections(img, [], { banner: 'synthetic weights: the detections mean nothing' });
    expect(px(out, 299, 1)).toEqual([32, 32, 32]);
    expect(px(out, 150, 60)).toEqual([200, 200, 200]);
    let white = 0;
    for (let x = 0; x < 300; x++) for (let y = 0; y < 20; y++) if (px(out, x, y)[0]! > 200) white++;
    expect(white).toBeGreaterThan(50);
  });
});

describe('markUnmatched', () => {
  it('marks on each side the detections the matching left unmatched, naming the precision that found them', async () => {
    const { markUnmatched } = await import('../src/index.ts');
    const d = (label: string) => ({ box: [0, 0, 10, 10] as [number, number, number, number], classId: 1, label, score: 0.5 });
    const r = markUnmatched([d('a'), d('b')], [d('c'), d('e'), d('f')], { unmatchedReference: [1], unmatchedCandidate: [0, 2] }, 'fp32', 'bf16 emulated');
    expect(r.reference.map((x) => x.unmatchedMark)).toEqual([undefined, 'only fp32']);
    expect(r.candidate.map((x) => x.unmatchedMark)).toEqual(['only bf16 emulated', undefined, 'only bf16 emulated']);
  });
});
