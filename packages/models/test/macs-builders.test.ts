/**
 * countMacs on the four synthetic graphs gives exactly the figures their builders record while building them
 * (GraphBuilder.count per layer, sidecar `macsPerSample`), and the closed forms written from the architectures
 * (ResNet50 4,089,184,256 at 224²; DistilBERT 17,666,998,272 at 384 tokens, config.ts). Each graph is built once
 * (the default ResNet50, DistilBERT and SSD300 once a run, shared with their own test files: helpers/built-once.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countMacs } from '@modelbench/onnx';
import { DISTILBERT_BASE, distilBertMacs } from '../src/synthetic/distilbert/index.ts';
import { buildMaskRcnn, maskRcnnMacsAt } from '../src/synthetic/maskrcnn/index.ts';
import type { SyntheticModel } from '../src/synthetic/types.ts';
import { distilBertAtDefaults, resnet50AtDefaults, ssd300AtDefaults } from './helpers/built-once.ts';

function once<T extends SyntheticModel>(build: () => T): { get: () => T; drop: () => void } {
  let model: T | undefined;
  return {
    get: () => (model ??= build()),
    drop: () => (model = undefined),
  };
}

describe('ResNet50 (torchvision v1.5)', () => {
  const m = once(resnet50AtDefaults);
  afterAll(m.drop);

  it('counts 4,089,184,256 MACs at 224², the builder figure: convolutions + fc, nothing else', () => {
    const c = countMacs(m.get().bytes, { inputDims: { input: [1, 3, 224, 224] } });
    expect(c.macs).toBe(4_089_184_256);
    expect(c.macs).toBe(m.get().macsPerSample);
    expect(c.perOp).toEqual({ Conv: 4_089_184_256 - 2048 * 1000, Gemm: 2048 * 1000 });
    expect(c.reason).toBeNull();
  });

  it('scales with the batch fed', () => {
    expect(countMacs(m.get().bytes, { inputDims: { input: [8, 3, 224, 224] } }).macs).toBe(8 * 4_089_184_256);
  });

  it('says why when the batch is left open', () => {
    const c = countMacs(m.get().bytes, { inputDims: {} });
    expect(c.macs).toBeNull();
    expect(c.reason).toMatch(/input 'input' has an open dimension 'batch'/);
    expect(countMacs(m.get().bytes, { inputDims: {}, dimValues: { batch: 2 } }).macs).toBe(2 * 4_089_184_256);
  });
});

describe('DistilBERT for question answering', () => {
  const m = once(distilBertAtDefaults);
  afterAll(m.drop);
  const feed = (batch: number, seq: number) => ({ input_ids: [batch, seq], attention_mask: [batch, seq] });

  it('counts the builder figure at 384 tokens: projections, attention products, FFN, qa head', () => {
    const c = countMacs(m.get().bytes, { inputDims: feed(1, 384) });
    expect(c.macs).toBe(17_666_998_272);
    expect(c.macs).toBe(m.get().macsPerSample);
    expect(c.perOp).toEqual({ MatMul: 17_666_998_272 });
  });

  it('follows the sequence length actually fed (closed form S·(4H² + 2SH + 2HF)·L + 2SH)', () => {
    expect(countMacs(m.get().bytes, { inputDims: feed(2, 128) }).macs).toBe(2 * distilBertMacs(DISTILBERT_BASE, 128));
    // hand: 128·(2,359,296 + 196,608 + 4,718,592)·6 + 196,608 = 128·7,274,496·6 + 196,608 = 5,587,009,536
    expect(distilBertMacs(DISTILBERT_BASE, 128)).toBe(5_587_009_536);
  });
});

describe('SSD300 VGG16 (transform and post-processing in the graph)', () => {
  const m = once(ssd300AtDefaults);
  afterAll(m.drop);

  it('counts the builder figure at any input size: the graph resizes to 300×300 first', () => {
    for (const dims of [[3, 300, 300], [3, 480, 640]]) {
      const c = countMacs(m.get().bytes, { inputDims: { images: dims } });
      expect(c.macs).toBe(m.get().macsPerSample);
      expect(c.perOp).toEqual({ Conv: 34_858_153_472 });
    }
  });

  it('needs no detection count: NMS and Compress feed no counted op', () => {
    expect(countMacs(m.get().bytes, { inputDims: { images: [3, 300, 300] } }).openDims).toEqual([]);
  });
});

describe('Mask R-CNN (one graph: transform, RPN, box head, 7 detections, mask head, paste)', () => {
  let model: ReturnType<typeof buildMaskRcnn> | undefined;
  beforeAll(() => {
    model = buildMaskRcnn({ detections: 7 });
  });
  afterAll(() => (model = undefined));
  const get = () => model as ReturnType<typeof buildMaskRcnn>;
  // The vectorised paste (two MatMuls per image) is post-processing that torchvision does without MACs; the builder
  // does not count it, so the comparison leaves it out by its phase prefix.
  const asBuilder = { excludeNodeNamePrefixes: ['paste/'] };

  it('leaves the data-dependent sizes open and names them, with the bounds the graph fixes', () => {
    const c = countMacs(get().bytes, { inputDims: { images: [3, 800, 800] } });
    expect(c.macs).toBeNull();
    expect(c.reason).toMatch(/data-dependent sizes: .*NonMaxSuppression/);
    expect(c.openDims.map((d) => d.upperBound).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([7, 1000]);
  });

  it('at 800×800 with 1000 proposals and 7 detections gives the builder figure', () => {
    const c = countMacs(get().bytes, { inputDims: { images: [3, 800, 800] }, dataDependent: 'upper-bound', ...asBuilder });
    expect(c.macs).toBe(get().macsPerSample);
    expect(c.atUpperBound).toBe(true);
  });

  it('with the detection count given as a value: fixed part + detections × per-detection MACs', () => {
    const open = countMacs(get().bytes, { inputDims: { images: [3, 800, 800] } }).openDims;
    const rpn = open.find((d) => d.upperBound === 1000)?.name as string;
    const det = open.find((d) => d.upperBound === 7)?.name as string;
    const c = countMacs(get().bytes, { inputDims: { images: [3, 800, 800] }, dimValues: { [rpn]: 1000, [det]: 3 }, ...asBuilder });
    expect(c.macs).toBe(get().details.macsFixed + 3 * get().details.macsPerDetection);
    expect(c.atUpperBound).toBe(false);
  });

  it('at a 480×640 photo (resized to 799×1066, padded to 800×1088) gives maskRcnnMacsAt', () => {
    const c = countMacs(get().bytes, { inputDims: { images: [3, 480, 640] }, dataDependent: 'upper-bound', ...asBuilder });
    const at = maskRcnnMacsAt(get().details, 480, 640, 7);
    expect([at.paddedHeight, at.paddedWidth]).toEqual([800, 1088]);
    expect(c.macs).toBe(at.total);
  });

  it('counts the paste MatMuls when asked for everything: 7·H·30·30 + 7·H·30·W more', () => {
    const all = countMacs(get().bytes, { inputDims: { images: [3, 480, 640] }, dataDependent: 'upper-bound' });
    expect(all.perOp.MatMul).toBe(7 * 480 * 30 * 30 + 7 * 480 * 30 * 640);
    expect(all.macs).toBe(maskRcnnMacsAt(get().details, 480, 640, 7).total + 7 * 480 * 30 * 30 + 7 * 480 * 30 * 640);
  });
});
