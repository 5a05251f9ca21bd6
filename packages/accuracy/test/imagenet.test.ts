import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imagenetPrediction, loadImagenetDataset, parseLabelsFile, scoreImagenet, topKIndices, type ImagenetPrediction } from '../src/index.ts';

const SYNSET = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'data', 'imagenet', 'synset.txt');
const dir = mkdtempSync(join(tmpdir(), 'accuracy-imagenet-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A tiny real image: a JPEG or PNG of one colour. */
async function image(path: string, rgb: [number, number, number]): Promise<void> {
  const s = sharp({ create: { width: 24, height: 16, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } });
  writeFileSync(path, await (path.endsWith('.png') ? s.png() : s.jpeg()).toBuffer());
}

// class 0 = n01440764 (tench), 1 = n01443537 (goldfish), 999 = n15075141 (toilet tissue) in synset.txt
const flat = join(dir, 'flat');
const folders = join(dir, 'folders');
beforeAll(async () => {
  mkdirSync(flat);
  await image(join(flat, 'ILSVRC2012_val_00000001.JPEG'), [200, 10, 10]);
  await image(join(flat, 'ILSVRC2012_val_00000002.JPEG'), [10, 200, 10]);
  await image(join(flat, 'ILSVRC2012_val_00000003.png'), [10, 10, 200]);
  writeFileSync(join(flat, 'val_map.txt'), 'ILSVRC2012_val_00000001.JPEG 0\nILSVRC2012_val_00000002.JPEG 999\r\nILSVRC2012_val_00000003.png 1\n\n');
  for (const [wnid, files] of [['n15075141', ['b.JPEG']], ['n01440764', ['z.JPEG', 'a.png']]] as const) {
    mkdirSync(join(folders, wnid), { recursive: true });
    for (const f of files) await image(join(folders, wnid, f), [99, 99, 99]);
    writeFileSync(join(folders, wnid, 'notes.txt'), 'not an image');
  }
});

describe('ImageNet data set layouts', () => {
  it('reads val_map.txt "file label" lines', () => {
    const ds = loadImagenetDataset(flat);
    expect(ds.layout).toBe('labels-file');
    expect(ds.labelsPath).toBe(join(flat, 'val_map.txt'));
    expect(ds.samples).toEqual([
      { file: 'ILSVRC2012_val_00000001.JPEG', label: 0 },
      { file: 'ILSVRC2012_val_00000002.JPEG', label: 999 },
      { file: 'ILSVRC2012_val_00000003.png', label: 1 },
    ]);
    expect(ds.groundTruthSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads one folder per synset with synset.txt indices, in ImageFolder order', () => {
    const ds = loadImagenetDataset(folders, { synsetFile: SYNSET });
    expect(ds.layout).toBe('synset-folders');
    expect(ds.samples).toEqual([
      { file: 'n01440764/a.png', label: 0 },
      { file: 'n01440764/z.JPEG', label: 0 },
      { file: 'n15075141/b.JPEG', label: 999 },
    ]);
  });

  it('gives the same ground-truth digest for the same files and labels, another for other labels', () => {
    const a = loadImagenetDataset(flat).groundTruthSha256;
    const other = join(dir, 'other-labels.txt');
    writeFileSync(other, 'ILSVRC2012_val_00000001.JPEG 0\nILSVRC2012_val_00000002.JPEG 998\nILSVRC2012_val_00000003.png 1\n');
    expect(loadImagenetDataset(flat, { labelsFile: other }).groundTruthSha256).not.toBe(a);
    expect(loadImagenetDataset(flat).groundTruthSha256).toBe(a);
  });

  it('refuses a missing, empty or unlabelled folder, missing images, unknown synsets and bad lines — one line each', () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    const unlabelled = join(dir, 'unlabelled');
    mkdirSync(unlabelled);
    writeFileSync(join(unlabelled, 'x.JPEG'), 'x');
    const missing = join(dir, 'missing-images');
    mkdirSync(missing);
    writeFileSync(join(missing, 'x.JPEG'), 'x');
    writeFileSync(join(missing, 'val.txt'), 'x.JPEG 3\ny.JPEG 4\nsub/z.JPEG 5\n');
    const unknown = join(dir, 'unknown-synset');
    mkdirSync(join(unknown, 'n99999999'), { recursive: true });
    const cases: [() => unknown, RegExp, RegExp][] = [
      [() => loadImagenetDataset(join(dir, 'nope')), /nope: no such folder/, /folder of the validation images/],
      [() => loadImagenetDataset(empty), /empty is empty/, /ImageNet validation images/],
      [() => loadImagenetDataset(unlabelled), /holds 1 images but no val_map\.txt or val\.txt/, /--labels FILE/],
      [() => loadImagenetDataset(missing), /val\.txt names 2 images that are not in .*missing-images \(first: y\.JPEG\)/, /copy the missing images/],
      [() => loadImagenetDataset(unknown, { synsetFile: SYNSET }), /folder n99999999 is not a synset/, /WordNet id/],
      [() => loadImagenetDataset(folders), /one folder per synset, but no synset list/, /--synsets/],
      [() => loadImagenetDataset(flat, { labelsFile: join(dir, 'none.txt') }), /none\.txt: no such file/, /--labels/],
    ];
    for (const [run, message, hint] of cases) {
      expect(run).toThrow(expect.objectContaining({ code: 'BAD_INPUT', exitCode: 2, message: expect.stringMatching(message), hint: expect.stringMatching(hint) }));
    }
    expect(() => parseLabelsFile('a.JPEG 1000\n', 'val.txt', 1000)).toThrow(/val\.txt line 1: label 1000 is outside 0\.\.999/);
    expect(() => parseLabelsFile('a.JPEG\n', 'val.txt', 1000)).toThrow(/val\.txt line 1: expected 'file label'/);
    expect(() => parseLabelsFile('a.JPEG 1\na.JPEG 2\n', 'val.txt', 1000)).toThrow(/line 2: a\.JPEG is listed twice/);
  });
});

describe('top-k and accuracy', () => {
  it('orders as torch.topk: largest first, NaN largest, ties by lower index', () => {
    expect(topKIndices([0.1, 0.5, 0.5, 0.2, 0.9], 3)).toEqual([4, 1, 2]);
    expect(topKIndices([1, 1, 1, 1], 2)).toEqual([0, 1]);
    expect(topKIndices([1, NaN, 3, NaN], 3)).toEqual([1, 3, 2]);
    expect(topKIndices([2, 1], 5)).toEqual([0, 1]);
    // a row of a batch: classes 3 from offset 3 of [9,9,9, 1,7,3]
    expect(topKIndices([9, 9, 9, 1, 7, 3], 2, 3, 3)).toEqual([1, 2]);
    expect(imagenetPrediction('a', [0.25, 2, -1], 2)).toEqual({ file: 'a', topk: [1, 0], logits: [2, 0.25] });
  });

  it('counts top-1 and top-5 over the samples, worked by hand', () => {
    const samples = [
      { file: 'a', label: 0 },
      { file: 'b', label: 1 },
      { file: 'c', label: 999 },
      { file: 'd', label: 1 },
    ];
    const p = (file: string, topk: number[]): [string, ImagenetPrediction] => [file, { file, topk, logits: [] }];
    // a: top-1; b: 2nd → top-5 only; c: top-1; d: 6th → neither. top-1 2/4, top-5 3/4
    const preds = new Map([p('a', [0, 3, 4, 5, 6]), p('b', [5, 1, 2, 3, 4]), p('c', [999, 0, 1, 2, 3]), p('d', [2, 3, 4, 5, 6, 1])]);
    expect(scoreImagenet(samples, preds)).toEqual({ top1: 50, top5: 75, count: 4, top1Correct: 2, top5Correct: 3 });
  });

  it('refuses predictions of other images and samples left unpredicted', () => {
    const samples = [{ file: 'a', label: 0 }, { file: 'b', label: 1 }];
    const one = { file: 'a', topk: [0], logits: [] };
    expect(() => scoreImagenet(samples, new Map([['a', one], ['zz', { ...one, file: 'zz' }]]), 'p.jsonl')).toThrow(/p\.jsonl: 1 predictions are for images not in the data set \(first: zz\)/);
    expect(() => scoreImagenet(samples, new Map([['a', one]]), 'p.jsonl')).toThrow(/1 of 2 images have no prediction \(first: b\)/);
  });
});
