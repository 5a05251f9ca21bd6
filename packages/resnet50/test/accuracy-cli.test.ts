/**
 * `main.ts accuracy` end to end on tiny ImageNet-style folders written here (sample photos in the labels-file and the
 * folder-per-synset layouts): the synthetic default, two user exports whose top-1/top-5 are known by construction
 * (so the figures are worked by hand, not read back from the code), resume, and bad input.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRecordProblems, type RunRecord } from '@modelbench/core';
import { runWorkloadCommand } from '@modelbench/harness';
import { GraphBuilder } from '@modelbench/onnx';
import { resnet50Workload } from '../src/workload.ts';

const root = resolve(import.meta.dirname, '../../..');
const photos = join(root, '../shared/data/images');
const main = join(root, 'packages/resnet50/src/main.ts');
const tsx = join(root, 'node_modules/.bin/tsx');
const dir = mkdtempSync(join(tmpdir(), 'mb-r50-accuracy-'));

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(tsx, [main, 'accuracy', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, MODELBENCH_PROGRESS: '0' }, timeout: 240_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const FILES = ['chelsea.png', 'coffee.png', 'dog.jpg', 'grace_hopper.jpg'];

/** A labels-file folder: the four photos with these labels, in this order. */
function labelsFolder(name: string, labels: number[]): string {
  const d = join(dir, name);
  mkdirSync(d, { recursive: true });
  FILES.forEach((f) => copyFileSync(join(photos, f), join(d, f)));
  writeFileSync(join(d, 'val_map.txt'), FILES.map((f, i) => `${f} ${labels[i]}\n`).join(''));
  return d;
}

/**
 * A user export [N,3,224,224] → [N,1000] whose logits do not depend on the image: the pooled input times 0 plus 1
 * (ones [N,3]) times W plus b. `columns` sets W's columns (every row the same value), `bias` b.
 */
function constantClassifier(name: string, columns: Record<number, number>, bias: Record<number, number>): string {
  const g = new GraphBuilder(name);
  g.input('image', 'FLOAT', ['N', 3, 224, 224]);
  const flat = g.op('Flatten', [g.op('GlobalAveragePool', ['image'])], { axis: { kind: 'int', value: 1 } });
  const ones = g.op('Add', [g.op('Mul', [flat, g.constFloat('zero', [0])]), g.constFloat('one', [1])]);
  const w = new Float32Array(3 * 1000);
  for (const [c, v] of Object.entries(columns)) for (let r = 0; r < 3; r++) w[r * 1000 + Number(c)] = v;
  const b = Array.from({ length: 1000 }, (_, i) => bias[i] ?? 0);
  g.op('Add', [g.op('MatMul', [ones, g.initializer('w', 'FLOAT', [3, 1000], w)]), g.constFloat('b', b)], {}, 'logits');
  g.output('logits', 'FLOAT', ['N', 1000]);
  const path = join(dir, `${name}.onnx`);
  writeFileSync(path, g.toBytes());
  return path;
}

// Bias 5 > 4 > 3 > 2 > 1 on classes 999, 998, 997, 996, 995: top-5 is those, in that order, for every image and
// precision (the bias is added after the MatMul, in fp32 either way).
const biasModel = constantClassifier('bias-ranked', {}, { 999: 5, 998: 4, 997: 3, 996: 2, 995: 1 });
// Class 20's weight 1.002 beats class 10's 1.0 in fp32 (3.006 > 3); bf16 rounds 1.002 to 1.0 (8 bits of mantissa),
// the two tie and the lower index, 10, comes first: every top-1 flips from 20 to 10, and both stay in the top 5.
const flipModel = constantClassifier('bf16-flip', { 10: 1, 20: 1.002 }, {});

describe('resnet50 accuracy', () => {
  it('scores a user export: top-1 and top-5 worked by hand, fp32 and bf16 side by side, PASS, files for `score`', { timeout: 120_000 }, () => {
    // labels: 999 top-1 hit, 997 top-5 hit, 0 miss, 999 hit → top-1 2/4 = 50 %, top-5 3/4 = 75 %
    const ds = labelsFolder('ds-bias', [999, 997, 0, 999]);
    const out = join(dir, 'out-bias');
    const json = join(dir, 'bias.json');
    const r = cli(['--dataset', ds, '--model', biasModel, '--bf16', '--out-dir', out, '--json', json]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).not.toMatch(/SYNTHETIC/);
    expect(r.stdout).toMatch(/fp32 vs bf16 \((emulated|native)\)/);
    expect(r.stdout).toMatch(/^top-1\s+50\.000\s+50\.000$/m);
    expect(r.stdout).toMatch(/^top-5\s+75\.000\s+75\.000$/m);
    expect(r.stdout).toMatch(/^PASS: top-1 50\.000 ≥ 99\.0 % of fp32 50\.000 = 49\.500/m);
    expect(r.stdout).toMatch(/^0 images whose top-1 changed/m);
    expect(r.stdout).toMatch(/^resnet50 accuracy: PASS/m);
    const slug = readdirSync(out).find((n) => n.startsWith('bf16-'))!;
    expect(readdirSync(out).sort()).toEqual([slug, 'fp32'].sort());
    const lines = readFileSync(join(out, 'fp32', 'predictions.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { file: string; topk: number[] });
    expect(lines.map((l) => [l.file, l.topk])).toEqual(FILES.map((f) => [f, [999, 998, 997, 996, 995]]));
    const manifest = JSON.parse(readFileSync(join(out, slug, 'manifest.json'), 'utf8')) as { precision: string; model: { id: string | null }; subset: unknown };
    expect(manifest).toMatchObject({ precision: 'bf16', model: { id: null }, subset: { offset: 0, limit: null, count: 4 } });
    const saved = JSON.parse(readFileSync(json, 'utf8')) as RunRecord; // one RunRecord, the scores in its accuracy section
    expect(runRecordProblems(saved)).toEqual([]);
    expect(saved.accuracy?.verdict).toBe('PASS');
    expect(saved.accuracy?.sut).toMatchObject({ host: 'worker-thread', instances: 1 }); // the scenarios' SUT host
    expect(saved.accuracy?.candidate.metrics).toEqual({ 'top-1': 50, 'top-5': 75 });
    expect(saved.accuracy?.reference.metrics).toEqual({ 'top-1': 50, 'top-5': 75 });
  });

  it('fails the 99 % rule when bf16 flips every top-1, listing and saving the flipped images', { timeout: 120_000 }, () => {
    const ds = labelsFolder('ds-flip', [20, 20, 20, 20]);
    const out = join(dir, 'out-flip');
    const r = cli(['--dataset', ds, '--model', flipModel, '--bf16', '--out-dir', out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^top-1\s+100\.000\s+0\.000$/m);
    expect(r.stdout).toMatch(/^top-5\s+100\.000\s+100\.000$/m);
    expect(r.stdout).toMatch(/^FAIL: top-1 0\.000 < 99\.0 % of fp32 100\.000/m);
    expect(r.stdout).toMatch(/^4 images whose top-1 changed/m);
    expect(r.stdout).toMatch(/^ {2}chelsea\.png label 20: 20 → 10 /m);
    const slug = readdirSync(out).find((n) => n.startsWith('bf16-'))!;
    const changes = JSON.parse(readFileSync(join(out, slug, 'changes.json'), 'utf8')) as { kind: string; items: { file: string }[] };
    expect(changes.kind).toBe('imagenet-top1');
    expect(changes.items.map((c) => c.file)).toEqual(FILES);
    // the high-accuracy rule on the same predictions: reused, nothing runs again
    const again = cli(['--dataset', ds, '--model', flipModel, '--bf16', '--out-dir', out, '--high-accuracy']);
    expect(again.status).toBe(1);
    expect(again.stdout).toMatch(/\(4 done by an earlier run, reused\)/);
    expect(again.stdout).toMatch(/^FAIL: top-1 0\.000 < 99\.9 % of fp32 100\.000 = 99\.900/m);
  });

  it('resumes: --limit 2 then the whole set reuses the first two; an interrupted line is dropped; another model starts afresh', { timeout: 180_000 }, () => {
    const ds = labelsFolder('ds-resume', [999, 997, 0, 999]);
    const out = join(dir, 'out-resume');
    const first = cli(['--dataset', ds, '--model', biasModel, '--out-dir', out, '--limit', '2']);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/^samples: 0\.\.1 of 4$/m);
    expect(first.stdout).toMatch(/^top-1\s+50\.000\s+50\.000$/m); // chelsea 999 a hit, coffee 997 only in the top 5
    // Mark the reuse: the fp32 record of chelsea.png now says class 0 first, so a reused record makes fp32 top-1
    // 25 % (1 of 4) where a rerun would give 50 %.
    const records = join(out, 'fp32', 'records.jsonl');
    const lines = readFileSync(records, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2);
    const tampered = { ...(JSON.parse(lines[0]!) as object), topk: [0, 1, 2, 3, 4] };
    writeFileSync(records, [JSON.stringify(tampered), lines[1], ''].join('\n'));
    appendFileSync(records, '{"file": "coffee.pn'); // a run killed while writing
    const second = cli(['--dataset', ds, '--model', biasModel, '--out-dir', out]);
    expect(second.stderr).toBe('');
    expect(second.stdout).toMatch(/^samples: 0\.\.3 of 4 \(2 done by an earlier run, reused\)$/m);
    expect(second.stdout).toMatch(/^top-1\s+25\.000\s+50\.000$/m);
    expect(readFileSync(records, 'utf8').trim().split('\n')).toHaveLength(4);
    const third = cli(['--dataset', ds, '--model', flipModel, '--out-dir', out]);
    expect(third.stdout).toMatch(/holds predictions of a different run \(model .*bias-ranked\.onnx/);
    expect(third.stdout).toMatch(/^samples: 0\.\.3 of 4$/m);
  });

  it('runs the synthetic default on the folder-per-synset layout and says its figures mean nothing', { timeout: 180_000 }, () => {
    const ds = join(dir, 'ds-synsets');
    const synsets: Record<string, string> = { 'chelsea.png': 'n02123045', 'coffee.png': 'n07920052', 'dog.jpg': 'n02099601', 'grace_hopper.jpg': 'n03763968' };
    for (const [f, wnid] of Object.entries(synsets)) {
      mkdirSync(join(ds, wnid), { recursive: true });
      copyFileSync(join(photos, f), join(ds, wnid, f));
    }
    const r = cli(['--dataset', ds, '--bf16', '--out-dir', join(dir, 'out-synthetic'), '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^resnet50 accuracy: (PASS|FAIL|n\/a) — top-1 bf16 \((emulated|native)\) \d+\.\d{3} vs fp32 \d+\.\d{3} \(needs 99\.0 %\)\n$/);
    const full = cli(['--dataset', ds, '--bf16', '--out-dir', join(dir, 'out-synthetic')]);
    expect(full.stdout).toMatch(/note: SYNTHETIC seeded weights — the accuracy figures mean nothing/);
    // fp32 top-1 0 % (random weights on 4 photos): nothing to compare — n/a with what was compared, never PASS
    if (/^top-1\s+0\.000\s/m.test(full.stdout)) {
      expect(full.stdout).toMatch(/^n\/a: top-1 — fp32 0\.000 and bf16 \((emulated|native)\) \d+\.\d{3} on the same 4 samples: .*synthetic weights score ~0/m);
      expect(full.stdout).toMatch(/^resnet50 accuracy: n\/a/m);
    }
    expect(full.stdout).toMatch(/synset folders/);
    expect(full.stdout).toMatch(/^top-5\s+\d+\.\d{3}\s+\d+\.\d{3}$/m);
    const keys = readFileSync(join(dir, 'out-synthetic', 'fp32', 'predictions.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { file: string }).file);
    // ImageFolder order: by synset folder name, then file name
    expect(keys).toEqual(['n02099601/dog.jpg', 'n02123045/chelsea.png', 'n03763968/grace_hopper.jpg', 'n07920052/coffee.png']);
  });
});

describe('resnet50 accuracy bad input', () => {
  const accuracy = (args: string[]): Promise<number> => runWorkloadCommand(resnet50Workload, ['accuracy', ...args]);

  it('one error naming the problem and the fix, exit code 2, before any model work, nothing written', async () => {
    const empty = join(dir, 'bad-empty');
    mkdirSync(empty);
    const missing = labelsFolder('bad-missing', [1, 2, 3, 4]);
    appendFileSync(join(missing, 'val_map.txt'), 'lost.jpg 5\n');
    const outOfRange = labelsFolder('bad-range', [1, 2, 1000, 4]);
    const unlabelled = join(dir, 'bad-unlabelled');
    mkdirSync(unlabelled);
    copyFileSync(join(photos, 'dog.jpg'), join(unlabelled, 'dog.jpg'));
    const out = join(dir, 'bad-out');
    const cases: [string[], string, RegExp][] = [
      [[], 'USAGE', /no --dataset/],
      [['--dataset', join(dir, 'nowhere')], 'BAD_INPUT', /nowhere: no such folder/],
      [['--dataset', empty], 'BAD_INPUT', /bad-empty is empty/],
      [['--dataset', unlabelled], 'BAD_INPUT', /holds 1 images but no val_map\.txt or val\.txt/],
      [['--dataset', missing], 'BAD_INPUT', /names 1 images that are not in .* \(first: lost\.jpg\)/],
      [['--dataset', outOfRange], 'BAD_INPUT', /line 3: label 1000 is outside 0\.\.999/],
      [['--dataset', missing, '--threshold', '120'], 'USAGE', /--threshold must be a fraction/],
      [['--dataset', outOfRange, '--preprocess', 'caffe'], 'USAGE', /unknown --preprocess 'caffe'/],
    ];
    for (const [args, code, message] of cases) {
      await expect(accuracy([...args, '--out-dir', out]), args.join(' ')).rejects.toMatchObject({ code, exitCode: 2, message: expect.stringMatching(message), hint: expect.any(String) });
    }
    expect(existsSync(out)).toBe(false);
    // with --json, the failure is an error record there, as in the other modes
    const json = join(dir, 'bad.json');
    await expect(accuracy(['--dataset', empty, '--out-dir', out, '--json', json])).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect(JSON.parse(readFileSync(json, 'utf8'))).toMatchObject({ status: 'error', mode: 'accuracy', workload: 'resnet50', error: { code: 'BAD_INPUT' } });
    expect(existsSync(out)).toBe(false);
  });

  it('the command line prints the problem and its fix, no stack trace, and exits 2', { timeout: 60_000 }, () => {
    const r = cli(['--dataset', join(dir, 'nowhere'), '--out-dir', join(dir, 'bad-cli')]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`error [BAD_INPUT]: ImageNet data set ${join(dir, 'nowhere')}: no such folder\n  fix: pass the folder of the validation images (with val_map.txt / val.txt, or one folder per synset)\n`);
    expect(existsSync(join(dir, 'bad-cli'))).toBe(false);
  });
});
