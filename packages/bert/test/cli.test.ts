/** End to end: `main.ts validate` and `performance` on the synthetic DistilBERT (generated once into the model cache). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRecordProblems, type RunRecord } from '@modelbench/core';

const root = resolve(import.meta.dirname, '../../..');
const main = join(root, 'packages/bert/src/main.ts');
const tsx = join(root, 'node_modules/.bin/tsx');
const dir = mkdtempSync(join(tmpdir(), 'mb-bert-cli-'));

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(tsx, [main, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, MODELBENCH_PROGRESS: '0' }, timeout: 240_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('bert command line', { timeout: 240_000 }, () => {
  it('validate --bf16 answers your question in both precisions, checks the logits and writes predictions.json', () => {
    const out = join(dir, 'out');
    const json = join(dir, 'records.json');
    const r = cli(['validate', '--bf16', '--question', 'Who ruled Normandy?', '--context', 'Rollo ruled Normandy.', '--records', '2', '--out-dir', out, '--json', json]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/fp32 vs bf16 \((emulated|native)\)/);
    expect(r.stdout).toMatch(/^your question$/m);
    expect(r.stdout).toMatch(/^features: 1 window\(s\) of ≤ 384 tokens \(5 context tokens\)$/m); // roll ##o ruled normandy . (bert-base-uncased word pieces)
    expect(r.stdout).toMatch(/^reference answers: \(none: your own question\)$/m);
    expect(r.stdout).toMatch(/^agreement over 2 sample records: same span \d\/2/m);
    expect(r.stdout).toMatch(/^ {2}largest start\/end logits relative error \S+ \(need ≤ 0\.05\): ok$/m);
    expect(r.stdout).toMatch(/^verdict: PASS \(fp32 vs bf16 \((emulated|native)\): within the thresholds\)$/m);
    expect(readdirSync(out)).toEqual(['predictions.json']);
    const saved = JSON.parse(readFileSync(join(out, 'predictions.json'), 'utf8'));
    expect(saved.question.label).toBe('your question');
    expect(saved.predictions.map((p: { id: string }) => p.id)).toEqual(['56ddde6b9a695914005b9628', '56ddde6b9a695914005b9629']);
    const record = JSON.parse(readFileSync(json, 'utf8')) as RunRecord; // one record, both sides in its validate section
    expect(runRecordProblems(record)).toEqual([]);
    expect((record.validate!.agreement as { details: { sample: { records: number } } }).details.sample.records).toBe(2);
  });

  it('performance prints the TARGET line for a batch of copies of each record', () => {
    const json = join(dir, 'perf.json');
    const r = cli(['performance', '--batch', '2', '--records', '2', '--warmup', '0', '--iterations', '2', '--no-calibration', '--json', json]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^\[TARGET\] bert Time \d+\.\d{6}$/m);
    const raw = JSON.parse(readFileSync(json, 'utf8'));
    const record = (Array.isArray(raw) ? raw[0] : raw) as RunRecord;
    expect(record.config).toMatchObject({ batch: 2, batchMode: 'tensor', iterations: 2 });
    expect(record.config!.input).toMatch(/^SQuAD 2 records in turn, 2 copies per call, natural length \(mean \d+\.\d tokens\)$/);
  });
});
