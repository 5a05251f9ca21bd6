import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  centerCropRgb,
  COCO_DEMO_PHOTO,
  findPreprocessPreset,
  loadImage,
  preprocess,
  resizedSize,
  resizePilBilinear,
  SAMPLE_PHOTOS_DIR,
  TORCHVISION_IMAGENET,
  TORCHVISION_IMAGENET_V2,
} from '../src/index.ts';

/**
 * torchvision IMAGENET1K_V2's transform on the PIL image — Resize(232) bilinear, CenterCrop(224) — printed by
 * test/golden/pil_decode_golden.py with Pillow 9.4.0: resized size, then the first 16 hex digits of the sha256 of the
 * resized and of the cropped uint8 RGB bytes. JPEGs are included: they now decode to PIL's pixels.
 */
const PIL_V2: Record<string, [number, number, string, string]> = {
  'astronaut.png': [232, 232, '32e108caec8ce8a4', '78baa91fe4ff62fc'],
  'chelsea.png': [348, 232, 'a0eb9f9d95b475e6', '054ba2d76cdca8fe'],
  'coffee.png': [348, 232, '2658a3d13ae6d6f3', 'e6bbdd752448fd9d'],
  'dog.jpg': [309, 232, 'bf69518c1db11a8a', 'cd130ce4a5b539e4'],
  'grace_hopper.jpg': [232, 271, '9b9c6dbc9e17c5fc', '809d1f7fa7f4be57'],
  'person.jpg': [350, 232, 'ac7cb08c7f13e9a0', '572685fe818f533d'],
  'demo.jpg': [309, 232, '6af7c9907e130e44', '557c59988163eed7'],
};
const sha16 = (d: Uint8Array) => createHash('sha256').update(d).digest('hex').slice(0, 16);

describe('IMAGENET1K_V2 preset (Resize 232, CenterCrop 224)', () => {
  it('is listed beside V1 and found by id', () => {
    expect(findPreprocessPreset('torchvision-imagenet-v2')).toBe(TORCHVISION_IMAGENET_V2);
    expect(findPreprocessPreset('torchvision-imagenet')).toBe(TORCHVISION_IMAGENET);
    expect(findPreprocessPreset('no-such-preset')).toBeUndefined();
    expect(TORCHVISION_IMAGENET_V2.tensor).toEqual(TORCHVISION_IMAGENET.tensor);
  });

  for (const [name, [w, h, resizedHash, cropHash]] of Object.entries(PIL_V2)) {
    it(`matches Pillow byte for byte on ${name}`, async () => {
      const { image } = await loadImage(name === 'demo.jpg' ? COCO_DEMO_PHOTO : join(SAMPLE_PHOTOS_DIR, name));
      const s = resizedSize(TORCHVISION_IMAGENET_V2.resize, image.width, image.height);
      expect([s.width, s.height]).toEqual([w, h]);
      const resized = resizePilBilinear(image, s.width, s.height);
      expect(sha16(resized.data)).toBe(resizedHash);
      expect(sha16(centerCropRgb(resized, 224, 224).data)).toBe(cropHash);
      expect(preprocess(image, TORCHVISION_IMAGENET_V2).dims).toEqual([3, 224, 224]);
    });
  }
});
