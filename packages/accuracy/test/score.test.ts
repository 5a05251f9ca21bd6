import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  accuracyFraction,
  accuracyVerdict,
  overallVerdict,
  imagenetDatasetIdentity,
  loadImagenetDataset,
  loadSquadDataset,
  MANIFEST_SCHEMA,
  ResumableJsonl,
  checkImagenetPrediction,
  selectSubset,
  sha256OfFile,
  squadDatasetIdentity,
  writeManifest,
  writeSquadPredictions,
  type AccuracyManifest,
  type ImagenetPrediction,
} from '../src/index.ts';
import { scoreMain } from '../src/score/cli.ts';
import { oneValidRecord, schemaRefuses } from './run-record-file.ts';

const SQUAD_TINY = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'data', 'squad', 'squad-v1.1-style-tiny.json');
const dir = mkdtempSync(join(tmpdir(), 'accuracy-score-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the accuracy rule', () => {
  it('passes at ≥ 99 % of fp32, 99.9 % for high accuracy, or a given fraction', () => {
    expect(accuracyFraction(undefined, false)).toBe(0.99);
    expect(accuracyFraction(undefined, true)).toBe(0.999);
    expect(accuracyFraction(99.5, true)).toBe(0.995);
    expect(accuracyFraction(0.98, false)).toBe(0.98);
    expect(() => accuracyFraction(150, false)).toThrow(/--threshold must be a fraction/);
    // 99 % of 76.13 = 75.3687
    expect(accuracyVerdict('top-1', 76.13, 75.4, 0.99)).toMatchObject({ pass: true, required: expect.closeTo(75.3687, 9) });
    expect(accuracyVerdict('top-1', 76.13, 75.36, 0.99).pass).toBe(false);
    expect(accuracyVerdict('top-1', 76.13, 76.0, 0.999).pass).toBe(false); // needs 76.0539
    expect(accuracyVerdict('top-1', 76.13, 75.4, 0.99).comparable).toBe(true);
    // fp32 at 0 (synthetic weights): the rule holds trivially and says nothing — not comparable, reported n/a
    expect(accuracyVerdict('f1', 0, 0, 0.99)).toMatchObject({ pass: true, ratio: 1, comparable: false });
    expect(overallVerdict([accuracyVerdict('f1', 0, 0, 0.99)])).toBe('n/a');
    expect(overallVerdict([accuracyVerdict('a', 0, 0, 0.99), accuracyVerdict('b', 50, 10, 0.99)])).toBe('FAIL');
    expect(overallVerdict([accuracyVerdict('a', 50, 50, 0.99)])).toBe('PASS');
    expect(overallVerdict([])).toBeNull();
  });
});

describe('--offset / --limit', () => {
  it('cuts [offset, offset+limit) and clips at the end', () => {
    expect(selectSubset(10)).toMatchObject({ start: 0, end: 10, count: 10 });
    expect(selectSubset(10, { offset: 8, limit: 5 })).toMatchObject({ start: 8, end: 10, count: 2 });
    expect(selectSubset(10, { offset: 2, limit: 3 })).toMatchObject({ start: 2, end: 5, count: 3 });
    expect(() => selectSubset(10, { offset: 10 })).toThrow(/--offset 10 is past the end of the data set \(10 samples\)/);
    expect(() => selectSubset(10, { limit: 0 })).toThrow(/--limit must be a whole number > 0/);
    expect(() => selectSubset(10, { offset: -1 })).toThrow(/--offset must be/);
  });
});

describe('resumable predictions JSONL', () => {
  it('keeps whole records, drops a cut-off last line and appends after them', () => {
    const path = join(dir, 'resume', 'predictions.jsonl');
    const key = (r: ImagenetPrediction) => r.file;
    const first = ResumableJsonl.open(path, key, checkImagenetPrediction);
    expect(first.records).toEqual([]);
    first.file.append([{ file: 'a', topk: [1, 2], logits: [3, 2] }, { file: 'b', topk: [0, 2], logits: [1, 0] }]);
    appendFileSync(path, '{"file": "c", "topk": [4'); // interrupted mid-line
    const again = ResumableJsonl.open(path, key, checkImagenetPrediction);
    expect(again.truncatedTail).toBe(true);
    expect(again.records.map((r) => r.file)).toEqual(['a', 'b']);
    expect([again.file.has('a'), again.file.has('c'), again.file.doneCount]).toEqual([true, false, 2]);
    again.file.append([{ file: 'c', topk: [4], logits: [9] }]);
    expect(readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l).file)).toEqual(['a', 'b', 'c']);
    expect(() => again.file.append([{ file: 'a', topk: [1], logits: [1] }])).toThrow(/a is recorded twice/);
    writeFileSync(join(dir, 'resume', 'bad.jsonl'), '{"file": "a", "topk": [1]}\nnot json\n{"file": "b", "topk": [1]}\n');
    expect(() => ResumableJsonl.open(join(dir, 'resume', 'bad.jsonl'), key, checkImagenetPrediction)).toThrow(/bad\.jsonl line 2 is not JSON/);
  });
});

/** Writes an ImageNet run: top-1 per image as given (other classes after it), and its manifest. */
function imagenetRun(name: string, data: string, top1: Record<string, number>, precision: string, subset = { offset: 0, limit: null as number | null }): string {
  const ds = loadImagenetDataset(data);
  const run = join(dir, name);
  mkdirSync(run, { recursive: true });
  const { file } = ResumableJsonl.open(join(run, 'predictions.jsonl'), (r: ImagenetPrediction) => r.file, checkImagenetPrediction);
  file.append(Object.entries(top1).map(([f, c]) => ({ file: f, topk: [c, (c + 1) % 1000, (c + 2) % 1000, (c + 3) % 1000, (c + 4) % 1000], logits: [5, 4, 3, 2, 1] })));
  const count = Object.keys(top1).length;
  const m: AccuracyManifest = {
    schema: MANIFEST_SCHEMA,
    task: 'imagenet',
    workload: 'resnet50',
    model: { id: 'resnet50-synthetic', path: '/models/r50.onnx', sha256: 'ab'.repeat(32) },
    precision,
    precisionMode: precision === 'bf16' ? 'emulated' : null,
    dataset: imagenetDatasetIdentity(ds, data),
    subset: { ...subset, count },
    flags: { preprocess: 'torchvision-imagenet' },
    files: { predictions: 'predictions.jsonl' },
    createdAt: '2026-12-01T10:00:00Z',
  };
  writeManifest(run, m);
  return run;
}

async function score(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await scoreMain(args, (s) => (out += s));
  return { code, out };
}

describe('score: ImageNet', () => {
  const data = join(dir, 'imagenet');
  mkdirSync(data);
  const files = ['v1.JPEG', 'v2.JPEG', 'v3.JPEG', 'v4.JPEG', 'v5.JPEG'];
  for (const f of files) writeFileSync(join(data, f), 'x'); // the loader only checks that listed images exist
  writeFileSync(join(data, 'val_map.txt'), 'v1.JPEG 0\nv2.JPEG 1\nv3.JPEG 2\nv4.JPEG 3\nv5.JPEG 4\n');
  // fp32 right on v1..v4 (80 %); bf16 breaks v2 and fixes v5 (80 %), then a worse bf16 breaks v3 as well (60 %)
  const fp32 = imagenetRun('in-fp32', data, { 'v1.JPEG': 0, 'v2.JPEG': 1, 'v3.JPEG': 2, 'v4.JPEG': 3, 'v5.JPEG': 9 }, 'fp32');
  const bf16 = imagenetRun('in-bf16', data, { 'v1.JPEG': 0, 'v2.JPEG': 7, 'v3.JPEG': 2, 'v4.JPEG': 3, 'v5.JPEG': 4 }, 'bf16');
  const worse = imagenetRun('in-bf16-worse', data, { 'v1.JPEG': 0, 'v2.JPEG': 7, 'v3.JPEG': 8, 'v4.JPEG': 3, 'v5.JPEG': 4 }, 'bf16');

  it('rescoring one run prints top-1 and top-5 from the saved predictions', async () => {
    const { code, out } = await score([fp32]);
    expect(code).toBe(0);
    // top-5 of v5: [9,10,11,12,13] misses label 4 → 80 % as well
    expect(out).toMatch(/top-1\s+80\.000\n/);
    expect(out).toMatch(/top-5\s+80\.000\n/);
  });

  it('fp32 and bf16 side by side, PASS at equal top-1, the flipped images listed and saved', async () => {
    const json = join(dir, 'in-report.json');
    const { code, out } = await score([bf16, '--reference', fp32, '--json', json]);
    expect(code).toBe(0);
    expect(out).toMatch(/top-1\s+80\.000\s+80\.000/);
    expect(out).toMatch(/PASS: top-1 80\.000 ≥ 99\.0 % of fp32 80\.000 = 79\.200/);
    expect(out).toMatch(/2 images whose top-1 changed/);
    expect(out).toMatch(/v2\.JPEG label 1: 1 → 7 \(broken\)/);
    expect(out).toMatch(/v5\.JPEG label 4: 9 → 4 \(fixed\)/);
    const changes = JSON.parse(readFileSync(join(bf16, 'changes.json'), 'utf8'));
    expect(changes.items.map((c: { file: string }) => c.file)).toEqual(['v2.JPEG', 'v5.JPEG']);
    // --json: one RunRecord of the schema file, mode score, the figures in its score section
    const record = oneValidRecord(json);
    expect(record).toMatchObject({ status: 'ok', mode: 'score', workload: 'resnet50', model: null, backend: null, error: null });
    expect(record.score).toMatchObject({
      form: 'run',
      task: 'imagenet',
      subset: { offset: 0, limit: null, count: 5 },
      reference: { precision: 'fp32', precisionMode: null, metrics: { 'top-1': 80, 'top-5': 80 }, count: 5, model: { id: 'resnet50-synthetic' } },
      candidate: { precision: 'bf16', precisionMode: 'emulated', metrics: { 'top-1': 80, 'top-5': 80 }, count: 5 },
      ruleMetrics: ['top-1'],
      rules: [{ metric: 'top-1', pass: true, reference: 80, candidate: 80, ratio: 1, fraction: 0.99, required: expect.closeTo(79.2, 12), comparable: true }],
      verdict: 'PASS',
      changes: { kind: 'imagenet-top1', count: 2, file: join(bf16, 'changes.json') },
    });
    // the control: the same record without its score section's verdict is refused
    const broken = JSON.parse(readFileSync(json, 'utf8')) as { score: Record<string, unknown> };
    delete broken.score.verdict;
    expect(schemaRefuses(broken)).toBe(true);
  });

  it('--json on FAIL (exit 1) and without a reference (verdict null): one record each', async () => {
    const failJson = join(dir, 'in-fail.json');
    expect((await score([worse, '--reference', fp32, '--json', failJson])).code).toBe(1);
    expect(oneValidRecord(failJson).score).toMatchObject({ verdict: 'FAIL', rules: [{ pass: false, candidate: 60, reference: 80, ratio: 0.75 }] });
    const aloneJson = join(dir, 'in-alone.json');
    expect((await score([fp32, '--json', aloneJson])).code).toBe(0);
    expect(oneValidRecord(aloneJson).score).toMatchObject({ form: 'run', reference: null, rules: [], verdict: null, changes: null, candidate: { metrics: { 'top-1': 80 } } });
  });

  it('--json of the standard-files form (--labels --predictions): one record, form files, top-1 and top-5', async () => {
    const json = join(dir, 'in-files.json');
    expect((await score(['--labels', join(data, 'val_map.txt'), '--predictions', join(fp32, 'predictions.jsonl'), '--json', json])).code).toBe(0);
    const record = oneValidRecord(json);
    expect(record).toMatchObject({ status: 'ok', mode: 'score', workload: 'accuracy', model: null, backend: null });
    expect(record.score).toEqual({
      form: 'files',
      task: 'imagenet',
      files: { labels: join(data, 'val_map.txt'), predictions: join(fp32, 'predictions.jsonl') },
      metrics: { 'top-1': 80, 'top-5': 80 },
      count: 5,
      notes: expect.any(Array),
    });
  });

  it('--json on bad input: the error record (code and hint), exit 2, no changes file', async () => {
    const json = join(dir, 'in-error.json');
    await expect(score([join(dir, 'no-such-run'), '--json', json])).rejects.toMatchObject({ exitCode: 2 });
    const record = oneValidRecord(json);
    expect(record).toMatchObject({ status: 'error', mode: 'score', error: { code: expect.any(String), message: expect.stringMatching(/no-such-run\/manifest\.json: no such file/), hint: expect.any(String) } });
    expect(record.score).toBeUndefined();
  });

  it('0 against 0 (what synthetic weights score) is n/a, not PASS, saying what was compared (exit 0)', async () => {
    const none = { 'v1.JPEG': 9, 'v2.JPEG': 9, 'v3.JPEG': 9, 'v4.JPEG': 9, 'v5.JPEG': 0 }; // v5's label 4 is in its top-5 only
    const zero32 = imagenetRun('in-zero-fp32', data, none, 'fp32');
    const zero16 = imagenetRun('in-zero-bf16', data, none, 'bf16');
    const { code, out } = await score([zero16, '--reference', zero32]);
    expect(code).toBe(0);
    expect(out).not.toMatch(/PASS/);
    expect(out).toMatch(/^n\/a: top-1 — fp32 0\.000 and bf16 \(emulated\) 0\.000 on the same 5 samples: the 99\.0 % rule needs an fp32 score above 0 \(synthetic weights score ~0; /m);
    expect(out).toMatch(/^verdict: n\/a \(bf16 \(emulated\) against fp32\)$/m);
  });

  it('FAIL below 99 % of fp32 (exit 1), PASS with a lower --threshold', async () => {
    const fail = await score([worse, '--reference', fp32]);
    expect(fail.code).toBe(1);
    expect(fail.out).toMatch(/FAIL: top-1 60\.000 < 99\.0 % of fp32 80\.000 = 79\.200 \(ratio 75\.00 %\)/);
    expect(fail.out).toMatch(/^verdict: FAIL \(bf16 \(emulated\) against fp32\)$/m);
    expect((await score([worse, '--reference', fp32, '--threshold', '0.75'])).code).toBe(0);
  });

  it('scores a --offset/--limit subset against the same samples only', async () => {
    const part = imagenetRun('in-part', data, { 'v2.JPEG': 1, 'v3.JPEG': 0 }, 'fp32', { offset: 1, limit: 2 });
    const { code, out } = await score([part]);
    expect(code).toBe(0);
    expect(out).toMatch(/2 scored, samples 1\.\.2 of 5/);
    expect(out).toMatch(/top-1\s+50\.000/);
    await expect(score([part, '--reference', fp32])).rejects.toThrow(/were not run on the same samples \(subset offset 0 limit null vs offset 1 limit 2\)/);
  });

  it('refuses other ground truth, foreign or missing predictions and a missing run — nothing written', async () => {
    const other = join(dir, 'imagenet-other');
    mkdirSync(other);
    for (const f of files) writeFileSync(join(other, f), 'x');
    writeFileSync(join(other, 'val_map.txt'), 'v1.JPEG 0\nv2.JPEG 1\nv3.JPEG 2\nv4.JPEG 3\nv5.JPEG 5\n');
    const foreign = imagenetRun('in-foreign', data, { 'v1.JPEG': 0, 'v2.JPEG': 1, 'v3.JPEG': 2, 'v4.JPEG': 3, 'v5.JPEG': 4, 'zz.JPEG': 1 }, 'bf16');
    const partial = imagenetRun('in-partial', data, { 'v1.JPEG': 0 }, 'bf16');
    const cases: [string[], RegExp][] = [
      [[bf16, '--data', other], /were made on ground truth [0-9a-f]{12}… .*, but .*imagenet-other has [0-9a-f]{12}…/],
      [[foreign, '--reference', fp32], /1 predictions are for images not in the data set \(first: zz\.JPEG\)/],
      [[partial], /4 of 5 images have no prediction \(first: v2\.JPEG\)/],
      [[join(dir, 'no-such-run')], /manifest .*no-such-run\/manifest\.json: no such file/],
      [[], /expected one run folder/],
    ];
    for (const [args, message] of cases) {
      await expect(score(args)).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(message) });
    }
    expect(existsSync(join(foreign, 'changes.json'))).toBe(false);
    expect(existsSync(join(partial, 'changes.json'))).toBe(false);
  });
});

describe('score: SQuAD', () => {
  const ds = loadSquadDataset(SQUAD_TINY);
  function squadRun(name: string, answers: Map<string, string>, precision: string): string {
    const run = join(dir, name);
    mkdirSync(run, { recursive: true });
    writeSquadPredictions(join(run, 'predictions.json'), answers);
    writeManifest(run, {
      schema: MANIFEST_SCHEMA,
      task: 'squad',
      workload: 'bert',
      model: { id: 'bert-synthetic', path: '/m/bert.onnx', sha256: 'cd'.repeat(32) },
      precision,
      precisionMode: precision === 'bf16' ? 'emulated' : null,
      dataset: squadDatasetIdentity(ds, SQUAD_TINY),
      subset: { offset: 0, limit: null, count: ds.questions.length },
      flags: { nBestSize: 20, maxAnswerLength: 30 },
      files: { predictions: 'predictions.json' },
      createdAt: '2026-12-01T10:00:00Z',
    });
    return run;
  }
  const gold = new Map(ds.questions.map((q) => [q.id, q.answers[0] as string]));
  const fp32 = squadRun('sq-fp32', gold, 'fp32');
  // "When were the Normans in Normandy?": '10th century' against '10th and 11th centuries' (P 1/2, R 1/4 → F1 1/3)
  // and 'in the 10th and 11th centuries' (P 1/2, R 1/5 → 2/7): max 1/3. F1 = (7 + 1/3)/8 = 91.667 %, EM 7/8 = 87.5 %
  const changed = new Map(gold).set('56ddde6b9a695914005b9629', '10th century');
  const bf16 = squadRun('sq-bf16', changed, 'bf16');

  it('F1 and EM side by side, FAIL below 99 % of fp32 F1, the changed answer listed', async () => {
    const { code, out } = await score([bf16, '--reference', fp32]);
    expect(code).toBe(1);
    expect(out).toMatch(/exact_match\s+100\.000\s+87\.500/);
    expect(out).toMatch(/f1\s+100\.000\s+91\.667/);
    expect(out).toMatch(/FAIL: f1 91\.667 < 99\.0 % of fp32 100\.000/);
    expect(out).toMatch(/1 questions whose answer changed/);
    expect(out).toMatch(/56ddde6b9a695914005b9629: "10th and 11th centuries" → "10th century" \(F1 1\.00 → 0\.33\)/);
    expect((await score([bf16, '--reference', fp32, '--threshold', '0.9'])).code).toBe(0);
  });

  it('ignores predictions of questions the data set does not hold, as the official scripts do, saying so', async () => {
    const stray = squadRun('sq-stray', new Map(gold).set('not-a-squad-id', 'x'), 'bf16');
    const { code, out } = await score([stray]);
    expect(code).toBe(0);
    expect(out).toMatch(/^note: 1 prediction ids are not questions of the scored questions of .* \(first: not-a-squad-id\): ignored, as evaluate-v1\.1\.py ignores them$/m);
    expect(out).toMatch(/f1\s+100\.000/);
  });
});

describe('score: SQuAD v2.0 with na_prob.json', () => {
  it('rescores the saved predictions and no-answer probabilities as evaluate-v2.0.py (values as in squad.test.ts)', async () => {
    const data = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'data', 'squad', 'squad-v2.0-dev-2articles.json');
    const fixtures = join(import.meta.dirname, 'squad-fixtures');
    const run = join(dir, 'sq2');
    mkdirSync(run, { recursive: true });
    const ds = loadSquadDataset(data);
    writeManifest(run, {
      schema: MANIFEST_SCHEMA, task: 'squad', workload: 'bert',
      model: { id: null, path: '/m/qa.onnx', sha256: '01'.repeat(32) }, precision: 'fp32', precisionMode: null,
      dataset: squadDatasetIdentity(ds, data), subset: { offset: 0, limit: null, count: 626 }, flags: {},
      files: { predictions: join(fixtures, 'v2-predictions.json'), naProbs: join(fixtures, 'v2-na-prob.json') }, createdAt: '2026-12-01T10:00:00Z',
    });
    const { code, out } = await score([run]);
    expect(code).toBe(0);
    expect(out).toMatch(/SQuAD v2\.0 scoring/);
    expect(out).toMatch(/exact\s+36\.901\n/);
    expect(out).toMatch(/HasAns_f1\s+50\.850\n/);
    expect(out).toMatch(/best_f1\s+67\.026\n/);
    expect(out).toMatch(/best_f1_thresh\s+0\.2875\n/);
  });
});

describe('score: COCO (through accuracy/coco)', () => {
  // one image, one person box 100×100; fp32 finds it exactly (IoU 1), bf16 as 100×72 (IoU 0.72): matched at the
  // thresholds 0.50…0.70 (5 of 10), each with precision 1 up to recall 1 → AP 1.0 and 0.5
  const gt = join(dir, 'instances_tiny.json');
  writeFileSync(gt, JSON.stringify({
    images: [{ id: 1, width: 200, height: 200, file_name: '1.jpg' }],
    annotations: [{ id: 1, image_id: 1, category_id: 1, iscrowd: 0, area: 10000, bbox: [10, 10, 100, 100] }],
    categories: [{ id: 1, name: 'person', supercategory: 'person' }],
  }));
  function cocoRun(name: string, h: number, precision: string): string {
    const run = join(dir, name);
    mkdirSync(run, { recursive: true });
    writeFileSync(join(run, 'results.json'), JSON.stringify([{ image_id: 1, category_id: 1, bbox: [10, 10, 100, h], score: 0.9 }]));
    writeManifest(run, {
      schema: MANIFEST_SCHEMA, task: 'coco', workload: 'ssd',
      model: { id: 'ssd-synthetic', path: '/m/ssd.onnx', sha256: 'ef'.repeat(32) }, precision, precisionMode: precision === 'bf16' ? 'emulated' : null,
      dataset: { path: gt, annotations: gt, sha256: sha256OfFile(gt), total: 1, layout: null },
      subset: { offset: 0, limit: null, count: 1 }, flags: {}, files: { predictions: 'results.json' }, createdAt: '2026-12-01T10:00:00Z',
    });
    return run;
  }
  const fp32 = cocoRun('coco-fp32', 100, 'fp32');
  const bf16 = cocoRun('coco-bf16', 72, 'bf16');

  it('bbox AP side by side and the rule on it', async () => {
    const { code, out } = await score([bf16, '--reference', fp32]);
    expect(code).toBe(1);
    expect(out).toMatch(/bbox AP\s+100\.000\s+50\.000/);
    expect(out).toMatch(/bbox AP50\s+100\.000\s+100\.000/);
    expect(out).toMatch(/FAIL: bbox AP 50\.000 < 99\.0 % of fp32 100\.000/);
  });

  it('refuses annotations other than the manifest\'s', async () => {
    const other = join(dir, 'instances_other.json');
    writeFileSync(other, readFileSync(gt, 'utf8').replace('"area":10000', '"area":9999'));
    await expect(score([bf16, '--data', other])).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/were made on ground truth .* but .*instances_other\.json has/) });
  });
});
