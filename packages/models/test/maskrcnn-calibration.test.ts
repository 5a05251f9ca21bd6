/**
 * The predictor calibration re-measured: with the default seed, on the COCO demo photo, every active class logit has
 * mean 1 and std 1.5 over the 1000 proposals (the stored μ/σ are current), the box-row scale is current, and far
 * more (proposal, class) candidates pass 0.05 than the detection cap. One diagnostics build, one inference.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Jimp } from 'jimp';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildMaskRcnn, DEFAULT_CALIBRATION, DEFAULT_MASK_CALIBRATION } from '../src/synthetic/maskrcnn/build.ts';
import { logitStatistics, unitRowStd } from '../src/synthetic/maskrcnn/calibration.ts';
import { MASKRCNN_CONFIG } from '../src/synthetic/maskrcnn/config.ts';
import { ACTIVE_CLASS_PAIRS, INACTIVE_CLASS_BIAS } from '../src/synthetic/maskrcnn/predictor.ts';

// the COCO demo photo the vision package ships (the same file as ../shared/data/coco/demo.jpg)
const DEMO = fileURLToPath(new URL('../../vision/fixtures/coco/demo.jpg', import.meta.url));
let out: ort.InferenceSession.OnnxValueMapType;

beforeAll(async () => {
  const model = buildMaskRcnn({ diagnostics: true });
  const session = await ort.InferenceSession.create(model.bytes, { intraOpNumThreads: 2 });
  const image = await Jimp.read(readFileSync(DEMO));
  const { width, height, data } = image.bitmap;
  const x = new Float32Array(3 * width * height);
  for (let i = 0; i < width * height; i++) for (let c = 0; c < 3; c++) x[c * width * height + i] = (data[4 * i + c] as number) / 255;
  out = await session.run({ images: new ort.Tensor('float32', x, [3, height, width]) });
}, 120_000);

describe('Mask R-CNN predictor calibration (demo photo)', () => {
  it('has 1000 proposals', () => {
    expect(out.proposals!.dims).toEqual([1000, 4]);
  });

  it('gives every active class logit mean 1 and std 1.5 over the proposals', () => {
    const logits = out.class_logits!.data as Float32Array;
    for (const [a, b] of ACTIVE_CLASS_PAIRS) {
      for (const c of [a, b]) {
        const s = logitStatistics(logits, 1000, c);
        expect(s.mean).toBeCloseTo(1, 2);
        expect(s.std).toBeCloseTo(DEFAULT_CALIBRATION.classLogitStd, 2);
      }
      // paired rows: the two logits of a pair sum to 2 on every proposal
      for (let i = 0; i < 1000; i++) expect(logits[i * 91 + a]! + logits[i * 91 + b]!).toBeCloseTo(2, 3);
    }
    const inactive = logitStatistics(logits, 1000, 5);
    expect(inactive.mean).toBeCloseTo(INACTIVE_CLASS_BIAS, 6);
    expect(inactive.std).toBeLessThan(1e-6);
  });

  it('stores the current box-row scale', () => {
    const measured = unitRowStd(out.box_features!.data as Float32Array, 1000);
    expect(Math.abs(measured / DEFAULT_CALIBRATION.unitRowStd - 1)).toBeLessThan(0.01);
  });

  it('stores the current mask channel-average statistics, and masks come out confident', () => {
    const a = out.mask_channel_average!.data as Float32Array;
    let mean = 0;
    for (const v of a) mean += v / a.length;
    let variance = 0;
    for (const v of a) variance += (v - mean) ** 2 / a.length;
    expect(Math.abs(mean / DEFAULT_MASK_CALIBRATION.channelAverage.mean - 1)).toBeLessThan(0.01);
    expect(Math.abs(Math.sqrt(variance) / DEFAULT_MASK_CALIBRATION.channelAverage.std - 1)).toBeLessThan(0.01);
    // inside the boxes, many pasted probabilities are near 0 or 1 (46 % here; a random mask head leaves them all
    // between 0.2 and 0.8)
    const masks = out.masks!.data as Float32Array;
    const boxes = out.boxes!.data as Float32Array;
    const [h, w] = [out.masks!.dims[2] as number, out.masks!.dims[3] as number];
    let confident = 0;
    let inside = 0;
    for (let i = 0; i < out.masks!.dims[0]!; i++) {
      for (let y = Math.ceil(boxes[4 * i + 1]!); y < boxes[4 * i + 3]!; y++) {
        for (let x = Math.ceil(boxes[4 * i]!); x < boxes[4 * i + 2]!; x++) {
          const p = masks[i * h * w + y * w + x]!;
          inside++;
          if (p < 0.1 || p > 0.9) confident++;
        }
      }
    }
    expect(confident / inside).toBeGreaterThan(0.4);
  });

  it('puts every proposal over the threshold in some class, so the detection cap decides the count', () => {
    const logits = out.class_logits!.data as Float32Array;
    let candidates = 0;
    for (let i = 0; i < 1000; i++) {
      const row = logits.subarray(i * 91, (i + 1) * 91);
      const max = Math.max(...row);
      let sum = 0;
      for (const v of row) sum += Math.exp(v - max);
      let best = 0;
      for (let c = 1; c < 91; c++) {
        const p = Math.exp(row[c]! - max) / sum;
        if (p > MASKRCNN_CONFIG.boxScoreThresh) candidates++;
        best = Math.max(best, p);
      }
      expect(best).toBeGreaterThan(0.119);
    }
    expect(candidates).toBeGreaterThan(2000);
    expect(out.scores!.dims).toEqual([20]);
  });
});
