/**
 * `ssd accuracy` on a tiny COCO set written by the test (accuracy-set.ts) with the small signature models: the 12
 * bbox statistics for fp32 and bf16 against values worked out by hand, PASS/FAIL by the 99 % rule, the images whose
 * detections changed, --limit and resuming, the results rescored by `score`, and bad input (exit 2, nothing written).
 * One run on the synthetic SSD300-VGG16 checks the real graph end to end.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cocoCategoryNames } from '@modelbench/accuracy';
import { COCO_80_TO_91 } from '@modelbench/vision';
import { cli, root, syntheticCache } from './cli.ts';
import { instances, printedStats, writeCocoSet, type CocoSetJson } from './accuracy-set.ts';
import { torchvisionDetector, zooDetector } from './signature-models.ts';

const dir = mkdtempSync(join(tmpdir(), 'mb-ssd-acc-'));
const cache = join(dir, 'cache');
const data = join(dir, 'coco');
const tv = join(dir, 'tv.onnx');
const fragile = join(dir, 'fragile.onnx');
const zoo = join(dir, 'zoo.onnx');
let annotations = '';

beforeAll(async () => {
  annotations = await writeCocoSet(data);
  writeFileSync(tv, torchvisionDetector());
  writeFileSync(fragile, torchvisionDetector({ fragile: true }));
  writeFileSync(zoo, zooDetector());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pct = (v: number): number => Number((100 * v).toFixed(3));
/**
 * Worked by hand. Every image has one model box per class. dog: 3 detections on 3 ground truths at IoU 0.636, so all
 * true positives at thresholds 0.50–0.60 (AP 1) and all false at 0.65–0.95 (AP 0): AP 0.3, AP50 1, AP75 0, recall 0.3.
 * person: 3 exact detections on 4 ground truths (image 3's second person is missed): precision 1 up to recall 3/4 at
 * every threshold, so AP = 76 of the 101 recall points (0, 0.01, …, 0.75) = 76/101, recall 0.75. The means over the
 * two classes follow; every ground truth is small, none medium or large (-1).
 */
const P = 76 / 101;
const FULL = { AP: pct((0.3 + P) / 2), AP50: pct((1 + P) / 2), AP75: pct(P / 2), APsmall: pct((0.3 + P) / 2), APmedium: -1, APlarge: -1, AR1: 52.5, AR10: 52.5, AR100: 52.5, ARsmall: 52.5, ARmedium: -1, ARlarge: -1 };
/** --limit 2 (images 1 and 2 only): person 2 of 2 found (AP 1, recall 1); dog as above. */
const FIRST_TWO = { AP: 65, AP50: 100, AP75: 50, APsmall: 65, APmedium: -1, APlarge: -1, AR1: 65, AR10: 65, AR100: 65, ARsmall: 65, ARmedium: -1, ARlarge: -1 };

const both = (s: Record<string, number>): Record<string, number[]> => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, [v, v]]));

function score(run: string, reference: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(join(root, 'node_modules/.bin/tsx'), [join(root, 'packages/accuracy/src/score/cli.ts'), run, '--reference', reference], { cwd: root, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('ssd accuracy command line', { timeout: 240_000 }, () => {
  it('--limit 2, then the whole set resuming: 12 bbox stats for fp32 and bf16 as worked by hand, PASS, rescored alike', () => {
    const out = join(dir, 'out');
    const first = cli(['accuracy', '--model', tv, '--dataset', data, '--bf16', '--limit', '2', '--out-dir', out], cache);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/^samples: 0\.\.1 of 3$/m);
    expect(printedStats(first.stdout, 'bbox')).toEqual(both(FIRST_TWO));

    const r = cli(['accuracy', '--model', tv, '--dataset', data, '--bf16', '--out-dir', out], cache);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^samples: 0\.\.2 of 3 \(2 done by an earlier run, reused\)$/m);
    expect(r.stdout).toMatch(/fp32\s+bf16 \((emulated|native)\)/);
    expect(printedStats(r.stdout, 'bbox')).toEqual(both(FULL));
    expect(r.stdout).toMatch(/^PASS: bbox AP /m);
    expect(r.stdout).toMatch(/^0 images whose detections changed/m);
    expect(r.stdout).toMatch(/^ssd accuracy: PASS/m);

    // the standard COCO results file: two detections an image, COCO category ids, xywh boxes
    const slug = /predictions and manifests: \S+, (\S+)$/m.exec(r.stdout)![1]!;
    const results = JSON.parse(readFileSync(join(slug, 'detections.json'), 'utf8')) as { image_id: number; category_id: number; bbox: number[] }[];
    expect(results).toHaveLength(6);
    const image3 = results.filter((d) => d.image_id === 3).map((d) => [d.category_id, d.bbox] as const);
    expect(image3.sort((a, b) => a[0] - b[0])).toEqual([
      [1, [10, 12, 30, 24]],
      [18, [4, 6, 26, 22]],
    ]);

    const s = score(slug, join(out, 'fp32'));
    expect(s.stderr).toBe('');
    expect(s.status).toBe(0);
    // the saved results rescored alone give the hand-worked figures again (not merely what the run printed)
    expect(printedStats(s.stdout, 'bbox')).toEqual(both(FULL));
  });

  it('--offset 2 scores image 3 alone (pycocotools params.imgIds): its dog at IoU 0.636, one of its two persons', () => {
    const r = cli(['accuracy', '--model', tv, '--dataset', data, '--offset', '2', '--out-dir', join(dir, 'out-offset')], cache);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^samples: 2\.\.2 of 3$/m);
    // dog AP 0.3 as before; person: 1 exact detection of 2 ground truths, precision 1 up to recall 1/2: 51/101
    const stats = printedStats(r.stdout, 'bbox');
    expect(stats.AP).toEqual([pct((0.3 + 51 / 101) / 2), pct((0.3 + 51 / 101) / 2)]);
    expect(stats.AR100).toEqual([40, 40]);
  });

  it('FAILs (exit 1) and lists the lost detections when bf16 pushes the scores under --score-threshold', () => {
    // the fragile model scores 0.993 in fp32 and 0.731 in bf16 (a weight of 2052 rounds to 2048)
    const r = cli(['accuracy', '--model', fragile, '--dataset', data, '--bf16', '--score-threshold', '0.8', '--out-dir', join(dir, 'out-fragile')], cache);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    const stats = printedStats(r.stdout, 'bbox');
    expect(stats.AP).toEqual([FULL.AP, 0]);
    expect(stats.AR100).toEqual([FULL.AR100, 0]);
    expect(r.stdout).toMatch(/^FAIL: bbox AP 0\.000 < 99\.0 % of fp32 52\.624/m);
    expect(r.stdout).toMatch(/^3 images whose detections changed/m);
    expect(r.stdout).toMatch(/^ {2}000000000002\.png \(image 2\): 2 → 0 detections; lost 2: dog 0\.993 \[4,6,26,22\], person 0\.993 \[10,12,30,24\]$/m);
    const changes = JSON.parse(readFileSync(join(dir, 'out-fragile', /bf16-\w+/.exec(r.stdout)![0], 'changes.json'), 'utf8')) as { kind: string; items: { image_id: number; lost: unknown[]; gained: unknown[] }[] };
    expect(changes.kind).toBe('coco-detections');
    expect(changes.items.map((c) => [c.image_id, c.lost.length, c.gained.length])).toEqual([
      [1, 2, 0],
      [2, 2, 0],
      [3, 2, 0],
    ]);
  });

  it('maps the Zoo ssd-12 labels (1..80) to COCO category ids and its normalised boxes to pixels', () => {
    const r = cli(['accuracy', '--model', zoo, '--annotations', annotations, '--images', join(data, 'val2017'), '--out-dir', join(dir, 'out-zoo')], cache);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/adapter zoo-ssd/);
    const results = JSON.parse(readFileSync(join(dir, 'out-zoo', 'fp32', 'detections.json'), 'utf8')) as { image_id: number; category_id: number; bbox: number[] }[];
    // label 17 is COCO's 17th category, dog (id 18); box (0.1, 0.2, 0.5, 0.6) of 64×48 = [6.4, 9.6] to [32, 28.8]
    const dog = results.find((d) => d.image_id === 1 && d.category_id === 18)!;
    expect(dog.bbox.map((v) => Number(v.toFixed(4)))).toEqual([6.4, 9.6, 25.6, 19.2]);
    expect(new Set(results.map((d) => d.category_id))).toEqual(new Set([18, 1]));
  });
});

describe('ssd accuracy on bad input: one line naming the problem and the fix, exit 2, nothing written', { timeout: 240_000 }, () => {
  const cases: [string, (d: string) => Promise<string[]>, RegExp][] = [
    ['malformed annotations', async (d) => {
      await writeCocoSet(d);
      writeFileSync(join(d, 'annotations', 'instances_val2017.json'), '{"images": [');
      return ['--dataset', d];
    }, /instances_val2017\.json: malformed JSON/],
    ['a captions file', async (d) => {
      const json = instances();
      await writeCocoSet(d, { ...json, annotations: [{ id: 1, image_id: 1, caption: 'a dog' }] });
      return ['--dataset', d];
    }, /is a COCO captions file, not an instances \(detection\) file/],
    ['a category the model cannot produce', async (d) => {
      const json: CocoSetJson = instances();
      json.categories.push({ id: 12, name: 'street sign' });
      await writeCocoSet(d, json);
      return ['--dataset', d];
    }, /category 12 'street sign' is not one of the 80 COCO categories the model can produce/],
    ['categories renumbered 1..80', async (d) => {
      const json = instances();
      json.categories[1] = { id: 18, name: 'cat' };
      await writeCocoSet(d, json);
      return ['--dataset', d];
    }, /category 18 is 'cat' but the model's category 18 is 'dog'/],
    ['an image missing from the folder', async (d) => {
      await writeCocoSet(d);
      rmSync(join(d, 'val2017', '000000000002.png'));
      return ['--dataset', d];
    }, /1 of 3 images named by \S+ are missing from \S+val2017 \(000000000002\.png\)/],
    ['an image of another size than annotated', async (d) => {
      const json = instances();
      const path = await writeCocoSet(d, json);
      json.images[0]!.width = 80;
      writeFileSync(path, JSON.stringify(json));
      return ['--dataset', d];
    }, /000000000001\.png is 64×48 but \S+ says image 1 is 80×48/],
    ['an image below SSD\'s 32 px a side', async (d) => {
      const json = instances();
      json.images[2] = { ...json.images[2]!, width: 40, height: 20 };
      await writeCocoSet(d, json);
      return ['--dataset', d];
    }, /000000000003\.png: 40x20 is too small \(each side must be at least 32 px\)/],
    ['a folder without annotations', async (d) => {
      await writeCocoSet(d);
      rmSync(join(d, 'annotations'), { recursive: true });
      return ['--dataset', d];
    }, /no annotations\/instances_\*\.json/],
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
      expect(lines.slice(1).every((l) => l.startsWith('  fix: '))).toBe(true);
      expect(existsSync(out)).toBe(false);
    });
  }
});

describe('ssd accuracy on the synthetic SSD300-VGG16', { timeout: 300_000 }, () => {
  it('runs two images in fp32 and bf16 and prints both columns and a verdict', async () => {
    // every COCO category, so that none of the random-weight detections is left out as a category not evaluated
    const every = join(dir, 'coco-80');
    const names = cocoCategoryNames();
    await writeCocoSet(every, { ...instances(), categories: COCO_80_TO_91.map((id) => ({ id, name: names[id]! })) });
    const out = join(dir, 'out-synthetic');
    const r = cli(['accuracy', '--dataset', every, '--bf16', '--limit', '2', '--out-dir', out], syntheticCache());
    expect(r.stderr).toBe('');
    expect([0, 1]).toContain(r.status);
    expect(r.stdout).toMatch(/SYNTHETIC seeded weights — the accuracy figures mean nothing/);
    const stats = printedStats(r.stdout, 'bbox');
    expect(Object.keys(stats)).toEqual(['AP', 'AP50', 'AP75', 'APsmall', 'APmedium', 'APlarge', 'AR1', 'AR10', 'AR100', 'ARsmall', 'ARmedium', 'ARlarge']);
    for (const v of Object.values(stats)) expect(v).toHaveLength(2);
    // random weights: an fp32 AP of 0 leaves the rule nothing to compare (n/a, exit 0, never PASS)
    expect(r.stdout).toMatch(new RegExp(`^ssd accuracy: ${r.status === 0 ? '(PASS|n/a)' : 'FAIL'} — bbox AP`, 'm'));
    const results = JSON.parse(readFileSync(join(out, 'fp32', 'detections.json'), 'utf8')) as { score: number }[];
    expect(results.length).toBeGreaterThan(0);
    expect(results.length).toBeLessThanOrEqual(400);
    expect(results.every((d) => d.score > 0.01)).toBe(true);
  });
});
