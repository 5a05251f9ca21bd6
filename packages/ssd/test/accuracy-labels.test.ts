/**
 * Label spaces in `ssd accuracy` (issue #21): a torchvision-style 91-id export whose detections carry torchvision's
 * unused "N/A" ids is scored (those detections match no ground truth, as in pycocotools, instead of aborting the run);
 * a --category-map file maps a model's labels to an annotations file with its own category numbering and names.
 * Worked values: the tiny set of accuracy-set.ts (dog IoU 0.636 on every image, person exact on each image and one
 * person of image 3 missed; all small).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cocoCategoryNames } from '@modelbench/accuracy';
import { cli } from './cli.ts';
import { instances, printedStats, writeCocoSet } from './accuracy-set.ts';
import { torchvisionDetector, zooDetector } from './signature-models.ts';

const dir = mkdtempSync(join(tmpdir(), 'mb-ssd-labels-'));
const cache = join(dir, 'cache');
const data = join(dir, 'coco');
const renumbered = join(dir, 'coco-renumbered');
let annotations = '';

beforeAll(async () => {
  annotations = await writeCocoSet(data);
  // the same set with its own numbering: person 1, dog 2 (instead of COCO's 18), and names of its own for neither
  const json = instances();
  json.annotations = json.annotations.map((a) => (a.category_id === 18 ? { ...a, category_id: 2 } : a));
  json.categories = [{ id: 1, name: 'person' }, { id: 2, name: 'dog' }];
  await writeCocoSet(renumbered, json);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pct = (v: number): number => Number((100 * v).toFixed(3));
const P = 76 / 101; // person: precision 1 up to recall 3/4 at every IoU threshold → 76 of the 101 recall points
const both = (s: Record<string, number>): Record<string, number[]> => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, [v, v]]));

describe('ssd accuracy: label spaces', { timeout: 240_000 }, () => {
  it("scores a torchvision 91-id export whose dog detections carry the N/A id 83: they match nothing, the dog's AP is 0", () => {
    const model = join(dir, 'na.onnx');
    writeFileSync(model, torchvisionDetector({ labels: [83, 1] }));
    const out = join(dir, 'out-na');
    const r = cli(['accuracy', '--model', model, '--dataset', data, '--out-dir', out], cache);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^labels: coco91 \(torchvision's 91 ids; N\/A ids match no category\)$/m);
    // dog: 3 ground truths, no detection → precision 0 at every recall point and recall 0; person as worked above
    const stats = printedStats(r.stdout, 'bbox');
    const half = pct(P / 2);
    // two columns: fp32 and the second fp32 session (no --bf16)
    expect(stats).toEqual(both({ AP: half, AP50: half, AP75: half, APsmall: half, APmedium: -1, APlarge: -1, AR1: 37.5, AR10: 37.5, AR100: 37.5, ARsmall: 37.5, ARmedium: -1, ARlarge: -1 }));
    const results = JSON.parse(readFileSync(join(out, 'fp32', 'detections.json'), 'utf8')) as { category_id: number }[];
    expect(new Set(results.map((d) => d.category_id))).toEqual(new Set([1]));
  });

  it('--category-map with torchvision\'s category names (weights.meta["categories"]) scores a file numbered its own way', () => {
    const model = join(dir, 'tv.onnx');
    writeFileSync(model, torchvisionDetector());
    const map = join(dir, 'categories.json');
    writeFileSync(map, JSON.stringify(cocoCategoryNames())); // index = label: '__background__', 'person', …, 'N/A', …
    const out = join(dir, 'out-map');
    const r = cli(['accuracy', '--model', model, '--dataset', renumbered, '--category-map', map, '--out-dir', out], cache);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    // the same detections on the same boxes as the COCO-numbered set: dog AP 0.3 (IoU 0.636), person 76/101
    const s = printedStats(r.stdout, 'bbox');
    expect(s.AP).toEqual([pct((0.3 + P) / 2), pct((0.3 + P) / 2)]);
    expect(s.AP50).toEqual([pct((1 + P) / 2), pct((1 + P) / 2)]);
    expect(s.AR100).toEqual([52.5, 52.5]);
    const results = JSON.parse(readFileSync(join(out, 'fp32', 'detections.json'), 'utf8')) as { category_id: number }[];
    expect(new Set(results.map((d) => d.category_id))).toEqual(new Set([1, 2]));
    const manifest = JSON.parse(readFileSync(join(out, 'fp32', 'manifest.json'), 'utf8')) as { flags: Record<string, unknown> };
    expect(manifest.flags['category-map']).toBe(map);
  });

  it('refuses --category-map with a Model Zoo export (its adapter maps 1..80 itself): one line, exit 2, nothing written', () => {
    const model = join(dir, 'zoo.onnx');
    writeFileSync(model, zooDetector());
    const out = join(dir, 'out-zoo');
    const r = cli(['accuracy', '--model', model, '--annotations', annotations, '--images', join(data, 'val2017'), '--category-map', 'coco80', '--out-dir', out], cache);
    expect(r.status).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^error \[USAGE\]: --category-map coco80 with a Model Zoo export \(zoo-ssd\)/);
    expect(lines.slice(1).every((l) => l.startsWith('  fix: '))).toBe(true);
    expect(existsSync(out)).toBe(false);
  });
});
