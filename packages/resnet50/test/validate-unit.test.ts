import { describe, expect, it } from 'vitest';
import { IMAGENET_SYNSET_FILE, loadImagenetClasses, rgbImage } from '@modelbench/vision';
import { verdictLines } from '@modelbench/harness';
import { chooseBasis, classificationChecks, DEFAULT_THRESHOLDS } from '../src/agreement.ts';
import { logitsRow, topClasses, type Classification } from '../src/postprocess.ts';
import { imageTensor, presetByName, repeatImage } from '../src/preprocess.ts';
import { sideBySideTopK } from '../src/report.ts';

const logits = (hot: number, value = 10): Float32Array => {
  const l = new Float32Array(1000);
  for (let i = 0; i < 1000; i++) l[i] = -i / 1000;
  l[hot] = value;
  return l;
};

const cls = (l: Float32Array): Classification => ({ logits: l, top: [] });

describe('resnet50 agreement', () => {
  it('trained weights: top-1 on every image and top-5 overlap ≥ 4', () => {
    const ok = classificationChecks([cls(logits(281)), cls(logits(281))], [cls(logits(281)), cls(logits(281))], DEFAULT_THRESHOLDS, 'predictions');
    expect(ok.passed).toBe(true);
    const bad = classificationChecks([cls(logits(281)), cls(logits(281))], [cls(logits(281)), cls(logits(282))], DEFAULT_THRESHOLDS, 'predictions');
    expect(bad.passed).toBe(false);
    // one of two images flips its top-1: a share of 0.5 against 1; its top-5 are [282,0,1,2,3] against [281,0,1,2,3]: 4 shared
    expect(bad.checks).toEqual([
      { metric: 'top-1 agreement (share of images)', value: 0.5, threshold: 1, direction: 'min', passed: false },
      { metric: 'least top-5 overlap', value: 4, threshold: 4, direction: 'min', passed: true },
    ]);
    const lenient = classificationChecks([cls(logits(281)), cls(logits(281))], [cls(logits(281)), cls(logits(282))], { ...DEFAULT_THRESHOLDS, minTop1Agreement: 0.5 }, 'predictions');
    expect(lenient.passed).toBe(true);
    expect(verdictLines(bad).at(-1)).toBe('verdict: FAIL — top-1 agreement (share of images) 0.5000 (need ≥ 1)');
  });

  it('synthetic weights: the logits relative error decides, whatever the ranking', () => {
    const ref = logits(5, 0.001);
    const near = ref.map((v, i) => v * (1 + (i % 2 ? 1e-3 : -1e-3)));
    const v = classificationChecks([cls(ref)], [cls(near)], DEFAULT_THRESHOLDS, 'logits');
    expect(v.passed).toBe(true);
    // every logit off by exactly 0.1 %: ‖Δ‖/‖ref‖ = 1e-3
    expect(v.checks[0]!.value).toBeCloseTo(1e-3, 9);
    const far = ref.map((v) => v * 1.5);
    const b = classificationChecks([cls(ref)], [cls(far)], DEFAULT_THRESHOLDS, 'logits');
    expect(b.passed).toBe(false);
    expect(b.checks[0]!.value).toBeCloseTo(0.5, 9);
    expect(chooseBasis('auto', true)).toBe('logits');
    expect(chooseBasis('auto', false)).toBe('predictions');
    expect(chooseBasis('predictions', true)).toBe('predictions');
  });
});

describe('resnet50 pre/post-processing', () => {
  it('turns any photo into [3,224,224] with either preset, and repeats it over a batch', () => {
    const img = rgbImage(40, 30, new Uint8Array(40 * 30 * 3).fill(128));
    for (const name of ['torchvision', 'direct-224']) expect(imageTensor(img, presetByName(name)).length).toBe(3 * 224 * 224);
    expect(() => presetByName('caffe')).toThrow(/unknown --preprocess 'caffe'/);
    const batch = repeatImage(Float32Array.from([1, 2]), 3);
    expect(Array.from(batch)).toEqual([1, 2, 1, 2, 1, 2]);
  });

  it('names the top classes from synset.txt with their probabilities', () => {
    const classes = loadImagenetClasses(IMAGENET_SYNSET_FILE);
    const top = topClasses(logits(281), classes, 5);
    expect(top[0]).toMatchObject({ index: 281, name: 'tabby, tabby cat' });
    expect(top[0]!.probability).toBeGreaterThan(0.9);
    expect(top.map((t) => t.index).slice(1)).toEqual([0, 1, 2, 3]);
    expect(logitsRow(Float32Array.from({ length: 2000 }, (_, i) => i), 1)[0]).toBe(1000);
    const table = sideBySideTopK(top, top, 'bf16 emulated');
    expect(table.split('\n')[0]).toMatch(/#\s+fp32\s+p\s+bf16 emulated\s+p/);
  });
});
