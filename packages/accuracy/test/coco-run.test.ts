// What a COCO accuracy run adds to the scoring: an image's detections as its record (threshold, cap, categories),
// the detections lost and gained between fp32 and the candidate, scoring a subset of the images (params.imgIds), and
// the data set on disk. Expected values are worked by hand in the comments.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BenchError } from '@modelbench/core';
import { parseCocoGroundTruth } from '../src/coco/annotations.ts';
import { cocoChanges } from '../src/coco/changes.ts';
import { evaluateCoco } from '../src/coco/coco-eval.ts';
import { annotatedPhotoDataset } from '@modelbench/vision';
import { cocoImageSet, loadCocoDataset } from '../src/coco/dataset.ts';
import { cocoImageRecord } from '../src/coco/image-record.ts';
import type { CocoResult } from '../src/coco/results.ts';

const dir = mkdtempSync(join(tmpdir(), 'coco-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function badInput(fn: () => unknown, pattern: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(BenchError);
  expect((caught as BenchError).exitCode).toBe(2);
  expect((caught as BenchError).message).toMatch(pattern);
  expect((caught as BenchError).hint).toBeTruthy();
}

describe('an image record', () => {
  const image = { id: 7, width: 4, height: 2 };
  const det = (classId: number, score: number, x = 0) => ({ box: [x, 0, x + 2, 2], classId, score });

  it('keeps scores strictly above the threshold, the best N by score (ties in model order), known categories only', () => {
    const dets = [det(1, 0.05), det(18, 0.9, 1), det(1, 0.3), det(3, 0.95), det(18, 0.3, 2), det(1, 0.06)];
    const r = cocoImageRecord(image, dets, { scoreThreshold: 0.05, maxDetections: 4, categoryIds: new Set([1, 18]) });
    // above 0.05: 0.9, 0.3, 0.95, 0.3, 0.06 → best 4: 0.95 (cat 3), 0.9, 0.3 (index 2), 0.3 (index 4) → cat 3 dropped
    expect(r.image_id).toBe(7);
    expect(r.results.map((x) => [x.category_id, x.score, x.bbox])).toEqual([
      [18, 0.9, [1, 0, 2, 2]],
      [1, 0.3, [0, 0, 2, 2]],
      [18, 0.3, [2, 0, 2, 2]],
    ]);
  });

  it("encodes a mask as compressed RLE of the whole image; drops torchvision's N/A labels and refuses one past 90", () => {
    // 4×2 mask, row-major [1 1 0 0 / 0 1 0 0] → column-major 1,0,1,1,0,0,0,0 → runs (from a run of 0s) 0,1,1,2,4;
    // maskApi's rleToString codes counts from the fourth on as the difference to the count two before (2-1, 4-1),
    // each small value one character '0' + value: "0", "1", "1", "1", "3"
    const mask = Uint8Array.from([1, 1, 0, 0, 0, 1, 0, 0]);
    const r = cocoImageRecord(image, [{ ...det(1, 0.9), mask }], { scoreThreshold: 0, maxDetections: 10, categoryIds: new Set([1]) });
    expect(r.results[0]!.segmentation).toEqual({ size: [2, 4], counts: '01113' });
    // 12 is one of torchvision's unused N/A ids: no COCO annotations list it, so it matches nothing (coco-labels.test.ts)
    expect(cocoImageRecord(image, [det(12, 0.9)], { scoreThreshold: 0, maxDetections: 10, categoryIds: new Set([1]) }).results).toEqual([]);
    expect(() => cocoImageRecord(image, [det(91, 0.9)], { scoreThreshold: 0, maxDetections: 10, categoryIds: new Set([1]) })).toThrow(/label 91 is outside torchvision's 91-class COCO label space/);
  });
});

describe('changed detections', () => {
  const res = (image_id: number, category_id: number, bbox: [number, number, number, number], score: number): CocoResult => ({ image_id, category_id, bbox, score });
  const images = [
    { id: 1, fileName: 'a.jpg' },
    { id: 2, fileName: 'b.jpg' },
  ];

  it('lists per image the detections ≥ minScore left unmatched by category and IoU ≥ 0.5: lost and gained', () => {
    const reference = [res(1, 18, [0, 0, 10, 10], 0.9), res(1, 1, [20, 0, 10, 10], 0.8), res(2, 1, [0, 0, 10, 10], 0.7), res(2, 3, [50, 50, 5, 5], 0.2)];
    const candidate = [
      res(1, 18, [0, 0, 10, 8], 0.85), // IoU 80/100 with the reference dog: matched
      res(1, 1, [25, 0, 10, 10], 0.8), // IoU 50/150 = 0.33 with the reference person: not matched
      res(2, 18, [0, 0, 10, 10], 0.7), // same box as image 2's person but another category
      res(2, 3, [50, 50, 5, 5], 0.4), // below minScore: ignored, as the reference's 0.2
    ];
    expect(cocoChanges(images, reference, candidate, { minScore: 0.5, iou: 0.5 })).toEqual([
      { image_id: 1, file: 'a.jpg', reference: 2, candidate: 2, lost: [{ category_id: 1, score: 0.8, bbox: [20, 0, 10, 10] }], gained: [{ category_id: 1, score: 0.8, bbox: [25, 0, 10, 10] }] },
      { image_id: 2, file: 'b.jpg', reference: 1, candidate: 1, lost: [{ category_id: 1, score: 0.7, bbox: [0, 0, 10, 10] }], gained: [{ category_id: 18, score: 0.7, bbox: [0, 0, 10, 10] }] },
    ]);
    expect(cocoChanges(images, reference, reference)).toEqual([]);
  });
});

describe('scoring a subset of the images (params.imgIds)', () => {
  // two images, one person each; the detections find image 1's exactly and miss image 2's
  const gt = parseCocoGroundTruth(
    JSON.stringify({
      images: [
        { id: 1, width: 100, height: 100, file_name: 'a.jpg' },
        { id: 2, width: 100, height: 100, file_name: 'b.jpg' },
      ],
      categories: [{ id: 1, name: 'person' }],
      annotations: [
        { id: 1, image_id: 1, category_id: 1, bbox: [10, 10, 50, 50], area: 2500, iscrowd: 0 },
        { id: 2, image_id: 2, category_id: 1, bbox: [10, 10, 50, 50], area: 2500, iscrowd: 0 },
      ],
    }),
  );
  const found: CocoResult[] = [{ image_id: 1, category_id: 1, bbox: [10, 10, 50, 50], score: 0.9 }];

  it('evaluates only the images given: recall 1 of image 1 alone, 1/2 over both', () => {
    // both images: precision 1 up to recall 1/2, 51 of 101 recall points; image 1 alone: AP 1 (within COCOeval's
    // tp / (tp + fp + eps))
    expect(evaluateCoco(gt, found, 'bbox').stats.AP).toBeCloseTo(51 / 101, 12);
    expect(evaluateCoco(gt, found, 'bbox', undefined, [1]).stats.AP).toBeCloseTo(1, 12);
    expect(evaluateCoco(gt, found, 'bbox', undefined, [1]).imageIds).toEqual([1]);
    // image 2 alone: its detection-less ground truth gives AP 0; image 1's detection is not counted against it
    expect(evaluateCoco(gt, found, 'bbox', undefined, [2]).stats.AP).toBe(0);
    badInput(() => evaluateCoco(gt, found, 'bbox', undefined, [3]), /image id 3 is not an image of the annotations/);
  });
});

describe('a COCO data set on disk', () => {
  const pngHeader32x24 = Buffer.from('89504e470d0a1a0a0000000d4948445200000020000000180806000000', 'hex'); // IHDR of a 32×24 PNG
  const instances = (files: string[]) =>
    JSON.stringify({ images: files.map((f, i) => ({ id: i + 1, width: 32, height: 24, file_name: f })), categories: [{ id: 1, name: 'person' }], annotations: [] });

  function layout(name: string, files: string[], imagesFolder = 'val2017'): string {
    const root = join(dir, name);
    mkdirSync(join(root, 'annotations'), { recursive: true });
    mkdirSync(join(root, imagesFolder), { recursive: true });
    writeFileSync(join(root, 'annotations', 'instances_val2017.json'), instances(files));
    for (const f of files) writeFileSync(join(root, imagesFolder, f), pngHeader32x24);
    return root;
  }

  it('finds annotations/instances_val2017.json and val2017/ (or images/), or takes --annotations and --images', () => {
    const a = layout('coco-a', ['1.png', '2.png']);
    const ds = loadCocoDataset({ dataset: a });
    expect(ds.imagesDir).toBe(join(a, 'val2017'));
    expect(ds.images.map((i) => i.fileName)).toEqual(['1.png', '2.png']);
    const b = layout('coco-b', ['1.png'], 'images');
    expect(loadCocoDataset({ dataset: b }).imagesDir).toBe(join(b, 'images'));
    expect(loadCocoDataset({ annotations: join(b, 'annotations', 'instances_val2017.json'), images: join(b, 'images') }).images).toHaveLength(1);
    // the instances file itself as --dataset: images beside its annotations/ folder, as COCO lays them out
    expect(loadCocoDataset({ dataset: join(a, 'annotations', 'instances_val2017.json') }).imagesDir).toBe(join(a, 'val2017'));
  });

  it('refuses a missing folder and two instances files', () => {
    badInput(() => loadCocoDataset({ dataset: join(dir, 'nowhere') }), /no such file or folder/);
    const two = layout('coco-two', ['1.png']);
    writeFileSync(join(two, 'annotations', 'instances_train2017.json'), instances([]));
    badInput(() => loadCocoDataset({ dataset: two }), /holds 2 instances files \(instances_train2017\.json, instances_val2017\.json\)/);
  });

  it('reads no image itself; the workload side (vision annotatedPhotoDataset over cocoImageSet) refuses a missing image or a file that is not one, before any model work', () => {
    const gone = layout('coco-gone', ['1.png', '2.png', '3.png', '4.png', '5.png']);
    for (const f of ['2.png', '3.png', '4.png', '5.png']) rmSync(join(gone, 'val2017', f));
    const goneSet = loadCocoDataset({ dataset: gone }); // annotations and folder only: the scoring side
    expect(cocoImageSet(goneSet)).toMatchObject({ imagesDir: join(gone, 'val2017'), source: expect.stringContaining('instances_val2017.json'), identity: { total: 5 } });
    badInput(() => annotatedPhotoDataset(cocoImageSet(goneSet)), /4 of 5 images named by \S+ are missing from \S+ \(2\.png, 3\.png, 4\.png, …\)/);
    const text = layout('coco-text', ['1.png']);
    writeFileSync(join(text, 'val2017', '1.png'), 'not an image');
    const textSet = loadCocoDataset({ dataset: text });
    badInput(() => annotatedPhotoDataset(cocoImageSet(textSet)), /1\.png \(image 1 of \S+\) is not an image/);
  });
});
