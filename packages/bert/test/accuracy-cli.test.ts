/**
 * `main.ts accuracy` end to end: a user export whose answer is known by construction (start logit 1 on the token
 * "10th", end logit 1 on "centuries") on SQuAD files written here, so EM/F1 are worked by hand — including a context
 * long enough for several windows, whose answer only the last windows hold; SQuAD v2.0 with na_prob.json and the
 * null-score threshold; the synthetic DistilBERT on the shared SQuAD v2.0 file; bad input.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runWorkloadCommand } from '@modelbench/harness';
import { GraphBuilder } from '@modelbench/onnx';
import { DEFAULT_TOKENIZER } from '../src/lib/defaults.ts';
import { buildQaExample } from '../src/lib/features.ts';
import { loadQaTokenizer } from '../src/lib/tokenizer.ts';
import { bertWorkload } from '../src/workload.ts';

const root = resolve(import.meta.dirname, '../../..');
const main = join(root, 'packages/bert/src/main.ts');
const tsx = join(root, 'node_modules/.bin/tsx');
const dir = mkdtempSync(join(tmpdir(), 'mb-bert-accuracy-'));

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(tsx, [main, 'accuracy', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, MODELBENCH_PROGRESS: '0' }, timeout: 240_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// bert-base-uncased vocabulary ids (vocab.txt line − 1): "10th" 6049, "centuries" 4693
const TENTH = 6049n;
const CENTURIES = 4693n;

/** An HF-style QA export: start_logits = [input_ids = 10th]·mask, end_logits = [input_ids = centuries]·mask. */
function markerModel(): string {
  const g = new GraphBuilder('marker-qa');
  g.input('input_ids', 'INT64', ['N', 'S']);
  g.input('attention_mask', 'INT64', ['N', 'S']);
  const mask = g.op('Cast', ['attention_mask'], { to: { kind: 'int', value: 1 } });
  const marker = (id: bigint, out: string): void => {
    const hit = g.op('Cast', [g.op('Equal', ['input_ids', g.initializer(`id${id}`, 'INT64', [1], BigInt64Array.from([id]))])], { to: { kind: 'int', value: 1 } });
    g.op('Mul', [hit, mask], {}, out);
    g.output(out, 'FLOAT', ['N', 'S']);
  };
  marker(TENTH, 'start_logits');
  marker(CENTURIES, 'end_logits');
  const path = join(dir, 'marker-qa.onnx');
  writeFileSync(path, g.toBytes());
  return path;
}
const model = markerModel();

// every gold answer is in its context at its answer_start (checked as validate checks it); the second "10th" comes
// after the only "centuries", so it starts no span and the marker model's answer stays "10th and 11th centuries"
const shortContext = 'The Normans lived in Normandy in the 10th and 11th centuries and spoke French from the 10th century on.';
// ~1000 tokens before the answer: five or so windows of ≤ 384 tokens, the answer only in the last ones
const longContext = `${'The river flows north. '.repeat(200)}In the 10th and 11th centuries it froze.`;

function squadFile(name: string, version: '1.1' | 'v2.0'): string {
  const qa = (id: string, question: string, answers: string[], impossible = false, context = shortContext) => ({
    id,
    question,
    answers: answers.map((text) => ({ text, answer_start: context.indexOf(text) })),
    ...(version === 'v2.0' ? { is_impossible: impossible } : {}),
  });
  const data = [
    {
      title: 'Test',
      paragraphs: [
        {
          context: shortContext,
          qas: [
            qa('q1', 'When did the Normans live in Normandy?', ['10th and 11th centuries', 'in the 10th and 11th centuries']),
            qa('q2', 'In which century?', ['10th century']),
            ...(version === 'v2.0' ? [qa('q4', 'When did the Normans fly?', [], true)] : []),
          ],
        },
        { context: longContext, qas: [qa('q3', 'When did the river freeze?', ['10th and 11th centuries'], false, longContext)] },
      ],
    },
  ];
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify({ version, data }));
  return path;
}

describe('bert accuracy', () => {
  it('the long context is cut into several windows and the first holds no answer token', async () => {
    const example = await buildQaExample(loadQaTokenizer(DEFAULT_TOKENIZER), 'When did the river freeze?', longContext);
    expect(example.features.length).toBeGreaterThanOrEqual(4);
    expect(example.features[0]!.inputIds).not.toContain(Number(TENTH));
    expect(example.features.at(-1)!.inputIds).toContain(Number(TENTH));
  });

  it('SQuAD v1.1: EM/F1 worked by hand, every window of a long context searched, fp32 and bf16 side by side', { timeout: 120_000 }, () => {
    // predicted "10th and 11th centuries" everywhere: q1 EM 1 F1 1; q2 EM 0, F1 of {10th} over 4 and 2 tokens = 1/3;
    // q3 (answer in the last windows only) EM 1 F1 1 → EM 2/3 = 66.667 %, F1 (1 + 1/3 + 1)/3 = 77.778 %
    const out = join(dir, 'out-v1');
    const r = cli(['--dataset', squadFile('v1.json', '1.1'), '--model', model, '--bf16', '--out-dir', out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/SQuAD v1\.1 .*3 questions/);
    expect(r.stdout).toMatch(/^exact_match\s+66\.667\s+66\.667$/m);
    expect(r.stdout).toMatch(/^f1\s+77\.778\s+77\.778$/m);
    expect(r.stdout).toMatch(/^PASS: f1 77\.778 ≥ 99\.0 % of fp32 77\.778/m);
    expect(r.stdout).toMatch(/^0 questions whose answer changed/m);
    const slug = readdirSync(out).find((n) => n.startsWith('bf16-'))!;
    const predictions = JSON.parse(readFileSync(join(out, slug, 'predictions.json'), 'utf8')) as Record<string, string>;
    expect(predictions).toEqual({ q1: '10th and 11th centuries', q2: '10th and 11th centuries', q3: '10th and 11th centuries' });
    expect(existsSync(join(out, slug, 'na_prob.json'))).toBe(false);
  });

  it('SQuAD v2.0: na_prob.json holds run_qa\'s score difference; --null-score-diff-threshold turns answers into ""', { timeout: 120_000 }, () => {
    const file = squadFile('v2.json', 'v2.0');
    // null score (position 0: 0 + 0) − best span (1 + 1) = −2 for every question, ≤ 0: answered.
    // q1 1, q2 0 (F1 1/3), q3 1, q4 (no answer) 0 → exact 50 %, f1 (1 + 1/3 + 1)/4 = 58.333 %
    const out = join(dir, 'out-v2');
    const r = cli(['--dataset', file, '--model', model, '--out-dir', out]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^exact\s+50\.000\s+50\.000$/m);
    expect(r.stdout).toMatch(/^f1\s+58\.333\s+58\.333$/m);
    expect(r.stdout).toMatch(/^HasAns_exact\s+66\.667\s+66\.667$/m);
    expect(r.stdout).toMatch(/^NoAns_exact\s+0\.000\s+0\.000$/m);
    expect(JSON.parse(readFileSync(join(out, 'fp32', 'na_prob.json'), 'utf8'))).toEqual({ q1: -2, q2: -2, q4: -2, q3: -2 });
    // threshold −3: −2 > −3, so every answer is "": only q4 is right → exact 25 %
    const t = cli(['--dataset', file, '--model', model, '--out-dir', out, '--null-score-diff-threshold', '-3']);
    expect(t.stdout).toMatch(/holds predictions of a different run \(null-score-diff-threshold 0\)/);
    expect(t.stdout).toMatch(/^exact\s+25\.000\s+25\.000$/m);
    expect(JSON.parse(readFileSync(join(out, 'fp32', 'predictions.json'), 'utf8'))).toEqual({ q1: '', q2: '', q4: '', q3: '' });
  });

  it('runs the synthetic DistilBERT on the shared SQuAD v2.0 dev file (--limit 3) and says its figures mean nothing', { timeout: 180_000 }, () => {
    const out = join(dir, 'out-synthetic');
    const r = cli(['--dataset', join(root, '../shared/data/squad/squad-v2.0-dev-2articles.json'), '--bf16', '--limit', '3', '--out-dir', out]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/note: SYNTHETIC seeded weights — the accuracy figures mean nothing/);
    expect(r.stdout).toMatch(/SQuAD v2\.0 .*626 questions, 333 without an answer/);
    expect(r.stdout).toMatch(/^samples: 0\.\.2 of 626$/m);
    expect(r.stdout).toMatch(/^f1\s+\d+\.\d{3}\s+\d+\.\d{3}$/m);
    // random weights: F1 may be 0 for fp32, where the rule has nothing to compare (n/a, exit 0, never PASS)
    expect(r.stdout).toMatch(/^bert accuracy: (PASS|FAIL|n\/a) — f1 bf16 \((emulated|native)\)/m);
    expect(r.status).toBe(r.stdout.includes('bert accuracy: FAIL') ? 1 : 0);
    if (/^f1\s+0\.000\s/m.test(r.stdout)) expect(r.stdout).toMatch(/^bert accuracy: n\/a/m);
    const slug = readdirSync(out).find((n) => n.startsWith('bf16-'))!;
    expect(Object.keys(JSON.parse(readFileSync(join(out, slug, 'na_prob.json'), 'utf8')) as object)).toHaveLength(3);
  });
});

describe('bert accuracy bad input', () => {
  it('one error naming the problem and the fix, exit code 2, nothing written', async () => {
    const notJson = join(dir, 'notes.json');
    writeFileSync(notJson, 'not json');
    const out = join(dir, 'bad-out');
    const cases: [string[], string, RegExp][] = [
      [[], 'USAGE', /no --dataset/],
      [['--dataset', join(dir, 'missing.json')], 'BAD_INPUT', /missing\.json/],
      [['--dataset', notJson], 'BAD_INPUT', /notes\.json/],
      [['--dataset', squadFile('ok.json', '1.1'), '--offset', '3'], 'USAGE', /--offset 3 is past the end of the data set \(3 samples\)/],
    ];
    for (const [args, code, message] of cases) {
      await expect(runWorkloadCommand(bertWorkload, ['accuracy', ...args, '--out-dir', out]), args.join(' ')).rejects.toMatchObject({ code, exitCode: 2, message: expect.stringMatching(message) });
    }
    expect(existsSync(out)).toBe(false);
  });
});
