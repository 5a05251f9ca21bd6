import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  centerCropRgb,
  loadImage,
  pilBilinearCoefficients,
  resizedSize,
  resizePilBilinear,
  resizeTorchBilinear,
  rgbImage,
  SAMPLE_PHOTOS_DIR,
  TORCHVISION_IMAGENET,
  ZOO_MASKRCNN,
} from '../src/index.ts';

/** A one-row grey image: R = G = B = v. */
function greyRow(values: number[]) {
  return rgbImage(values.length, 1, Uint8Array.from(values.flatMap((v) => [v, v, v])));
}
const red = (img: { data: Uint8Array }) => Array.from(img.data.filter((_, i) => i % 3 === 0));

describe('Pillow bilinear', () => {
  it('quantises the weights as Pillow does: 3/7 of 2^22 rounds to 1797559', () => {
    const c = pilBilinearCoefficients(4, 2);
    expect(c.ksize).toBe(5); // support 2 when halving
    expect(Array.from(c.first)).toEqual([0, 1]);
    expect(Array.from(c.count)).toEqual([3, 3]);
    expect(Array.from(c.weights.subarray(0, 3))).toEqual([1797559, 1797559, 599186]);
    expect(Array.from(c.weights.subarray(5, 8))).toEqual([599186, 1797559, 1797559]);
  });

  it('antialiases when shrinking 4 → 2 (plain bilinear would give 50 and 227)', () => {
    // hand: (0·3 + 100·3 + 200·1)/7 = 71.4 → 71; (100·1 + 200·3 + 255·3)/7 = 209.3 → 209
    expect(red(resizePilBilinear(greyRow([0, 100, 200, 255]), 2, 1))).toEqual([71, 209]);
  });

  it('upscales 2 → 4 like half-pixel-centre bilinear with clamped borders', () => {
    expect(red(resizePilBilinear(greyRow([0, 100]), 4, 1))).toEqual([0, 25, 75, 100]);
  });

  it('rounds to uint8 between the horizontal and the vertical pass', () => {
    // 2×2 → 1×1: row 0 = (0+1)/2 = 0.5 → 1, row 1 = 0; then (1+0)/2 = 0.5 → 1. An exact mean would be 0.25 → 0.
    const img = rgbImage(2, 2, Uint8Array.from([0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]));
    expect(Array.from(resizePilBilinear(img, 1, 1).data)).toEqual([1, 1, 1]);
  });

  it('copies when the size does not change and resamples one axis only when the other keeps its size', () => {
    const img = greyRow([5, 6, 7, 8]);
    const same = resizePilBilinear(img, 4, 1);
    expect(same.data).toEqual(img.data);
    expect(same.data).not.toBe(img.data);
    const tall = rgbImage(1, 4, Uint8Array.from([0, 0, 0, 100, 100, 100, 200, 200, 200, 255, 255, 255]));
    expect(red(resizePilBilinear(tall, 1, 2))).toEqual([71, 209]);
  });

  // Reference hashes printed by test/golden/pil_golden.py with Pillow 9.4.0 (PNG fixtures decode identically).
  const golden: Record<string, { resized: string; crop: string; direct: string; zoo: [number, number, string] }> = {
    'chelsea.png': { resized: '5c6ace22b32982ee', crop: 'd2380d7104e4d7d5', direct: 'af5cb2be868c96c1', zoo: [1202, 800, '90aa17eec18c8cfe'] },
    'coffee.png': { resized: 'c8bb5bf8a2575b75', crop: '9f13b650be016e3a', direct: '00dcee0315c7e8cf', zoo: [1200, 800, '90b4f0be20c53753'] },
    'astronaut.png': { resized: '34d53ece1d395638', crop: '647fb3f2ee4c4d6b', direct: '1b8467c224081c5f', zoo: [800, 800, 'ff2a37c9944ce31e'] },
  };
  const sha = (d: Uint8Array) => createHash('sha256').update(d).digest('hex').slice(0, 16);

  for (const [name, g] of Object.entries(golden)) {
    it(`matches Pillow byte for byte on ${name} (torchvision Resize(256)+CenterCrop(224), 224×224, Zoo 800)`, async () => {
      const { image } = await loadImage(join(SAMPLE_PHOTOS_DIR, name));
      const s = resizedSize(TORCHVISION_IMAGENET.resize, image.width, image.height);
      const resized = resizePilBilinear(image, s.width, s.height);
      expect(sha(resized.data)).toBe(g.resized);
      expect(sha(centerCropRgb(resized, 224, 224).data)).toBe(g.crop);
      expect(sha(resizePilBilinear(image, 224, 224).data)).toBe(g.direct);
      const z = resizedSize(ZOO_MASKRCNN.resize, image.width, image.height);
      expect([z.width, z.height]).toEqual(g.zoo.slice(0, 2));
      expect(sha(resizePilBilinear(image, z.width, z.height).data)).toBe(g.zoo[2]);
    });
  }
});

describe('PyTorch bilinear (align_corners=False, no antialias)', () => {
  it('samples at (dst + 0.5)·in/out − 0.5 when shrinking 4 → 2', () => {
    const out = resizeTorchBilinear(Float32Array.from([0, 100, 200, 255]), 1, 1, 4, 1, 2);
    expect(Array.from(out)).toEqual([50, 227.5]);
  });

  it('clamps the source index at 0 and repeats the last pixel when growing 2 → 4', () => {
    expect(Array.from(resizeTorchBilinear(Float32Array.from([0, 100]), 1, 1, 2, 1, 4))).toEqual([0, 25, 75, 100]);
  });

  it('interpolates rows then columns on every channel plane', () => {
    // 2 channels of 2×2 → 3×3. Centre pixel: mean of the four; corners unchanged.
    const planes = Float32Array.from([0, 10, 20, 30, 1, 1, 1, 1]);
    const out = resizeTorchBilinear(planes, 2, 2, 2, 3, 3);
    expect(out.length).toBe(18);
    // src index for 3 from 2: (o+0.5)·2/3 − 0.5 → −1/6 (→0), 0.5, 7/6 (i0=1, clamped neighbour)
    expect(Array.from(out.subarray(0, 9)).map((v) => Math.round(v * 1e4) / 1e4)).toEqual([0, 5, 10, 10, 15, 20, 20, 25, 30]);
    expect(Array.from(out.subarray(9))).toEqual(new Array(9).fill(1));
  });

  it('refuses a tensor whose length does not match its shape', () => {
    expect(() => resizeTorchBilinear(new Float32Array(5), 1, 2, 2, 4, 4)).toThrow(/does not match/);
  });
});
