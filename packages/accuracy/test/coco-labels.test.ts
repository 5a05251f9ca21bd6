// Model labels → category ids (label-map.ts) and the per-image record: torchvision's 91-id space with its N/A ids,
// the 80 contiguous labels, --category-map files; nothing throws before the score / best-N / category filter.
import { describe, expect, it } from 'vitest';
import { BenchError } from '@modelbench/core';
import { COCO80_LABEL_MAP, COCO91_LABEL_MAP, categoryMapFor, parseCategoryMap } from '../src/coco/label-map.ts';
import { cocoImageRecord, type ImageDetection } from '../src/coco/image-record.ts';
import { cocoCategoryNames } from '../src/coco/categories.ts';
import { loadCocoDataset } from '../src/coco/dataset.ts';

const image = { id: 7, width: 100, height: 80 };
const det = (classId: number, score: number): ImageDetection => ({ box: [1, 2, 11, 22], classId, score });
const cats = [{ id: 1, name: 'person' }, { id: 18, name: 'dog' }];

function oneLine(fn: () => unknown, pattern: RegExp): BenchError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(BenchError);
  expect((caught as BenchError).message).toMatch(pattern);
  expect((caught as BenchError).message).not.toContain('\n');
  expect((caught as BenchError).hint).toBeTruthy();
  return caught as BenchError;
}

describe("torchvision's 91-id label space", () => {
  it('takes every label 0..90 as its id, N/A ids included; above 90 is one line asking for --category-map', () => {
    for (const na of [12, 26, 29, 30, 45, 66, 68, 69, 71, 83]) expect(COCO91_LABEL_MAP.categoryOf(na)).toBe(na);
    expect(cocoCategoryNames()[71]).toBe('N/A');
    expect(COCO91_LABEL_MAP.categoryOf(0)).toBe(0);
    oneLine(() => COCO91_LABEL_MAP.categoryOf(91), /label 91 is outside torchvision's 91-class COCO label space \(0\.\.90\)/);
    expect(COCO80_LABEL_MAP.categoryOf(12)).toBe(13); // the Zoo's 12th class, stop sign, is COCO id 13
    oneLine(() => COCO80_LABEL_MAP.categoryOf(81), /outside the 80 contiguous COCO classes/);
  });

  it('drops N/A-label detections after the score threshold and the best-N cut, as COCOeval ignores them', () => {
    // 71 (N/A) and 83 (N/A) score highest and take two of the best 3 places; 95 is below the threshold, never read
    const dets = [det(71, 0.9), det(1, 0.5), det(83, 0.8), det(18, 0.3), det(95, 0.001)];
    const r = cocoImageRecord(image, dets, { scoreThreshold: 0.01, maxDetections: 3, categoryIds: new Set([1, 18]) });
    expect(r.results.map((x) => [x.category_id, x.score])).toEqual([[1, 0.5]]);
    // a label outside the space that is cut by the best-N does not abort the run either
    expect(cocoImageRecord(image, [det(1, 0.9), det(95, 0.2)], { scoreThreshold: 0.01, maxDetections: 1, categoryIds: new Set([1]) }).results).toHaveLength(1);
    oneLine(() => cocoImageRecord(image, [det(95, 0.9)], { scoreThreshold: 0.01, maxDetections: 1, categoryIds: new Set([1]) }), /label 95 is outside/);
  });
});

describe('--category-map FILE', () => {
  it('a {label: id | null} object maps labels to the annotations\' ids; a label it lacks is one line', () => {
    const m = parseCategoryMap('{"0": null, "1": 18, "2": 1}', 'map.json', cats);
    expect([m.categoryOf(0), m.categoryOf(1), m.categoryOf(2)]).toEqual([null, 18, 1]);
    oneLine(() => m.categoryOf(3), /label 3 is not in the category map map\.json/);
    const r = cocoImageRecord(image, [det(1, 0.9), det(0, 0.8)], { scoreThreshold: 0.01, maxDetections: 10, categoryIds: new Set([1, 18]), labelMap: m });
    expect(r.results.map((x) => x.category_id)).toEqual([18]);
  });

  it("a list of names (torchvision's weights.meta['categories']) matches the annotations' names", () => {
    const m = parseCategoryMap(JSON.stringify(cocoCategoryNames()), 'tv.json', [{ id: 5, name: 'dog' }, { id: 9, name: 'person' }]);
    expect([m.categoryOf(18), m.categoryOf(1), m.categoryOf(2), m.categoryOf(71)]).toEqual([5, 9, null, null]);
  });

  it('refuses maps that cannot be right, in one line', () => {
    oneLine(() => parseCategoryMap('{"1": 3}', 'm.json', cats), /label 1 maps to category 3, which is not a category of the annotations/);
    oneLine(() => parseCategoryMap('{"dog": 18}', 'm.json', cats), /key "dog" is not a label/);
    oneLine(() => parseCategoryMap('["cat", "bird"]', 'm.json', cats), /none of its names is a category name/);
    oneLine(() => parseCategoryMap('{}', 'm.json', cats), /maps no label/);
    oneLine(() => parseCategoryMap('[1, 2', 'm.json', cats), /not JSON/);
    oneLine(() => categoryMapFor('/no/such/map.json', cats), /category map \/no\/such\/map\.json: no such file/);
    expect(categoryMapFor(undefined, cats)).toBe(COCO91_LABEL_MAP);
    expect(categoryMapFor('coco80', cats)).toBe(COCO80_LABEL_MAP);
  });
});

describe('no data set given', () => {
  it('says that none ships with the project and how to pass one', () => {
    const e = oneLine(() => loadCocoDataset({}), /^no --dataset: a COCO set .*none ships with the project/);
    expect(e.exitCode).toBe(2);
    expect(e.hint).toMatch(/--annotations FILE --images DIR/);
  });
});
