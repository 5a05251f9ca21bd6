/** SSD adapters, pre- and post-processing on hand-made signatures and outputs: which models they take, their feeds, and how outputs become detections. */
import { describe, expect, it } from 'vitest';
import type { Outputs } from '@modelbench/backends';
import { selectAdapter, type ModelSignature } from '@modelbench/harness';
import { ssdAdapters, torchvisionSsdAdapter, zooSsdAdapter } from '../src/adapters.ts';
import { detectionsOf } from '../src/postprocess.ts';
import { inputFeeds } from '../src/preprocess.ts';

const tvSig: ModelSignature = {
  inputs: [{ name: 'images', type: 'float32', shape: [3, 'height', 'width'] }],
  outputs: [
    { name: 'boxes', type: 'float32', shape: ['n', 4] },
    { name: 'labels', type: 'int64', shape: ['n'] },
    { name: 'scores', type: 'float32', shape: ['n'] },
  ],
};
const zooSig: ModelSignature = {
  inputs: [{ name: 'image', type: 'float32', shape: [1, 3, 1200, 1200] }],
  outputs: [
    { name: 'bboxes', type: 'float32', shape: [1, 'nbox', 4] },
    { name: 'labels', type: 'int64', shape: [1, 'nbox'] },
    { name: 'scores', type: 'float32', shape: [1, 'nbox'] },
  ],
};

describe('SSD signature adapters', () => {
  it('take the torchvision export (named or, with numeric names, by order) and the Zoo ssd-12', () => {
    expect(selectAdapter(ssdAdapters, tvSig).name).toBe('torchvision');
    const numeric: ModelSignature = { inputs: tvSig.inputs, outputs: tvSig.outputs.map((o, i) => ({ ...o, name: String(3000 + i) })) };
    expect(selectAdapter(ssdAdapters, numeric).name).toBe('torchvision');
    expect(torchvisionSsdAdapter.bind(numeric).outputs).toEqual({ boxes: '3000', labels: '3001', scores: '3002' });
    expect(selectAdapter(ssdAdapters, zooSig).name).toBe('zoo-ssd');
  });

  it('refuse other models, naming every adapter tried and why', () => {
    const classifier: ModelSignature = { inputs: tvSig.inputs, outputs: [{ name: 'logits', type: 'float32', shape: [1, 1000] }] };
    expect(() => selectAdapter(ssdAdapters, classifier)).toThrow(
      expect.objectContaining({ code: 'MODEL_SIGNATURE', hint: expect.stringMatching(/torchvision .*found 1 outputs \(logits\)[\s\S]*zoo-ssd .*no input named 'image'/) }),
    );
    const swapped: ModelSignature = { inputs: tvSig.inputs, outputs: [tvSig.outputs[0]!, { ...tvSig.outputs[1]!, type: 'float32' }, tvSig.outputs[2]!] };
    expect(torchvisionSsdAdapter.match(swapped)).toMatch(/'labels' is float32\[n\], expected int64\[n\] labels/);
    expect(zooSsdAdapter.match({ ...zooSig, inputs: [{ name: 'image', type: 'float32', shape: [1, 3, 300, 300] }] })).toMatch(/expected float32\[1,3,1200,1200\]/);
  });

  it('reads torchvision outputs as pixels and 91-id labels, unchanged', () => {
    const out: Outputs = {
      boxes: { type: 'float32', dims: [2, 4], data: Float32Array.from([1, 2, 30, 40, 5, 6, 70, 80]) },
      labels: { type: 'int64', dims: [2], data: BigInt64Array.from([18n, 1n]) },
      scores: { type: 'float32', dims: [2], data: Float32Array.from([0.9, 0.25]) },
    };
    expect(detectionsOf(out, torchvisionSsdAdapter.bind(tvSig), 640, 480)).toEqual([
      { box: [1, 2, 30, 40], classId: 18, score: expect.closeTo(0.9, 6) },
      { box: [5, 6, 70, 80], classId: 1, score: expect.closeTo(0.25, 6) },
    ]);
  });

  it('reads Zoo outputs as normalised (x1, y1, x2, y2) scaled to the photo, labels 1..80 mapped to COCO ids', () => {
    const out: Outputs = {
      bboxes: { type: 'float32', dims: [1, 2, 4], data: Float32Array.from([0.1, 0.25, 0.5, 0.75, 0, 0, 1, 1]) },
      labels: { type: 'int64', dims: [1, 2], data: BigInt64Array.from([17n, 80n]) },
      scores: { type: 'float32', dims: [1, 2], data: Float32Array.from([0.8, 0.6]) },
    };
    const d = detectionsOf(out, zooSsdAdapter.bind(zooSig), 640, 480);
    expect(d[0]!.box.map((v) => Math.round(v * 1000) / 1000)).toEqual([64, 120, 320, 360]);
    expect(d[0]!.classId).toBe(18); // Zoo label 17 = 'dog' = COCO id 18 (id 12 is a gap)
    expect(d[1]!.box).toEqual([0, 0, 640, 480]);
    expect(d[1]!.classId).toBe(90); // 'toothbrush'
    const bad: Outputs = { ...out, labels: { type: 'int64', dims: [1, 2], data: BigInt64Array.from([0n, 81n]) } };
    expect(() => detectionsOf(bad, zooSsdAdapter.bind(zooSig), 640, 480)).toThrow(expect.objectContaining({ code: 'INFERENCE_FAILED' }));
  });

  it('feeds a [3, H, W] image as is to torchvision and with a batch axis to the Zoo model', () => {
    const data = new Float32Array(3 * 4 * 5);
    expect(inputFeeds(torchvisionSsdAdapter.bind(tvSig), { data, dims: [3, 4, 5] })).toEqual({ images: { type: 'float32', dims: [3, 4, 5], data } });
    expect(inputFeeds(zooSsdAdapter.bind(zooSig), { data, dims: [3, 4, 5] }).image!.dims).toEqual([1, 3, 4, 5]);
  });
});
