/** Mask R-CNN adapters on hand-made signatures and outputs: which models they take, how outputs become instances. */
import { describe, expect, it } from 'vitest';
import type { Outputs } from '@modelbench/backends';
import { selectAdapter, type ModelSignature } from '@modelbench/harness';
import { maskRcnnAdapters, torchvisionMaskRcnnAdapter, zooMaskRcnnAdapter } from '../src/adapters.ts';
import { pasteBoxMask } from '../src/lib/paste.ts';
import { instancesOf } from '../src/postprocess.ts';

const tvSig: ModelSignature = {
  inputs: [{ name: 'images', type: 'float32', shape: [3, 'height', 'width'] }],
  outputs: [
    { name: 'boxes', type: 'float32', shape: ['n', 4] },
    { name: 'labels', type: 'int64', shape: ['n'] },
    { name: 'scores', type: 'float32', shape: ['n'] },
    { name: 'masks', type: 'float32', shape: ['n', 1, 'height', 'width'] },
  ],
};
const zooSig: ModelSignature = {
  inputs: [{ name: 'image', type: 'float32', shape: [3, 'height', 'width'] }],
  outputs: [
    { name: '6568', type: 'float32', shape: ['nbox', 4] },
    { name: '6570', type: 'int64', shape: ['nbox'] },
    { name: '6572', type: 'float32', shape: ['nbox'] },
    { name: '6887', type: 'float32', shape: ['nbox', 1, 28, 28] },
  ],
};

describe('Mask R-CNN signature adapters', () => {
  it('take the torchvision export (named, or four outputs by order) and the Zoo MaskRCNN-12', () => {
    expect(selectAdapter(maskRcnnAdapters, tvSig).name).toBe('torchvision');
    const numeric: ModelSignature = { inputs: tvSig.inputs, outputs: tvSig.outputs.map((o, i) => ({ ...o, name: String(3000 + i) })) };
    expect(selectAdapter(maskRcnnAdapters, numeric).name).toBe('torchvision');
    expect(selectAdapter(maskRcnnAdapters, zooSig).name).toBe('zoo-maskrcnn');
  });

  it('refuse a detector without masks, naming what each adapter expected', () => {
    const boxesOnly: ModelSignature = { inputs: tvSig.inputs, outputs: tvSig.outputs.slice(0, 3) };
    expect(() => selectAdapter(maskRcnnAdapters, boxesOnly)).toThrow(/no adapter knows this model's signature/);
    expect(torchvisionMaskRcnnAdapter.match(boxesOnly)).toMatch(/expected outputs boxes, labels, scores, masks/);
    // an export traced with a batched tensor ([N,3,H,W]) fits; four channels do not
    expect(torchvisionMaskRcnnAdapter.match({ ...tvSig, inputs: [{ name: 'images', type: 'float32', shape: [1, 3, 'h', 'w'] }] })).toBeNull();
    const fourChannels: ModelSignature = { ...tvSig, inputs: [{ name: 'images', type: 'float32', shape: [1, 4, 'h', 'w'] }] };
    expect(torchvisionMaskRcnnAdapter.match(fourChannels)).toMatch(/expected float32\[3,H,W\] \(or \[N,3,H,W\]\)/);
    expect(zooMaskRcnnAdapter.match(tvSig)).toMatch(/no 'image' input/);
  });

  it('torchvision: boxes as given, masks thresholded strictly above the mask threshold', () => {
    const [w, h] = [4, 3];
    const masks = new Float32Array(2 * w * h);
    masks.set([0.2, 0.5, 0.51, 0.9], 0);
    masks.set([1, 1, 1, 1], w * h + 8);
    const outputs: Outputs = {
      boxes: { type: 'float32', dims: [2, 4], data: Float32Array.from([0, 0, 3, 1, 1, 1, 4, 3]) },
      labels: { type: 'int64', dims: [2], data: BigInt64Array.from([18n, 1n]) },
      scores: { type: 'float32', dims: [2], data: Float32Array.from([0.9, 0.6]) },
      masks: { type: 'float32', dims: [2, 1, h, w], data: masks },
    };
    const got = instancesOf(outputs, torchvisionMaskRcnnAdapter.bind(tvSig), { width: w, height: h, scaleX: 1, scaleY: 1 }, 0.5);
    expect(got.map((d) => [d.classId, d.score])).toEqual([[18, Math.fround(0.9)], [1, Math.fround(0.6)]]);
    expect(Array.from(got[0]!.mask)).toEqual([0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(got[1]!.mask)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1]);
    const wrongSize = () => instancesOf(outputs, torchvisionMaskRcnnAdapter.bind(tvSig), { width: 5, height: 3, scaleX: 1, scaleY: 1 }, 0.5);
    expect(wrongSize).toThrow(/masks are 3x4, the photo 3x5/);
  });

  it('zoo: boxes back to photo pixels, 80-class labels to 91-ids, 28×28 masks pasted into their boxes', () => {
    const masks = new Float32Array(784).fill(0.9);
    const outputs: Outputs = {
      '6568': { type: 'float32', dims: [1, 4], data: Float32Array.from([20, 40, 59.9, 79.9]) },
      '6570': { type: 'int64', dims: [1], data: BigInt64Array.from([17n]) },
      '6572': { type: 'float32', dims: [1], data: Float32Array.from([0.8]) },
      '6887': { type: 'float32', dims: [1, 1, 28, 28], data: masks },
    };
    // the model saw the photo at twice its size
    const [d] = instancesOf(outputs, zooMaskRcnnAdapter.bind(zooSig), { width: 50, height: 50, scaleX: 2, scaleY: 2 }, 0.5);
    expect(d!.classId).toBe(18); // Zoo 17 = dog = COCO id 18
    expect(d!.box.map((v) => Math.round(v * 100) / 100)).toEqual([10, 20, 29.95, 39.95]);
    // int box (10, 20, 29, 39): 20 × 20 pixels inside
    expect(d!.mask.reduce((s, v) => s + v, 0)).toBe(400);
    expect(d!.mask[20 * 50 + 10]).toBe(1);
    expect(d!.mask[19 * 50 + 10]).toBe(0);
    const bad = { ...outputs, '6570': { type: 'int64' as const, dims: [1], data: BigInt64Array.from([81n]) } };
    expect(() => instancesOf(bad, zooMaskRcnnAdapter.bind(zooSig), { width: 50, height: 50, scaleX: 2, scaleY: 2 }, 0.5)).toThrow(/zoo label 81 is outside 1..80/);
  });

  it('pasteBoxMask clips the box to the image and resizes the 28×28 map bilinearly', () => {
    const left = new Float32Array(784);
    for (let y = 0; y < 28; y++) for (let x = 0; x < 14; x++) left[y * 28 + x] = 1; // left half on
    const mask = pasteBoxMask(left, 28, [-10, 0, 17, 9], 20, 10, 0.5);
    // box x -10..17 (28 px wide): the left half is x -10..3, of which 0..3 is in the image
    for (let y = 0; y < 10; y++) expect(Array.from(mask.subarray(y * 20, y * 20 + 20)).join('')).toBe('11110000000000000000');
  });
});
