/**
 * The calibrated synthetic SSD300: exactly the planned 1,000 candidates pass the 0.01 threshold whatever the image
 * (noise, constants, smooth), with margins on both sides, and the model's detections equal the torchvision oracle
 * applied to its own head outputs. Built once with the raw head outputs exposed (same weights as the default).
 */
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSsd300Vgg16 } from '../src/synthetic/ssd300/build.ts';
import { clsBias } from '../src/synthetic/ssd300/calibration.ts';
import { SSD300_ANCHORS_PER_LOCATION, SSD300_FEATURE_SIZES } from '../src/synthetic/ssd300/config.ts';
import { binaryImage, constantImage, smoothImage, uniformImage, type TestImage } from './ssd300-images.ts';
import { referencePostprocess, softmaxRows } from './ssd300-reference.ts';

let model: ReturnType<typeof buildSsd300Vgg16>;
let session: ort.InferenceSession;
/** per anchor: the calibration's class bias row (which classes are hot there) */
let hotAt: (anchor: number, cls: number) => boolean;

beforeAll(async () => {
  model = buildSsd300Vgg16({ exposeHeadOutputs: true });
  session = await ort.InferenceSession.create(model.bytes, { intraOpNumThreads: 2 });
  const biases = SSD300_FEATURE_SIZES.map((_, level) => clsBias(model.details.calibration, level));
  const anchorLevel: [number, number][] = [];
  SSD300_FEATURE_SIZES.forEach((side, level) => {
    for (let i = 0; i < side * side * (SSD300_ANCHORS_PER_LOCATION[level] as number); i++) anchorLevel.push([level, i % (SSD300_ANCHORS_PER_LOCATION[level] as number)]);
  });
  hotAt = (anchor, cls) => {
    const [level, slot] = anchorLevel[anchor] as [number, number];
    return cls > 0 && (biases[level] as Float32Array)[slot * 91 + cls] !== 0;
  };
}, 120_000);

const images: TestImage[] = [
  uniformImage(31, 480, 640),
  binaryImage(32, 300, 300),
  constantImage(0, 300, 300),
  constantImage(1, 240, 320),
  smoothImage(33, 427, 640),
];

describe('calibrated SSD300 candidates', () => {
  it.each(images.map((img) => [img.name, img] as const))('passes exactly 1,000 candidates on %s, hot ≥ 0.04 and cold ≤ 0.005', async (_name, img) => {
    const out = await session.run({ images: new ort.Tensor('float32', img.data, [3, img.height, img.width]) });
    const probs = softmaxRows(out.cls_logits!.data as Float32Array, 91);
    let candidates = 0;
    let hotMin = 1;
    let coldMax = 0;
    for (let c = 1; c < 91; c++) {
      let passing = 0;
      for (let a = 0; a < 8732; a++) {
        const p = probs[a * 91 + c] as number;
        if (p > 0.01) passing++;
        if (hotAt(a, c)) hotMin = Math.min(hotMin, p);
        else coldMax = Math.max(coldMax, p);
      }
      candidates += Math.min(400, passing);
    }
    expect(candidates).toBe(1000);
    expect(hotMin).toBeGreaterThan(0.04);
    expect(coldMax).toBeLessThan(0.005);
    expect(out.scores!.dims[0]).toBeLessThanOrEqual(200);
  });

  it('returns what torchvision post-processing returns for its head outputs (480×640 input, boxes rescaled)', async () => {
    const img = uniformImage(34, 480, 640);
    const out = await session.run({ images: new ort.Tensor('float32', img.data, [3, img.height, img.width]) });
    const want = referencePostprocess(out.cls_logits!.data as Float32Array, out.bbox_regression!.data as Float32Array, img.height, img.width);
    expect(want.candidates).toBe(1000);
    const labels = Array.from(out.labels!.data as BigInt64Array, Number);
    const scores = out.scores!.data as Float32Array;
    const boxes = out.boxes!.data as Float32Array;
    expect(labels).toEqual(want.labels);
    want.scores.forEach((s, i) => expect(scores[i]).toBeCloseTo(s, 6));
    want.boxes.forEach((b, i) => b.forEach((v, j) => expect(boxes[4 * i + j]).toBeCloseTo(v, 2)));
    // above 0.5: the confident tier only (one 3×3 group, two 1×1 groups: 3 to 11 boxes after NMS)
    const confident = new Set(model.details.calibration.hotGroups.filter((g) => g.score > 0.5).map((g) => g.classId));
    const above = labels.filter((_, i) => (scores[i] as number) > 0.5);
    expect(above.every((l) => confident.has(l))).toBe(true);
    expect(above.length).toBeGreaterThanOrEqual(3);
    expect(above.length).toBeLessThanOrEqual(11);
    console.log(`ssd300 calibrated: ${want.candidates} candidates → ${labels.length} detections; scores ${scores[labels.length - 1]?.toFixed(3)}…${scores[0]?.toFixed(3)}`);
  });
});
