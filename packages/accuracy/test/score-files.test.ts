/**
 * `score` on the standard files directly (issue #21): one command per file set, the reference tools' figures as the
 * expected values.
 * - COCO: pycocotools built from cocodataset/cocoapi 8c9bcc3 (PythonAPI, `python3 setup.py build_ext --inplace`,
 *   Debian python3 3.11.2, python3-numpy 1.24.2, cython3 0.29.32; `np.float` → `float` and the matplotlib imports
 *   commented out), `COCO(ann).loadRes(res)`, `COCOeval(gt, dt, iouType)`, evaluate/accumulate/summarize, on the files
 *   fixtures/standard/make-files.ts writes.
 * - SQuAD: the official evaluate-v1.1.py and evaluate-v2.0.py (the CodaLab scripts, as copied in
 *   pavanchhatpar/question-generation, which adds only a `# flake8: noqa` line), same Python, run on the shared dev
 *   files with test/squad-fixtures' predictions plus one id the data set does not hold.
 * - ImageNet: no reference tool reads a top-k JSONL; worked by hand.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BenchError, type RunRecord } from '@modelbench/core';
import { scoreMain } from '../src/score/cli.ts';
import { writeStandardCocoFiles } from './fixtures/standard/make-files.ts';

const dir = mkdtempSync(join(tmpdir(), 'accuracy-score-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const coco = writeStandardCocoFiles(dir);
const SQUAD = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'data', 'squad');
const FIX = join(import.meta.dirname, 'squad-fixtures');

async function score(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await scoreMain(args, (s) => (out += s));
  return { code, out };
}

async function refused(args: string[], pattern: RegExp, exitCode = 2): Promise<void> {
  let caught: unknown;
  try {
    await scoreMain(args, () => undefined);
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(BenchError);
  expect((caught as BenchError).exitCode).toBe(exitCode);
  expect((caught as BenchError).message).toMatch(pattern);
  expect((caught as BenchError).message).not.toContain('\n');
  expect((caught as BenchError).hint).toBeTruthy();
}

const STAT_NAMES = ['AP', 'AP50', 'AP75', 'APsmall', 'APmedium', 'APlarge', 'AR1', 'AR10', 'AR100', 'ARsmall', 'ARmedium', 'ARlarge'];

/** the metrics of the --json file's RunRecord (score.test.ts checks that record against the schema file) */
function metricsOf(json: string): Record<string, number | null> {
  const r = JSON.parse(readFileSync(json, 'utf8')) as RunRecord;
  expect(r).toMatchObject({ status: 'ok', mode: 'score', workload: 'accuracy', score: { form: 'files', task: 'coco' } });
  if (r.score?.form !== 'files') throw new Error(`${json}: not a files-form score record`);
  return r.score.metrics;
}

function statsOf(json: string, iouType: string): number[] {
  const m = metricsOf(json) as Record<string, number>;
  return STAT_NAMES.map((n) => m[`${iouType} ${n}`]!);
}

function expectStats(got: number[], pycocotools: number[]): void {
  got.forEach((v, i) => expect(v, STAT_NAMES[i]).toBeCloseTo(pycocotools[i]!, 13));
}

describe('score --annotations --results (pycocotools COCOeval)', () => {
  it('scores a results file and prints the 12 lines as COCOeval.summarize prints them', async () => {
    const json = join(dir, 'det.json');
    const { code, out } = await score(['--annotations', coco.annotations, '--results', coco.detections, '--json', json]);
    expect(code).toBe(0);
    expect(out).toMatch(/^note: COCOeval bbox: 4 images, 5 categories, \d+ results/m);
    expect(out).toContain(' Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 0.660');
    expectStats(statsOf(json, 'bbox'), [0.6595141535813543, 0.9075194562576181, 0.7309022181287895, 0.7494631678433603, 0.6468316831683169, 0.8999999999999999, 0.31958333333333333, 0.7804166666666668, 0.8654166666666668, 0.9233333333333333, 0.7666666666666667, 0.9]);
  });

  it('ignores results of categories the annotations do not list (N/A 12, 95), as pycocotools, saying so', async () => {
    const bbox = join(dir, 'unlisted-bbox.json');
    const r = await score(['--annotations', coco.annotations, '--results', coco.unlisted, '--json', bbox]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^note: \d+ of \d+ results have category ids the annotations do not list \(12, 95\): ignored, as pycocotools' COCOeval evaluates the annotations' categories only$/m);
    // printed exactly as pycocotools printed them
    expect(r.out).toContain(' Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 0.559\n');
    expect(r.out).toContain(' Average Recall     (AR) @[ IoU=0.50:0.95 | area= small | maxDets=100 ] = 0.817\n');
    expectStats(statsOf(bbox, 'bbox'), [0.5594401920956431, 0.8954779181694723, 0.593830576999478, 0.6210651934758693, 0.6468316831683169, 0.8999999999999999, 0.26125, 0.69875, 0.79375, 0.8166666666666665, 0.7666666666666667, 0.9]);
    const segm = join(dir, 'unlisted-segm.json');
    expect((await score(['--annotations', coco.annotations, '--results', coco.unlisted, '--iou-type', 'segm', '--json', segm])).code).toBe(0);
    expectStats(statsOf(segm, 'segm'), [0.4230548818291835, 0.8954779181694723, 0.41269388789783784, 0.2971246130824262, 0.5212046204620462, 0.8999999999999999, 0.18166666666666667, 0.585, 0.6925, 0.5066666666666666, 0.6833333333333333, 0.9]);
  });

  it('scores annotations with categories numbered and named their own way, by id, as pycocotools', async () => {
    const json = join(dir, 'custom.json');
    const r = await score(['--annotations', coco.customAnnotations, '--results', coco.customDetections, '--iou-type', 'segm', '--json', json]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^note: 5 of 5 categories are not COCO's id and name \(first: 1 'pedestrian'\): scored by category id, as pycocotools does$/m);
    expectStats(statsOf(json, 'segm'), [0.5317269453771105, 0.8969115092752955, 0.5424148096053286, 0.45934019872575493, 0.5212046204620462, 0.8999999999999999, 0.24833333333333335, 0.6633333333333333, 0.7583333333333333, 0.6, 0.6833333333333333, 0.9]);
  });

  it('refuses what pycocotools refuses, and half a command, in one line', async () => {
    const other = join(dir, 'other.json');
    writeFileSync(other, JSON.stringify([{ image_id: 139, category_id: 1, bbox: [1, 2, 3, 4], score: 0.5 }]));
    await refused(['--annotations', coco.annotations, '--results', other], /has image_id 139, which is not an image of/);
    await refused(['--annotations', coco.annotations], /COCO needs both --annotations and --results \(--results is missing\)/);
    await refused(['--annotations', coco.annotations, '--results', coco.detections, '--iou-type', 'keypoints'], /--iou-type must be bbox or segm/);
    await refused(['--annotations', coco.annotations, '--results', coco.detections, '--labels', 'x'], /--labels does not go with COCO/);
    await refused(['some/run', '--annotations', coco.annotations, '--results', coco.detections], /a run folder \(some\/run\) and --annotations given together/);
  });
});

describe('score --dataset --predictions (the official SQuAD scripts)', () => {
  const v1 = join(dir, 'v1-extra.json');
  const v2 = join(dir, 'v2-extra.json');
  const na = join(dir, 'v2-na-extra.json');
  const extra = (from: string, to: string, value: string | number) => writeFileSync(to, JSON.stringify({ ...JSON.parse(readFileSync(from, 'utf8')), 'not-a-squad-id': value }));
  extra(join(FIX, 'v1-predictions.json'), v1, 'x');
  extra(join(FIX, 'v2-predictions.json'), v2, 'x');
  extra(join(FIX, 'v2-na-prob.json'), na, 0.2);

  it('v1.1: evaluate-v1.1.py\'s figures; a missing prediction scores 0, an extra id is ignored, both said', async () => {
    const r = await score(['--dataset', join(SQUAD, 'squad-v1.1-style-2articles-answerable.json'), '--predictions', v1]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^note: SQuAD v1\.1 scoring \(evaluate-v1\.1\.py\)$/m);
    expect(r.out).toMatch(/^note: 1 prediction ids are not questions of \S+ \(first: not-a-squad-id\): ignored, as evaluate-v1\.1\.py ignores them$/m);
    expect(r.out).toMatch(/^note: \d+ questions have no prediction and score 0/m);
    const printed = JSON.parse(r.out.slice(r.out.indexOf('{'))) as Record<string, number>;
    // evaluate-v1.1.py: {"exact_match": 34.129692832764505, "f1": 44.86266861693481}
    expect(printed).toEqual({ exact_match: 34.129692832764505, f1: 44.86266861693481 });
  });

  it('v2.0 with na_prob.json and --na-prob-thresh 0.4: evaluate-v2.0.py\'s JSON, key for key', async () => {
    const data = join(SQUAD, 'squad-v2.0-dev-2articles.json');
    const plain = await score(['--dataset', data, '--predictions', v2]);
    expect(JSON.parse(plain.out.slice(plain.out.indexOf('{')))).toEqual({
      exact: 36.90095846645367, f1: 41.85138698716973, total: 626,
      HasAns_exact: 40.27303754266212, HasAns_f1: 50.849721003304616, HasAns_total: 293,
      NoAns_exact: 33.933933933933936, NoAns_f1: 33.933933933933936, NoAns_total: 333,
    });
    const r = await score(['--dataset', data, '--predictions', v2, '--na-prob-file', na, '--na-prob-thresh', '0.4']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^note: 1 no-answer probability ids are not questions of/m);
    // evaluate-v2.0.py data.json pred.json --na-prob-file na.json --na-prob-thresh 0.4
    expect(JSON.parse(r.out.slice(r.out.indexOf('{')))).toEqual({
      exact: 60.38338658146965, f1: 64.44761397636796, total: 626,
      HasAns_exact: 31.74061433447099, HasAns_f1: 40.42391245462917, HasAns_total: 293,
      NoAns_exact: 85.58558558558559, NoAns_f1: 85.58558558558559, NoAns_total: 333,
      best_exact: 64.21725239616613, best_exact_thresh: 0.2875, best_f1: 67.02558446168669, best_f1_thresh: 0.2875,
    });
  });

  it('refuses v2.0 options on a v1.1 file and a v2.0 prediction missing (evaluate-v2.0.py fails there too)', async () => {
    await refused(['--dataset', join(SQUAD, 'squad-v1.1-style-2articles-answerable.json'), '--predictions', v1, '--na-prob-thresh', '0.5'], /is a SQuAD v1\.1 file; --na-prob-file and --na-prob-thresh are evaluate-v2\.0\.py options/);
    const some = join(dir, 'v2-some.json');
    writeFileSync(some, JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(readFileSync(v2, 'utf8'))).slice(0, 10))));
    await refused(['--dataset', join(SQUAD, 'squad-v2.0-dev-2articles.json'), '--predictions', some], /questions have no prediction/);
    await refused(['--dataset', join(SQUAD, 'squad-v2.0-dev-2articles.json')], /SQuAD needs both --dataset and --predictions \(--predictions is missing\)/);
  });
});

describe('score --labels --predictions (top-k JSONL)', () => {
  const labels = join(dir, 'val_map.txt');
  writeFileSync(labels, 'a.JPEG 3\nsub/b.JPEG 7\nc.JPEG 0\nd.JPEG 999\n');
  const line = (file: string, topk: number[]) => JSON.stringify({ file, topk }) + '\n';

  it('top-1 and top-5 over the labels file, worked by hand', async () => {
    const p = join(dir, 'top5.jsonl');
    // a: right at 1; sub/b: 7 at rank 5 (top-5 only); c: 0 at rank 6 (neither); d: right at 1 (no logits needed)
    writeFileSync(p, line('a.JPEG', [3, 1, 2, 4, 5]) + line('sub/b.JPEG', [1, 2, 3, 4, 7]) + line('c.JPEG', [1, 2, 3, 4, 5, 0]) + line('d.JPEG', [999, 1, 2, 3, 4]));
    const r = await score(['--labels', labels, '--predictions', p]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^top-1 50\.000 % \(2 of 4\)$/m);
    expect(r.out).toMatch(/^top-5 75\.000 % \(3 of 4\)$/m);
  });

  it('refuses an image without a prediction, one predicted twice, and one not in the labels, each in one line', async () => {
    const p = join(dir, 'bad.jsonl');
    writeFileSync(p, line('a.JPEG', [3]));
    await refused(['--labels', labels, '--predictions', p], /3 of 4 images have no prediction \(first: sub\/b\.JPEG\)/);
    writeFileSync(p, line('a.JPEG', [3]) + line('a.JPEG', [3]));
    await refused(['--labels', labels, '--predictions', p], /a\.JPEG is predicted twice/);
    writeFileSync(p, ['a.JPEG', 'sub/b.JPEG', 'c.JPEG', 'd.JPEG', 'zz.JPEG'].map((f) => line(f, [1])).join(''));
    await refused(['--labels', labels, '--predictions', p], /1 predictions are for images not in the data set \(first: zz\.JPEG\)/);
    await refused(['--labels', labels], /ImageNet needs --predictions/);
  });
});
