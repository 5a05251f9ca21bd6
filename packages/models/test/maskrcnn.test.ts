/**
 * Synthetic torchvision maskrcnn_resnet50_fpn: parameter and MAC counts, the export signature, and onnxruntime-node
 * running it on a demo.jpg-sized (480×640) image and on a constant one, with the calibrated detection count.
 * The model is built once; each inference takes seconds, so there are only two.
 */
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildMaskRcnn, checkDetections } from '../src/synthetic/maskrcnn/build.ts';
import { maskRcnnMacsAt } from '../src/synthetic/maskrcnn/macs.ts';
import { ACTIVE_CLASS_PAIRS } from '../src/synthetic/maskrcnn/predictor.ts';
import { constantImage, smoothImage, type TestImage } from './maskrcnn-reference.ts';

let model: ReturnType<typeof buildMaskRcnn>;
let session: ort.InferenceSession;

beforeAll(async () => {
  model = buildMaskRcnn();
  session = await ort.InferenceSession.create(model.bytes, { intraOpNumThreads: 2 });
}, 120_000);

interface Result {
  n: number;
  boxes: Float32Array;
  labels: number[];
  scores: Float32Array;
  masks: Float32Array;
}

async function detect(img: TestImage): Promise<Result> {
  const out = await session.run({ images: new ort.Tensor('float32', img.data, [3, img.height, img.width]) });
  const n = out.scores!.dims[0] as number;
  expect(out.boxes!.dims).toEqual([n, 4]);
  expect(out.labels!.dims).toEqual([n]);
  expect(out.labels!.type).toBe('int64');
  expect(out.masks!.dims).toEqual([n, 1, img.height, img.width]);
  return {
    n,
    boxes: out.boxes!.data as Float32Array,
    labels: Array.from(out.labels!.data as BigInt64Array, Number),
    scores: out.scores!.data as Float32Array,
    masks: out.masks!.data as Float32Array,
  };
}

describe('synthetic Mask R-CNN R50-FPN', () => {
  it('has the 44,401,393 parameters torchvision counts (FrozenBatchNorm2d values are buffers)', () => {
    expect(model.parameters).toBe(44_401_393);
    // with the 26,560 frozen BatchNorm channels' weight and bias counted as parameters instead
    expect(model.details.parametersWithBatchNormAffine).toBe(44_401_393 + 2 * 26_560);
  });

  it('costs 134.4 GMAC at 800×800 plus 0.53 GMAC per detection (187.6 GMAC at 100)', () => {
    const d = model.details;
    expect(d.macImageSize).toBe(800);
    // TwoMLPHead + FastRCNNPredictor per RoI: 12544·1024 + 1024·1024 + 1024·91 + 1024·364
    expect(d.macsBoxHeadPerRoi).toBe(12544 * 1024 + 1024 * 1024 + 1024 * 91 + 1024 * 364);
    // four 3×3 convs at 14×14, the 2×2 transposed conv from 14×14, the 1×1 logits at 28×28
    expect(d.macsPerDetection).toBe(4 * 256 * 256 * 9 * 196 + 256 * 256 * 4 * 196 + 256 * 91 * 784);
    expect(Math.abs(d.macsFixed - 134.4e9)).toBeLessThan(0.05e9);
    expect(Math.abs(d.macsFixed + 100 * d.macsPerDetection - 187.6e9)).toBeLessThan(0.05e9);
    expect(model.macsPerSample).toBe(d.macsFixed + 20 * d.macsPerDetection);
  });

  it('follows the real input size: a 480×640 photo runs at 800×1088 (36 % more backbone pixels, P6 13×17)', () => {
    const d = model.details;
    const byStride = d.macsByStride;
    expect(Object.keys(byStride).sort((a, b) => Number(a) - Number(b))).toEqual(['2', '4', '8', '16', '32', '64']);
    const imageMacs = Object.values(byStride).reduce((a, b) => a + b, 0);
    expect(imageMacs + 1000 * d.macsBoxHeadPerRoi).toBe(d.macsFixed);
    expect(maskRcnnMacsAt(d, 800, 800, 20).total).toBeCloseTo(model.macsPerSample, -3);
    const demo = maskRcnnMacsAt(d, 480, 640, 20);
    expect([demo.paddedHeight, demo.paddedWidth]).toEqual([800, 1088]);
    const upTo32 = imageMacs - byStride['64']!;
    expect(demo.imageMacs).toBeCloseTo(upTo32 * (1088 / 800) + byStride['64']! * (17 / 13), -3);
    expect(demo.total).toBeCloseTo(demo.imageMacs + 1000 * d.macsBoxHeadPerRoi + 20 * d.macsPerDetection, -3);
  });

  it('rejects a detection count outside 1..100', () => {
    expect(() => checkDetections(0)).toThrow(RangeError);
    expect(() => checkDetections(101)).toThrow(RangeError);
    expect(() => checkDetections(2.5)).toThrow(RangeError);
    expect(checkDetections(100)).toBe(100);
  });

  it('has the torchvision export signature', async () => {
    expect(session.inputNames).toEqual(['images']);
    expect(session.outputNames).toEqual(['boxes', 'labels', 'scores', 'masks']);
  });

  it('returns exactly 20 detections with consistent outputs on a 480×640 image', async () => {
    const r = await detect(smoothImage(7, 480, 640));
    expect(r.n).toBe(20);
    const active = new Set<number>(ACTIVE_CLASS_PAIRS.flat());
    for (let i = 0; i < r.n; i++) {
      expect(active.has(r.labels[i]!)).toBe(true);
      expect(r.scores[i]!).toBeGreaterThan(0.05);
      if (i > 0) expect(r.scores[i]!).toBeLessThanOrEqual(r.scores[i - 1]!);
      const [x1, y1, x2, y2] = r.boxes.subarray(4 * i, 4 * i + 4) as unknown as number[];
      expect(x1).toBeGreaterThanOrEqual(0);
      expect(y1).toBeGreaterThanOrEqual(0);
      expect(x2).toBeLessThanOrEqual(640);
      expect(y2).toBeLessThanOrEqual(480);
      expect(x2 - x1).toBeGreaterThan(0.01);
      expect(y2 - y1).toBeGreaterThan(0.01);
    }
    // masks are probabilities, zero outside each (grown) box and non-zero inside it
    let outside = 0;
    for (let i = 0; i < r.n; i++) {
      const [x1, y1, x2, y2] = r.boxes.subarray(4 * i, 4 * i + 4) as unknown as number[];
      const mask = r.masks.subarray(i * 480 * 640, (i + 1) * 480 * 640);
      expect(mask.every((v) => v >= 0 && v <= 1)).toBe(true);
      const cx = Math.floor((x1! + x2!) / 2);
      const cy = Math.floor((y1! + y2!) / 2);
      expect(mask[cy * 640 + cx]).toBeGreaterThan(0);
      const margin = 0.1 * Math.max(x2! - x1!, y2! - y1!) + 2;
      for (let y = 0; y < 480; y += 7) {
        for (let x = 0; x < 640; x += 7) {
          if (x < x1! - margin || x > x2! + margin || y < y1! - margin || y > y2! + margin) outside += mask[y * 640 + x]!;
        }
      }
    }
    expect(outside).toBe(0);
  }, 90_000);

  it('returns exactly 20 detections on a constant image too (the count does not depend on the input)', async () => {
    const r = await detect(constantImage(1, 480, 640));
    expect(r.n).toBe(20);
  }, 90_000);
});
