/**
 * `maskrcnn accuracy` on a tiny COCO set with masks written by the test (accuracy-set.ts) and the small signature
 * models: the 12 bbox and the 12 segm statistics for fp32 and bf16 against values worked out by hand, the masks as
 * RLE in the results, PASS/FAIL by the 99 % rule with the lost detections, the results rescored by `score`, bad
 * input (exit 2, nothing written). One run on the synthetic Mask R-CNN checks the real graph end to end.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cocoCategoryNames, rleDecode, rleFromString } from '@modelbench/accuracy';
import { COCO_80_TO_91 } from '@modelbench/vision';
import { cli, root, syntheticCache } from './cli.ts';
import { instances, printedStats, writeCocoSet, WHITE } from './accuracy-set.ts';
import { torchvisionInstanceModel, zooInstanceModel } from './signature-models.ts';

const dir = mkdtempSync(join(tmpdir(), 'mb-maskrcnn-acc-'));
const cache = join(dir, 'cache');
const data = join(dir, 'coco');
const tv = join(dir, 'tv.onnx');
const fragile = join(dir, 'fragile.onnx');
const zoo = join(dir, 'zoo.onnx');

beforeAll(async () => {
  await writeCocoSet(data);
  writeFileSync(tv, torchvisionInstanceModel());
  writeFileSync(fragile, torchvisionInstanceModel({ fragile: true }));
  writeFileSync(zoo, zooInstanceModel());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pct = (v: number): number => Number((100 * v).toFixed(3));
/**
 * Worked by hand. Each image has one dog and one person detection. Boxes are exact, so bbox: dog 2 true positives of
 * 3 ground truths (image 2's second dog is missed) at every IoU threshold — precision 1 up to recall 2/3, 67 of the
 * 101 recall points: AP 67/101, recall 2/3; person 2 of 2: AP 1, recall 1. Dogs are small, persons medium.
 * segm: the dog's mask IoU is 0.636, so the dogs are true positives at 0.50–0.60 only (AP 67/101 there, 0 above:
 * AP 0.3·67/101, AP50 67/101, AP75 0, recall 0.3·2/3 = 0.2); the person's mask is exact (AP 1, recall 1).
 */
const D = 67 / 101;
const BBOX = { AP: pct((D + 1) / 2), AP50: pct((D + 1) / 2), AP75: pct((D + 1) / 2), APsmall: pct(D), APmedium: 100, APlarge: -1, AR1: pct((2 / 3 + 1) / 2), AR10: pct((2 / 3 + 1) / 2), AR100: pct((2 / 3 + 1) / 2), ARsmall: pct(2 / 3), ARmedium: 100, ARlarge: -1 };
const SEGM = { AP: pct((0.3 * D + 1) / 2), AP50: pct((D + 1) / 2), AP75: 50, APsmall: pct(0.3 * D), APmedium: 100, APlarge: -1, AR1: 60, AR10: 60, AR100: 60, ARsmall: 20, ARmedium: 100, ARlarge: -1 };
const both = (s: Record<string, number>): Record<string, number[]> => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, [v, v]]));

interface Result {
  image_id: number;
  category_id: number;
  bbox: number[];
  score: number;
  segmentation: { size: [number, number]; counts: string };
}

describe('maskrcnn accuracy command line', { timeout: 240_000 }, () => {
  it('prints the 12 bbox and 12 segm stats for fp32 and bf16 as worked by hand, PASS, rescored alike', () => {
    const out = join(dir, 'out');
    const r = cli(['accuracy', '--model', tv, '--dataset', data, '--bf16', '--out-dir', out], cache);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(printedStats(r.stdout, 'bbox')).toEqual(both(BBOX));
    expect(printedStats(r.stdout, 'segm')).toEqual(both(SEGM));
    expect(r.stdout).toMatch(/^PASS: bbox AP /m);
    expect(r.stdout).toMatch(/^PASS: segm AP /m);
    expect(r.stdout).toMatch(/^maskrcnn accuracy: PASS/m);

    // the masks are compressed RLE of the whole image: the dog's is the white rectangle, 26 × 14 pixels
    const candidateDir = /predictions and manifests: \S+, (\S+)$/m.exec(r.stdout)![1]!;
    const results = JSON.parse(readFileSync(join(candidateDir, 'detections.json'), 'utf8')) as Result[];
    expect(results).toHaveLength(4);
    const dog = results.find((d) => d.image_id === 2 && d.category_id === 18)!;
    expect(dog.segmentation.size).toEqual([60, 80]);
    const mask = rleDecode(rleFromString(dog.segmentation.counts, 60, 80));
    let inside = 0;
    let outside = 0;
    for (let x = 0; x < 80; x++) {
      for (let y = 0; y < 60; y++) {
        if (!mask[x * 60 + y]) continue; // column-major, as COCO's RLE
        if (x >= WHITE.x0 && x < WHITE.x1 && y >= WHITE.y0 && y < WHITE.y1) inside++;
        else outside++;
      }
    }
    expect([inside, outside]).toEqual([364, 0]);

    const s = spawnSync(join(root, 'node_modules/.bin/tsx'), [join(root, 'packages/accuracy/src/score/cli.ts'), candidateDir, '--reference', join(out, 'fp32')], { cwd: root, encoding: 'utf8' });
    expect(s.stderr).toBe('');
    expect(s.status).toBe(0);
    // the saved results rescored alone give the hand-worked figures again (not merely what the run printed)
    expect(printedStats(s.stdout, 'bbox')).toEqual(both(BBOX));
    expect(printedStats(s.stdout, 'segm')).toEqual(both(SEGM));
  });

  it('maps the Zoo MaskRCNN-12 labels (1..80) to COCO ids and pastes its 28×28 masks into the whole image', () => {
    // on the Zoo's input (BGR 0–255 minus the mean) the drawn black image scores ≈ 0.002: keep every instance
    const r = cli(['accuracy', '--model', zoo, '--dataset', data, '--limit', '1', '--score-threshold', '0', '--out-dir', join(dir, 'out-zoo')], cache);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/adapter zoo-maskrcnn/);
    const results = JSON.parse(readFileSync(join(dir, 'out-zoo', 'fp32', 'detections.json'), 'utf8')) as Result[];
    // labels 17 and 1: COCO's 17th category (dog, id 18) and person (id 1); image 1 is 64×48
    expect(results.map((d) => d.category_id).sort((a, b) => a - b)).toEqual([1, 18]);
    for (const d of results) expect(d.segmentation.size).toEqual([48, 64]);
    // mask 1 is 0.9 everywhere: pasted into its box, so its RLE covers the box's pixels and nothing outside
    const person = results.find((d) => d.category_id === 1)!;
    const mask = rleDecode(rleFromString(person.segmentation.counts, 48, 64));
    const [x, y, w, h] = person.bbox as [number, number, number, number];
    let outsideBox = 0;
    for (let px = 0; px < 64; px++) for (let py = 0; py < 48; py++) if (mask[px * 48 + py] && (px + 1 < x || px > x + w || py + 1 < y || py > y + h)) outsideBox++;
    expect(outsideBox).toBe(0);
    expect(mask.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });

  it('FAILs (exit 1) with the lost detections when bf16 pushes the scores under --score-threshold', () => {
    // the fragile model scores 0.993 in fp32 and 0.731 in bf16 (a weight of 2052 rounds to 2048)
    const r = cli(['accuracy', '--model', fragile, '--dataset', data, '--bf16', '--score-threshold', '0.8', '--out-dir', join(dir, 'out-fragile')], cache);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    expect(printedStats(r.stdout, 'segm').AP).toEqual([SEGM.AP, 0]);
    expect(r.stdout).toMatch(/^FAIL: bbox AP 0\.000 < 99\.0 % of fp32 83\.168/m);
    expect(r.stdout).toMatch(/^FAIL: segm AP 0\.000 < 99\.0 % of fp32 59\.950/m);
    expect(r.stdout).toMatch(/^2 images whose detections changed/m);
    expect(r.stdout).toMatch(/^ {2}a\.png \(image 1\): 2 → 0 detections; lost 2: dog 0\.993 \[4,6,26,22\], person 0\.993 \[20,12,40,32\]$/m);
  });
});

describe('maskrcnn accuracy on bad input: one line naming the problem and the fix, exit 2, nothing written', { timeout: 240_000 }, () => {
  const cases: [string, (d: string) => Promise<string[]>, RegExp][] = [
    ['annotations of the wrong kind (person keypoints)', async (d) => {
      const json = instances();
      await writeCocoSet(d, { ...json, categories: [{ id: 1, name: 'person', keypoints: ['nose'] } as never] });
      return ['--dataset', d];
    }, /is a COCO person keypoints file, not an instances \(detection\) file/],
    ['an annotation without a segmentation', async (d) => {
      const json = instances();
      delete json.annotations[3]!.segmentation;
      await writeCocoSet(d, json);
      return ['--dataset', d];
    }, /annotation 4 has no segmentation, so the set cannot be scored for segm/],
    ['an image missing from --images', async (d) => {
      await writeCocoSet(d);
      rmSync(join(d, 'val2017', 'b.png'));
      return ['--annotations', join(d, 'annotations', 'instances_val2017.json'), '--images', join(d, 'val2017')];
    }, /1 of 2 images named by \S+ are missing from \S+ \(b\.png\)/],
  ];
  for (const [name, make, message] of cases) {
    it(name, async () => {
      const d = mkdtempSync(join(dir, 'bad-'));
      const args = await make(d);
      const out = join(d, 'out');
      const r = cli(['accuracy', '--model', tv, ...args, '--out-dir', out], cache);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trim().split('\n');
      expect(lines[0]).toMatch(/^error \[BAD_INPUT\]: /);
      expect(lines[0]).toMatch(message);
      expect(existsSync(out)).toBe(false);
    });
  }
});

describe('maskrcnn accuracy on the synthetic Mask R-CNN', { timeout: 300_000 }, () => {
  it('runs one image in fp32 and bf16 with 5 detections, masks as RLE, both columns and a verdict', async () => {
    const every = join(dir, 'coco-80');
    const names = cocoCategoryNames();
    await writeCocoSet(every, { ...instances(), categories: COCO_80_TO_91.map((id) => ({ id, name: names[id]! })) });
    const out = join(dir, 'out-synthetic');
    const r = cli(['accuracy', '--dataset', every, '--bf16', '--limit', '1', '--detections', '5', '--out-dir', out], syntheticCache());
    expect(r.stderr).toBe('');
    expect([0, 1]).toContain(r.status);
    expect(r.stdout).toMatch(/SYNTHETIC seeded weights — the accuracy figures mean nothing/);
    for (const t of ['bbox', 'segm'] as const) {
      const stats = printedStats(r.stdout, t);
      expect(Object.keys(stats)).toHaveLength(12);
      for (const v of Object.values(stats)) expect(v).toHaveLength(2);
    }
    const results = JSON.parse(readFileSync(join(out, 'fp32', 'detections.json'), 'utf8')) as Result[];
    expect(results).toHaveLength(5); // --detections 5: exactly 5 an image, all above box_score_thresh and of COCO categories
    for (const d of results) expect(d.segmentation.size).toEqual([48, 64]);
  });
});
