// Loading and checking COCO inputs: instances files, results files, the model's category space, and the score step.
// Every bad input must be one BAD_INPUT line (exit 2) with a hint, and nothing written.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BenchError } from '@modelbench/core';
import { loadCocoGroundTruth, parseCocoGroundTruth } from '../src/coco/annotations.ts';
import { categoryIdOfLabel, checkModelCategories, labelOfCategoryId } from '../src/coco/categories.ts';
import { loadCocoResults, parseCocoResults, toCocoResult, writeCocoResults } from '../src/coco/results.ts';
import { scoreCoco } from '../src/coco/score-coco.ts';
import { fixtureDetections } from './fixtures/coco/detections.ts';

const FIXTURE = new URL('./fixtures/coco/instances_fixture.json', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'coco-inputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function usageError(fn: () => unknown, pattern: RegExp): BenchError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(BenchError);
  const e = caught as BenchError;
  expect(e.exitCode).toBe(2);
  expect(e.message).toMatch(pattern);
  expect(e.message).not.toContain('\n');
  expect(e.hint).toBeTruthy();
  return e;
}

const image = { id: 1, width: 100, height: 80 };
const ann = { id: 5, image_id: 1, category_id: 1, bbox: [1, 2, 3, 4], area: 12, iscrowd: 0, segmentation: [[1, 2, 4, 2, 4, 6]] };
const gtText = (over: object = {}) => JSON.stringify({ images: [image], categories: [{ id: 1, name: 'person' }], annotations: [ann], ...over });

describe('instances file', () => {
  it('loads the fixture with its gapped category ids and all three segmentation forms', () => {
    const gt = loadCocoGroundTruth(FIXTURE);
    expect(gt.images.map((i) => i.id)).toEqual([1, 2, 7, 12]);
    expect(gt.annotations).toHaveLength(21);
    expect(gt.annotations.find((a) => a.id === 104)).toMatchObject({ iscrowd: true, area: 6400, segmentation: { kind: 'rle', size: [480, 640] } });
  });

  it('says what is wrong with a malformed or wrong-kind file', () => {
    usageError(() => parseCocoGroundTruth('{"images": [', 'a.json'), /^a\.json: malformed JSON/);
    usageError(() => parseCocoGroundTruth('[1, 2]', 'a.json'), /not a COCO annotations object/);
    const captions = { images: [image], annotations: [{ id: 1, image_id: 1, caption: 'a dog' }] };
    usageError(() => parseCocoGroundTruth(JSON.stringify(captions), 'captions_val2017.json'), /is a COCO captions file, not an instances/);
    const keypoints = { images: [image], categories: [{ id: 1, name: 'person', keypoints: ['nose'] }], annotations: [{ ...ann, keypoints: [1, 2, 2], num_keypoints: 1 }] };
    usageError(() => parseCocoGroundTruth(JSON.stringify(keypoints), 'k.json'), /is a COCO person keypoints file/);
    usageError(() => parseCocoGroundTruth(JSON.stringify({ images: [image], annotations: [] }), 'x.json'), /has no 'categories' list/);
  });

  it('names the entry and the field that is missing or wrong', () => {
    const { bbox: _b, ...noBox } = ann;
    usageError(() => parseCocoGroundTruth(gtText({ annotations: [noBox] })), /annotations\[0\] \(id 5\) has no 'bbox'/);
    usageError(() => parseCocoGroundTruth(gtText({ annotations: [{ ...ann, area: 'big' }] })), /'area' is "big", expected a number/);
    usageError(() => parseCocoGroundTruth(gtText({ images: [{ id: 1, width: 100 }] })), /images\[0\] has no 'height'/);
    usageError(() => parseCocoGroundTruth(gtText({ annotations: [{ ...ann, image_id: 9 }] })), /refers to image_id 9, which is not in 'images'/);
    usageError(() => parseCocoGroundTruth(gtText({ annotations: [{ ...ann, category_id: 2 }] })), /category_id 2, which is not in 'categories'/);
    usageError(() => parseCocoGroundTruth(gtText({ annotations: [ann, ann] })), /repeats annotation id 5/);
    usageError(() => parseCocoGroundTruth(gtText({ annotations: [{ ...ann, segmentation: { size: [80, 100], counts: 7 } }] })), /neither an RLE string nor a list/);
  });
});

describe('category spaces', () => {
  it('maps the Zoo models’ 80 contiguous labels to COCO ids and back', () => {
    // COCO ids skip 12, 26, 29, 30, 45, 66, 68, 69, 71, 83: label 12 (stop sign) is id 13, label 80 (toothbrush) id 90
    expect(categoryIdOfLabel(1, 'coco80')).toBe(1);
    expect(categoryIdOfLabel(12, 'coco80')).toBe(13);
    expect(categoryIdOfLabel(80, 'coco80')).toBe(90);
    expect(labelOfCategoryId(90, 'coco80')).toBe(80);
    expect(labelOfCategoryId(13, 'coco91')).toBe(13);
    expect(labelOfCategoryId(12, 'coco91')).toBeUndefined();
    expect(() => categoryIdOfLabel(81, 'coco80')).toThrow(/outside the 80 contiguous COCO classes/);
    expect(() => categoryIdOfLabel(12, 'coco91')).toThrow(/not a COCO category id/);
  });

  it('rejects annotations with categories a COCO model cannot produce', () => {
    checkModelCategories(loadCocoGroundTruth(FIXTURE).categories, 'fixture'); // COCO ids and names: passes
    usageError(() => checkModelCategories([{ id: 12, name: 'street sign' }], 'a.json'), /category 12 'street sign' is not one of the 80 COCO categories/);
    usageError(() => checkModelCategories([{ id: 95, name: 'robot' }], 'a.json'), /category 95/);
    // renumbered 1..80: id 12 named 'stop sign' (COCO's 12 is a gap; its stop sign is 13) — and id 13 named 'parking meter'
    usageError(() => checkModelCategories([{ id: 13, name: 'parking meter' }], 'a.json'), /category 13 is 'parking meter' but the model's category 13 is 'stop sign'/);
  });
});

describe('results file', () => {
  const gt = loadCocoGroundTruth(FIXTURE);
  const dets = fixtureDetections(gt);

  it('round-trips through a file written atomically', () => {
    const path = join(dir, 'detections.json');
    writeCocoResults(path, dets);
    expect(loadCocoResults(path, gt)).toEqual(dets);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(JSON.parse(readFileSync(path, 'utf8'))[0]).toEqual(dets[0]);
  });

  it('builds a result from a corner box and a row-major full-image mask', () => {
    const mask = { data: Uint8Array.from([0, 1, 1, 0, 0, 1, 0, 0, 1, 1, 0, 1]), height: 3, width: 4 };
    expect(toCocoResult({ imageId: 7, categoryId: 90, box: [1.5, 2, 4, 7.25], score: 0.5, mask })).toEqual({
      image_id: 7,
      category_id: 90,
      bbox: [1.5, 2, 2.5, 5.25],
      score: 0.5,
      segmentation: { size: [3, 4], counts: '254L' }, // pycocotools mask.encode of the same mask
    });
  });

  it('rejects predictions that do not belong to the ground truth', () => {
    const one = (over: object) => JSON.stringify([{ ...dets[0], ...over }]);
    usageError(() => parseCocoResults(one({ image_id: 3 }), gt, 'r.json'), /results\[0\] has image_id 3, which is not an image of/);
    // a category the ground truth does not list is kept (pycocotools' loadRes keeps it; COCOeval never scores it)
    expect(parseCocoResults(one({ category_id: 2 }), gt, 'r.json')[0]!.category_id).toBe(2);
    usageError(() => parseCocoResults(one({ segmentation: { size: [100, 100], counts: '0' } }), gt, 'r.json'), /a 100×100 mask for image 1, which is 480×640/);
    usageError(() => parseCocoResults(one({ segmentation: { size: [480, 640], counts: 'PeQ3' } }), gt, 'r.json'), /segmentation: .*counts sum to/);
  });

  it('rejects files that are not results lists', () => {
    usageError(() => parseCocoResults('{"annotations": []}', gt, 'r.json'), /is not a COCO results list/);
    usageError(() => parseCocoResults('[{"image_id": 1,', gt, 'r.json'), /malformed JSON/);
    usageError(() => parseCocoResults(JSON.stringify([{ image_id: 1, category_id: 1, bbox: [1, 2, 3, 4] }]), gt, 'r.json'), /'score' is undefined/);
    usageError(() => parseCocoResults(JSON.stringify([{ image_id: 1, category_id: 1, score: 0.5 }]), gt, 'r.json'), /neither a 'bbox' nor a 'segmentation'/);
    const { bbox: _b, ...noBox } = dets[1]!;
    usageError(() => parseCocoResults(JSON.stringify([dets[0], noBox]), gt, 'r.json'), /1 of 2 results have a bbox/);
  });
});

describe('score step', () => {
  const gt = loadCocoGroundTruth(FIXTURE);

  it('rescores saved predictions to pycocotools’ stats (see coco-eval.test.ts for their origin)', () => {
    const path = join(dir, 'saved.json');
    writeCocoResults(path, fixtureDetections(gt));
    const [bbox, segm] = scoreCoco({ annotationsPath: FIXTURE, resultsPath: path, iouTypes: ['bbox', 'segm'] });
    expect(bbox!.stats.AP).toBeCloseTo(0.6595141535813543, 10);
    expect(segm!.stats.AP).toBeCloseTo(0.5317269453771105, 10);
  });

  it('fails with one line, before scoring, on predictions for another set', () => {
    const path = join(dir, 'other.json');
    writeCocoResults(path, [{ image_id: 139, category_id: 1, bbox: [1, 2, 3, 4], score: 0.5 }]);
    usageError(() => scoreCoco({ annotationsPath: FIXTURE, resultsPath: path, iouTypes: ['bbox'] }), /has image_id 139, which is not an image of/);
  });

  it('names the annotation whose polygon cannot be rasterised for segm, and still scores bbox', () => {
    const gtPath = join(dir, 'degenerate.json');
    const doc = JSON.parse(readFileSync(FIXTURE, 'utf8'));
    doc.annotations[0].segmentation = [[1, 2]];
    writeFileSync(gtPath, JSON.stringify(doc));
    const path = join(dir, 'for-degenerate.json');
    writeCocoResults(path, fixtureDetections(gt));
    expect(scoreCoco({ annotationsPath: gtPath, resultsPath: path, iouTypes: ['bbox'] })[0]!.stats.AP).toBeCloseTo(0.6595141535813543, 10);
    usageError(() => scoreCoco({ annotationsPath: gtPath, resultsPath: path, iouTypes: ['segm'] }), /annotation 101: a polygon segmentation starts with a polygon of 2 numbers/);
  });

  it('cannot score segm from box-only predictions', () => {
    const path = join(dir, 'boxes.json');
    writeCocoResults(path, [{ image_id: 1, category_id: 1, bbox: [1, 2, 3, 4], score: 0.5 }]);
    usageError(() => scoreCoco({ annotationsPath: FIXTURE, resultsPath: path, iouTypes: ['segm'] }), /has no segmentation, so it cannot be scored for segm/);
  });
});
