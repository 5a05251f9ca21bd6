import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  centerCropOffsets,
  loadImage,
  ORIGINAL_DIRECT_224,
  padChwToMultiple,
  preprocess,
  PREPROCESS_PRESETS,
  resizedSize,
  rgbImage,
  roundHalfEven,
  SAMPLE_PHOTOS_DIR,
  toFloatTensor,
  TORCHVISION_IMAGENET,
  TORCHVISION_RCNN_TRANSFORM,
  TORCHVISION_SSD300_TRANSFORM,
  ZOO_MASKRCNN,
} from '../src/index.ts';
import type { PreprocessPreset } from '../src/index.ts';

const f = Math.fround;
/** torch float32: (v/255 − mean)/std */
const torchNorm = (v: number, mean: number, std: number) => f(f(f(v / 255) - f(mean)) / f(std));

describe('centre crop', () => {
  it("rounds like Python's round(): halves to even", () => {
    expect([0.5, 1.5, 2.5, 80.5, 81.5, -0.5, 3.2].map(roundHalfEven)).toEqual([0, 2, 2, 80, 82, -0, 3]);
    expect(centerCropOffsets(384, 256, 224, 224)).toEqual({ left: 80, top: 16 });
    expect(centerCropOffsets(385, 256, 224, 224)).toEqual({ left: 80, top: 16 }); // 80.5 → 80
    expect(centerCropOffsets(387, 257, 224, 224)).toEqual({ left: 82, top: 16 }); // 81.5 → 82, 16.5 → 16
  });
});

describe('resized sizes', () => {
  it('torchvision Resize(256): shorter side 256, longer int(256·long/short)', () => {
    expect(resizedSize(TORCHVISION_IMAGENET.resize, 451, 300)).toEqual({ width: 384, height: 256 });
    expect(resizedSize(TORCHVISION_IMAGENET.resize, 517, 606)).toEqual({ width: 256, height: 300 }); // 300.07 → 300
  });
  it('Zoo Mask R-CNN: int(ratio · side) with ratio = 800/short', () => {
    expect(resizedSize(ZOO_MASKRCNN.resize, 451, 300)).toEqual({ width: 1202, height: 800 });
  });
  it('torchvision R-CNN transform: float32 scale and floor, which turns 480 into 799', () => {
    // scale = fround(800/480) = 1.6666666269…; 480·scale = 799.99998 → 799; 640·scale → 1066
    expect(resizedSize(TORCHVISION_RCNN_TRANSFORM.resize, 640, 480)).toEqual({ width: 1066, height: 799 });
    // the longer side caps it: 2000×500 → scale fround(1333/2000) = 0.66649997… → 1332.99994 → 1332, 333
    expect(resizedSize(TORCHVISION_RCNN_TRANSFORM.resize, 2000, 500)).toEqual({ width: 1332, height: 333 });
  });
});

describe('float conversion', () => {
  const img = rgbImage(2, 1, Uint8Array.from([255, 0, 10, 0, 128, 20]));
  it('ToTensor + Normalize in float32, CHW', () => {
    const t = toFloatTensor(img, TORCHVISION_IMAGENET.tensor);
    // (1 − 0.485)/0.229 = 2.2489…, (0 − 0.456)/0.224 = −2.0357…
    expect(t[0]).toBeCloseTo(2.248908, 5);
    expect(t[2]).toBeCloseTo(-2.035714, 5);
    expect(Array.from(t)).toEqual([
      torchNorm(255, 0.485, 0.229), torchNorm(0, 0.485, 0.229),
      torchNorm(0, 0.456, 0.224), torchNorm(128, 0.456, 0.224),
      torchNorm(10, 0.406, 0.225), torchNorm(20, 0.406, 0.225),
    ]);
  });
  it('HWC keeps pixels together; BGR swaps R and B; mean-only leaves the 0–255 scale', () => {
    const hwc = toFloatTensor(img, { ...TORCHVISION_IMAGENET.tensor, layout: 'HWC' });
    expect(hwc[1]).toBe(torchNorm(0, 0.456, 0.224));
    expect(hwc[3]).toBe(torchNorm(0, 0.485, 0.229));
    const zoo = toFloatTensor(img, ZOO_MASKRCNN.tensor);
    // channel 0 = B − 102.9801, channel 2 = R − 122.7717, in float32 (numpy 1.x: float32 array − float64 scalar
    // stays float32, so the mean is rounded to float32 first)
    const sub = (v: number, m: number) => f(v - f(m));
    expect(Array.from(zoo)).toEqual([sub(10, 102.9801), sub(20, 102.9801), sub(0, 115.9465), sub(128, 115.9465), sub(255, 122.7717), sub(0, 122.7717)]);
    expect(zoo[3]).toBeCloseTo(12.0535, 4);
  });
  it('zero-pads CHW planes to a multiple', () => {
    const p = padChwToMultiple(Float32Array.from([1, 2, 3, 4, 5, 6]), 2, 1, 3, 2);
    expect([p.height, p.width]).toEqual([2, 4]);
    expect(Array.from(p.data)).toEqual([1, 2, 3, 0, 0, 0, 0, 0, 4, 5, 6, 0, 0, 0, 0, 0]);
  });
});

describe('preset pipeline', () => {
  it('resizes, crops (banker\'s rounding) and normalises a tiny hand-computed image', () => {
    // 4×2, both rows R = [0,100,200,255], G = [255,155,55,0], B = 10. Shorter side 1 → 2×1:
    // R: 500/7 → 71, 1465/7 → 209; G: 1285/7 = 183.6 → 184, 320/7 = 45.7 → 46; B: 10.
    // Crop 1×1 at left = round(0.5) = 0 → pixel (71, 184, 10).
    const row = [0, 100, 200, 255].flatMap((r, i) => [r, [255, 155, 55, 0][i] as number, 10]);
    const img = rgbImage(4, 2, Uint8Array.from([...row, ...row]));
    const preset: PreprocessPreset = { ...TORCHVISION_IMAGENET, resize: { kind: 'shorter-side', size: 1 }, crop: { width: 1, height: 1 } };
    const r = preprocess(img, preset);
    expect(r.dims).toEqual([3, 1, 1]);
    expect(r.resized).toEqual({ width: 2, height: 1 });
    expect(r.cropOffset).toEqual({ left: 0, top: 0 });
    expect(Array.from(r.data)).toEqual([torchNorm(71, 0.485, 0.229), torchNorm(184, 0.456, 0.224), torchNorm(10, 0.406, 0.225)]);
    expect(r.data[0]).toBeCloseTo((71 / 255 - 0.485) / 0.229, 5);
  });

  it('torch-bilinear presets normalise first, then resize the floats (SSD300 transform)', () => {
    const img = rgbImage(2, 1, Uint8Array.from([0, 0, 0, 255, 255, 255]));
    const preset: PreprocessPreset = { ...TORCHVISION_SSD300_TRANSFORM, resize: { kind: 'exact', width: 4, height: 1 } };
    const r = preprocess(img, preset);
    expect(r.dims).toEqual([3, 1, 4]);
    const lo = f(f(0 - f(0.48235)) / f(1 / 255));
    const hi = f(f(1 - f(0.48235)) / f(1 / 255));
    // weights 0.75/0.25 at the two inner samples
    expect(r.data[0]).toBe(lo);
    expect(r.data[1]).toBeCloseTo(lo * 0.75 + hi * 0.25, 3);
    expect(r.data[3]).toBe(hi);
  });

  it('Zoo Mask R-CNN: shorter side 800, BGR minus mean, padded to 32, scale factors for mapping boxes back', () => {
    const img = rgbImage(3, 2, new Uint8Array(18).fill(200));
    const r = preprocess(img, ZOO_MASKRCNN);
    expect(r.resized).toEqual({ width: 1200, height: 800 });
    expect(r.dims).toEqual([3, 800, 1216]);
    expect(r.scaleX).toBe(400);
    expect(r.data[0]).toBe(f(200 - 102.9801));
    expect(r.data[1199]).toBe(f(200 - 102.9801));
    expect(r.data[1200]).toBe(0); // padding
  });

  it('runs every preset on a real photo with the expected shape', async () => {
    const { image } = await loadImage(join(SAMPLE_PHOTOS_DIR, 'chelsea.png'));
    const shapes = Object.fromEntries(PREPROCESS_PRESETS.map((p) => [p.id, preprocess(image, p).dims]));
    expect(shapes).toEqual({
      'torchvision-imagenet': [3, 224, 224],
      'torchvision-imagenet-v2': [3, 224, 224],
      'direct-224': [3, 224, 224],
      'torchvision-detection-input': [3, 300, 451],
      'torchvision-ssd300-transform': [3, 300, 300],
      'torchvision-rcnn-transform': [3, 800, 1216], // 451×300 → 1202×800 → padded
      'zoo-ssd-1200': [3, 1200, 1200],
      'zoo-maskrcnn': [3, 800, 1216],
    });
    const d = preprocess(image, ORIGINAL_DIRECT_224).data;
    expect(d.reduce((a, b) => Math.min(a, b))).toBeGreaterThanOrEqual(torchNorm(0, 0.485, 0.229) - 1e-6);
    expect(d.reduce((a, b) => Math.max(a, b))).toBeLessThanOrEqual(torchNorm(255, 0.406, 0.225) + 1e-6);
  });
});
