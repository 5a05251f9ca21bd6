/**
 * Synthetic torchvision ssd300_vgg16: parameter and MAC counts, the torchvision export signature, onnxruntime-node
 * running it on images of several sizes, and one profiled run at 1 thread split by stage. The model is built once.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTraceFile } from '@modelbench/core';
import { decodeModel } from '@modelbench/onnx';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSsd300Vgg16 } from '../src/synthetic/ssd300/build.ts';
import { stageTimes } from '../src/synthetic/ssd300/stages.ts';
import { smoothImage, uniformImage, type TestImage } from './ssd300-images.ts';
import { ssd300AtDefaults } from './helpers/built-once.ts';

let model: ReturnType<typeof buildSsd300Vgg16>;
let session: ort.InferenceSession;
const profileDir = mkdtempSync(join(tmpdir(), 'ssd300-profile-'));

beforeAll(async () => {
  model = ssd300AtDefaults(); // built once a run, shared with macs-builders
  session = await ort.InferenceSession.create(model.bytes, { intraOpNumThreads: 2 });
}, 120_000);

afterAll(() => rmSync(profileDir, { recursive: true, force: true }));

async function detect(s: ort.InferenceSession, img: TestImage): Promise<{ boxes: Float32Array; labels: number[]; scores: Float32Array; n: number }> {
  const out = await s.run({ images: new ort.Tensor('float32', img.data, [3, img.height, img.width]) });
  const n = out.scores!.dims[0] as number;
  expect(out.boxes!.dims).toEqual([n, 4]);
  expect(out.labels!.dims).toEqual([n]);
  expect(out.labels!.type).toBe('int64');
  expect(out.scores!.type).toBe('float32');
  return { boxes: out.boxes!.data as Float32Array, labels: Array.from(out.labels!.data as BigInt64Array, Number), scores: out.scores!.data as Float32Array, n };
}

describe('synthetic SSD300-VGG16', () => {
  it('has the 35,641,826 parameters of torchvision ssd300_vgg16 (conv weights and biases + the 512 L2Norm scales)', () => {
    expect(model.parameters).toBe(35_641_826);
    // backbone 22,943,936 (VGG16 convs 14,714,688 + fc6/fc7 5,769,216 + extras 2,459,520 + 512), heads 12,697,890
    const heads = [512, 1024, 512, 256, 256, 256].reduce((s, c, i) => {
      const a = [4, 6, 6, 6, 4, 4][i] as number;
      return s + (c * 9 + 1) * (91 * a + 4 * a);
    }, 0);
    expect(heads).toBe(12_697_890);
    expect(model.parameters - heads).toBe(14_714_688 + 5_769_216 + 2_459_520 + 512);
  });

  it('counts 34.86 GMAC at 300×300: convolution multiply-accumulates only', () => {
    expect(model.macsPerSample).toBe(34_858_153_472);
    expect((model.macsPerSample / 1e9).toFixed(2)).toBe('34.86');
  });

  it('records its anchors, maps, calibration and what it counts', () => {
    const d = model.details;
    expect(d.anchors).toBe(8732);
    expect(d.featureMapSizes).toEqual([38, 19, 10, 5, 3, 1]);
    expect(d.calibration.candidates).toBe(1000);
    expect(d.calibration.hotGroups.reduce((s, g) => s + g.anchors, 0)).toBe(1000);
    expect(d.heads).toHaveLength(6);
    expect(d.macsCounted).toMatch(/convolution/);
    expect(model.id).toBe('ssd300-vgg16-synthetic');
  });

  it('has the torchvision export signature: images [3, H, W] → boxes, labels, scores', () => {
    expect(session.inputNames).toEqual(['images']);
    expect(session.outputNames).toEqual(['boxes', 'labels', 'scores']);
  });

  it.each([
    ['uniform noise 480×640', uniformImage(11, 480, 640)],
    ['smooth 375×500', smoothImage(12, 375, 500)],
    ['smooth 300×300', smoothImage(13, 300, 300)],
  ])('detects on %s: ≤ 200 boxes inside the image, sorted scores > 0.01, planned classes', async (_name, img) => {
    const d = await detect(session, img);
    const planned = new Set(model.details.calibration.hotGroups.map((g) => g.classId));
    expect(d.n).toBeGreaterThan(0);
    expect(d.n).toBeLessThanOrEqual(200);
    for (let i = 0; i < d.n; i++) {
      expect(planned.has(d.labels[i] as number)).toBe(true);
      expect(d.scores[i]).toBeGreaterThan(0.01);
      if (i > 0) expect(d.scores[i]).toBeLessThanOrEqual(d.scores[i - 1] as number);
      const [x1, y1, x2, y2] = Array.from(d.boxes.subarray(4 * i, 4 * i + 4)) as [number, number, number, number];
      expect(x1).toBeGreaterThanOrEqual(0);
      expect(y1).toBeGreaterThanOrEqual(0);
      expect(x2).toBeLessThanOrEqual(img.width + 1e-3);
      expect(y2).toBeLessThanOrEqual(img.height + 1e-3);
      expect(x2).toBeGreaterThanOrEqual(x1);
      expect(y2).toBeGreaterThanOrEqual(y1);
    }
  });

  it('splits a profiled 1-thread run by stage, and puts the convolutions where torchvision has them (no conv in post-processing)', async () => {
    const s = await ort.InferenceSession.create(model.bytes, { intraOpNumThreads: 1, enableProfiling: true, profileFilePrefix: join(profileDir, 'ssd300') });
    const img = uniformImage(21, 480, 640);
    await detect(s, img);
    await detect(s, img);
    s.endProfiling();
    await s.release();
    const file = readdirSync(profileDir).find((f) => f.startsWith('ssd300') && f.endsWith('.json'));
    expect(file).toBeDefined();
    const split = stageTimes(readTraceFile(join(profileDir, file as string)), model.details.stages, { skipRuns: 1 });
    expect(split.runs).toBe(1);
    // every stage ran and was timed ('other': layout reorders onnxruntime inserts; the times themselves are this
    // machine's, printed, not asserted)
    expect(split.stages.map((st) => st.stage)).toEqual(['transform/', 'backbone/', 'head/', 'postprocess/', 'other']);
    for (const st of split.stages.slice(0, 4)) expect(st.msPerRun, st.stage).toBeGreaterThan(0);
    console.log('ssd300 1 thread, 480×640 input: ' + split.stages.map((st) => `${st.stage} ${st.msPerRun.toFixed(1)} ms (${st.percent.toFixed(1)} %)`).join(', '));
    // the work by stage, from torchvision's ssd300_vgg16: the backbone's 23 convs (VGG16's 13, fc6 and fc7 as convs,
    // 8 in the extra layers), the heads' 12 (a classification and a regression conv on each of the 6 feature maps),
    // and post-processing (box decoding, softmax, top-k, NMS) without a single conv
    const nodes = decodeModel(model.bytes).graph!.node;
    const count = (stage: string, op: string): number => nodes.filter((n) => n.name.startsWith(stage) && n.opType === op).length;
    expect([count('backbone/', 'Conv'), count('head/', 'Conv'), count('postprocess/', 'Conv'), count('transform/', 'Conv')]).toEqual([23, 12, 0, 0]);
    expect([count('postprocess/', 'NonMaxSuppression'), count('postprocess/', 'TopK'), count('postprocess/', 'Softmax')]).toEqual([1, 1, 1]);
  }, 60_000);
});
