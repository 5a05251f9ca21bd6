import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  blendMasks,
  composeSideBySide,
  createRgbImage,
  detectionLabelText,
  drawDetections,
  loadImage,
  maskIou,
  paletteColour,
  rasterizeText,
  strokeRectInPlace,
  textColourOn,
  thresholdMask,
  writePng,
} from '../src/index.ts';
import type { RgbImage } from '../src/index.ts';

const px = (img: RgbImage, x: number, y: number) => Array.from(img.data.subarray((y * img.width + x) * 3, (y * img.width + x) * 3 + 3));
const dir = mkdtempSync(join(tmpdir(), 'vision-draw-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('palette', () => {
  it('gives each class id a fixed colour, neighbouring ids clearly different, cycling after 20', () => {
    expect(paletteColour(1)).toEqual([0x87, 0x56, 0x92]);
    expect(paletteColour(21)).toEqual(paletteColour(1));
    expect(paletteColour(-1)).toEqual(paletteColour(19));
    const distance = (a: readonly number[], b: readonly number[]) => Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!);
    for (let id = 0; id < 20; id++) expect(distance(paletteColour(id), paletteColour(id + 1))).toBeGreaterThan(60);
    expect(new Set(Array.from({ length: 20 }, (_, i) => paletteColour(i).join())).size).toBe(20);
    expect(textColourOn([250, 250, 250])).toEqual([0, 0, 0]);
    expect(textColourOn([10, 20, 30])).toEqual([255, 255, 255]);
  });
});

describe('drawing', () => {
  it('strokes a rectangle inwards with the given width', () => {
    const img = createRgbImage(10, 10);
    strokeRectInPlace(img, 2, 2, 7, 7, [255, 0, 0], 2);
    expect(px(img, 2, 2)).toEqual([255, 0, 0]);
    expect(px(img, 3, 5)).toEqual([255, 0, 0]); // second line of the left edge
    expect(px(img, 4, 4)).toEqual([0, 0, 0]); // inside stays
    expect(px(img, 7, 7)).toEqual([255, 0, 0]); // corner pixel inclusive
    expect(px(img, 8, 8)).toEqual([0, 0, 0]);
  });

  it('renders text offline with the bundled font', async () => {
    const t = await rasterizeText('dog 0.93', 16);
    expect(t.height).toBe(18);
    expect(t.width).toBeGreaterThan(40);
    const covered = t.coverage.filter((v) => v > 0).length;
    expect(covered).toBeGreaterThan(50);
    expect(covered).toBeLessThan(t.width * t.height / 2);
  });

  it('draws boxes and label tags in the class colour onto a copy', async () => {
    const img = createRgbImage(200, 120, [128, 128, 128]);
    const det = { box: [50, 40, 150, 100] as const, classId: 18, label: 'dog', score: 0.934 };
    expect(detectionLabelText(det)).toBe('dog 0.93');
    const out = await drawDetections(img, [det], { lineWidthPx: 2 });
    const c = paletteColour(18);
    expect(px(out, 100, 100)).toEqual([...c]); // bottom edge
    expect(px(out, 150, 70)).toEqual([...c]); // right edge
    expect(px(out, 100, 70)).toEqual([128, 128, 128]); // inside untouched
    // tag above the box's top-left: filled with the colour except where text is
    const tag = Array.from({ length: 18 }, (_, dy) => px(out, 51, 22 + dy));
    expect(tag.every((p) => p.join() === c.join())).toBe(true);
    expect(px(img, 100, 100)).toEqual([128, 128, 128]); // the input is not changed
  });

  it('blends masks like torchvision: trunc(v·(1−α) + colour·α) in float32, later masks on top', () => {
    const img = createRgbImage(2, 1, [100, 100, 100]);
    const out = blendMasks(img, [
      { mask: [1, 1], colour: [0, 0, 0] },
      { mask: [0, 1], colour: [200, 0, 255] },
    ]);
    expect(px(out, 0, 0)).toEqual([40, 40, 40]);
    expect(px(out, 1, 0)).toEqual([160, 40, 193]); // 40+120, 40+0, 40+153.0000… → 193
    expect(() => blendMasks(img, [{ mask: [1], colour: [0, 0, 0] }])).toThrow(/mask 0 has 1 pixels/);
    expect(Array.from(thresholdMask([0.2, 0.5, 0.51]))).toEqual([0, 0, 1]);
    expect(maskIou([1, 1, 0, 0], [0, 1, 1, 0])).toBeCloseTo(1 / 3, 12);
    expect(maskIou([0, 0], [0, 0])).toBe(1);
  });

  it('composes panels side by side under titles', async () => {
    const a = createRgbImage(30, 20, [255, 0, 0]);
    const b = createRgbImage(40, 10, [0, 0, 255]);
    const out = await composeSideBySide([{ image: a, title: 'fp32' }, { image: b, title: 'bf16' }], { gapPx: 5 });
    expect(out.width).toBe(75);
    const top = out.height - 20;
    expect(top).toBeGreaterThan(10);
    expect(px(out, 0, top)).toEqual([255, 0, 0]);
    expect(px(out, 35, top)).toEqual([0, 0, 255]);
    expect(px(out, 32, top)).toEqual([255, 255, 255]); // gap
    expect(px(out, 35, top + 15)).toEqual([255, 255, 255]); // below the shorter panel
  });

  it('writes a PNG atomically that decodes to the same pixels', async () => {
    const { image } = await loadImage(join(import.meta.dirname, '..', 'fixtures', 'images', 'chelsea.png'));
    const path = join(dir, 'out', 'chelsea-copy.png');
    await writePng(path, image);
    expect(readdirSync(join(dir, 'out'))).toEqual(['chelsea-copy.png']); // no temporary file left behind
    const back = await loadImage(path);
    expect(back.notices).toEqual([]); // RGB, no alpha channel
    expect(Buffer.compare(Buffer.from(back.image.data), Buffer.from(image.data))).toBe(0);
    const underAFile = join(path, 'x.png'); // a folder that cannot exist: its parent is a file
    await expect(writePng(underAFile, image)).rejects.toMatchObject({ code: 'IO' });
    expect(existsSync(underAFile)).toBe(false);
  });
});
