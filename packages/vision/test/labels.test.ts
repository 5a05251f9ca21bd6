import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  COCO_80_TO_91,
  COCO_CLASSES_FILE,
  cocoCategories91,
  FIXTURES_DIR,
  IMAGENET_SYNSET_FILE,
  labelName,
  loadCocoClasses,
  loadImagenetClasses,
  parseImagenetSynset,
} from '../src/index.ts';

// torchvision's COCO category list for its detection models (_COCO_CATEGORIES / COCO_INSTANCE_CATEGORY_NAMES).
const TORCHVISION_COCO_91 = [
  '__background__', 'person', 'bicycle', 'car', 'motorcycle', 'airplane', 'bus', 'train', 'truck', 'boat',
  'traffic light', 'fire hydrant', 'N/A', 'stop sign', 'parking meter', 'bench', 'bird', 'cat', 'dog', 'horse',
  'sheep', 'cow', 'elephant', 'bear', 'zebra', 'giraffe', 'N/A', 'backpack', 'umbrella', 'N/A', 'N/A', 'handbag', 'tie',
  'suitcase', 'frisbee', 'skis', 'snowboard', 'sports ball', 'kite', 'baseball bat', 'baseball glove', 'skateboard',
  'surfboard', 'tennis racket', 'bottle', 'N/A', 'wine glass', 'cup', 'fork', 'knife', 'spoon', 'bowl', 'banana',
  'apple', 'sandwich', 'orange', 'broccoli', 'carrot', 'hot dog', 'pizza', 'donut', 'cake', 'chair', 'couch',
  'potted plant', 'bed', 'N/A', 'dining table', 'N/A', 'N/A', 'toilet', 'N/A', 'tv', 'laptop', 'mouse', 'remote',
  'keyboard', 'cell phone', 'microwave', 'oven', 'toaster', 'sink', 'refrigerator', 'N/A', 'book', 'clock', 'vase',
  'scissors', 'teddy bear', 'hair drier', 'toothbrush',
];

describe('label lists', () => {
  it('loads the 1000 ImageNet classes: index i is line i+1', () => {
    const c = loadImagenetClasses(IMAGENET_SYNSET_FILE);
    expect(c.length).toBe(1000);
    expect(c[0]).toEqual({ index: 0, wnid: 'n01440764', names: 'tench, Tinca tinca', name: 'tench' });
    expect(c[281]?.name).toBe('tabby');
    expect(c[652]?.name).toBe('military uniform');
    expect(c[999]?.name).toBe('toilet tissue');
  });

  it('refuses a synset file of the wrong length or shape', () => {
    expect(() => parseImagenetSynset('n01440764 tench\n')).toThrow(/expected 1000 ImageNet classes, found 1/);
    const bad = Array.from({ length: 1000 }, (_, i) => (i === 7 ? 'garbage' : `n0000000${i % 10} x`)).join('\n');
    expect(() => parseImagenetSynset(bad)).toThrow(/line 8/);
    expect(() => loadImagenetClasses('/no/such/synset.txt')).toThrow(/cannot read/);
  });

  it('maps the Zoo\'s 80 COCO classes onto torchvision\'s 91 category ids', () => {
    const zoo = loadCocoClasses(COCO_CLASSES_FILE);
    expect(zoo.length).toBe(81);
    expect(zoo[1]).toBe('person');
    expect(COCO_80_TO_91.length).toBe(80);
    expect(COCO_80_TO_91[79]).toBe(90);
    expect(cocoCategories91(zoo)).toEqual(TORCHVISION_COCO_91);
    // the same class under both conventions
    expect(labelName(cocoCategories91(zoo), COCO_80_TO_91[11] as number)).toBe(zoo[12]);
    expect(labelName(zoo, 500)).toBe('class 500');
  });
});

describe('fixtures', () => {
  it('are the files NOTICE.md lists, byte for byte', () => {
    const notice = readFileSync(join(FIXTURES_DIR, 'NOTICE.md'), 'utf8');
    const rows = [...notice.matchAll(/^\| ([\w./]+) \| ([0-9a-f]{64}) \|/gm)];
    expect(rows.length).toBe(9);
    for (const [, file, sha] of rows) {
      const actual = createHash('sha256').update(readFileSync(join(FIXTURES_DIR, file as string))).digest('hex');
      expect(actual, file).toBe(sha);
    }
  });
});
