import { describe, expect, it } from 'vitest';
import { classificationAgreement, IMAGENET_SYNSET_FILE, loadImagenetClasses, rgbImage, summarizeClassificationAgreement } from '@modelbench/vision';
import type { ProfileInfo } from '@modelbench/core';
import { chooseBasis, decideVerdict, DEFAULT_THRESHOLDS } from '../src/agreement.ts';
import { logitsRow, topClasses } from '../src/postprocess.ts';
import { imageTensor, presetByName, repeatImage } from '../src/preprocess.ts';
import { compareOperatorProfiles, operatorComparisonTable, sideBySideTopK, verdictLines } from '../src/validate-report.ts';

const logits = (hot: number, value = 10): Float32Array => {
  const l = new Float32Array(1000);
  for (let i = 0; i < 1000; i++) l[i] = -i / 1000;
  l[hot] = value;
  return l;
};

describe('resnet50 verdict', () => {
  it('trained weights: top-1 on every image and top-5 overlap ≥ 4', () => {
    const same = classificationAgreement(logits(281), logits(281));
    const flipped = classificationAgreement(logits(281), logits(282));
    const ok = decideVerdict(summarizeClassificationAgreement([same, same]), [same, same], DEFAULT_THRESHOLDS, 'predictions');
    expect(ok.pass).toBe(true);
    const bad = decideVerdict(summarizeClassificationAgreement([same, flipped]), [same, flipped], DEFAULT_THRESHOLDS, 'predictions');
    expect(bad.pass).toBe(false);
    expect(bad.failures[0]).toMatch(/top-1 agreement 1\/2/);
    const lenient = decideVerdict(summarizeClassificationAgreement([same, flipped]), [same, flipped], { ...DEFAULT_THRESHOLDS, minTop1Agreement: 0.5 }, 'predictions');
    expect(lenient.pass).toBe(true);
    expect(verdictLines(bad).at(-1)).toMatch(/^verdict: FAIL — top-1 agreement 1\/2/);
  });

  it('synthetic weights: the logits relative error decides, whatever the ranking', () => {
    const ref = logits(5, 0.001);
    const near = ref.map((v, i) => v * (1 + (i % 2 ? 1e-3 : -1e-3)));
    const a = classificationAgreement(ref, near);
    const v = decideVerdict(summarizeClassificationAgreement([a]), [a], DEFAULT_THRESHOLDS, 'logits');
    expect(v.pass).toBe(true);
    const far = ref.map((v) => v * 1.5);
    const b = classificationAgreement(ref, far);
    expect(decideVerdict(summarizeClassificationAgreement([b]), [b], DEFAULT_THRESHOLDS, 'logits').pass).toBe(false);
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

  it('compares operator profiles per run: slower, faster, only on one side', () => {
    const prof = (runs: number, ops: [string, number][]): ProfileInfo => ({
      tracePath: 't', runs, modelRunMeanMs: null,
      operators: ops.map(([opType, totalMs]) => ({ opType, calls: 1, totalMs, meanMs: totalMs, percent: 0 })),
    });
    const rows = compareOperatorProfiles(prof(2, [['Conv', 100], ['Relu', 10]]), prof(1, [['Conv', 80], ['Cast', 5], ['Relu', 5]]));
    expect(rows.map((r) => [r.opType, r.referenceMsPerRun, r.candidateMsPerRun])).toEqual([
      ['Conv', 50, 80], ['Cast', null, 5], ['Relu', 5, 5],
    ]);
    expect(rows[0]!.ratio).toBeCloseTo(1.6, 12);
    const text = operatorComparisonTable(rows, 'bf16 emulated', 10);
    expect(text).toMatch(/Conv\s+50\.000\s+80\.000\s+1\.60×\s+slower/);
    expect(text).toMatch(/Cast\s+—\s+5\.000\s+—\s+only in candidate/);
  });
});
