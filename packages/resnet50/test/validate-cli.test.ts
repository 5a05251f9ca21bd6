/** End to end: `main.ts validate` on the synthetic ResNet50 (generated once into the model cache). */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRecordProblems, type RunRecord } from '@modelbench/core';
import { SAMPLE_PHOTOS_DIR } from '@modelbench/vision';

const root = resolve(import.meta.dirname, '../../..');
const main = join(root, 'packages/resnet50/src/main.ts');
const tsx = join(root, 'node_modules/.bin/tsx');
const dir = mkdtempSync(join(tmpdir(), 'mb-r50-validate-'));
const photo = (name: string) => join(SAMPLE_PHOTOS_DIR, name);

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(tsx, [main, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, MODELBENCH_PROGRESS: '0' }, timeout: 240_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('resnet50 validate', () => {
  it('classifies photos in fp32 and bf16 side by side, reports agreement and passes', { timeout: 120_000 }, () => {
    const out = join(dir, 'out');
    const json = join(dir, 'records.json');
    const r = cli(['validate', '--bf16', '--images', photo('chelsea.png'), '--images', photo('dog.jpg'), '--out-dir', out, '--json', json]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/fp32 vs bf16 \((emulated|native)\)/);
    expect(r.stdout).toMatch(/SYNTHETIC seeded weights/);
    expect(r.stdout).toMatch(/^chelsea\.png {2}451x300$/m);
    expect(r.stdout).toMatch(/^#\s+fp32\s+p\s+bf16 \((emulated|native)\)\s+p$/m);
    expect(r.stdout).toMatch(/top-1 (agrees|DIFFERS) · top-5 overlap \d\/5 · max \|Δp\| \S+ · KL \S+ · logits rel\. error \S+/);
    expect(r.stdout).toMatch(/largest logits relative error \S+ \(need ≤ 0\.02\): ok/);
    expect(r.stdout).toMatch(/^verdict: PASS/m);
    const record = JSON.parse(readFileSync(json, 'utf8')) as RunRecord; // one record, both sides in its validate section
    expect(runRecordProblems(record)).toEqual([]);
    expect([record.mode, record.validate?.reference.backend.precision, record.validate?.candidate.backend.precision]).toEqual(['validate', 'fp32', 'bf16']);
    const agreement = record.validate!.agreement as { candidate: string; passed: boolean; checks: { metric: string; passed: boolean }[]; details: { summary: { images: number; maxLogitsRelativeError: number } } };
    expect(agreement.candidate).toMatch(/^bf16 \((emulated|native)\)$/);
    expect(agreement.details.summary.images).toBe(2);
    expect(agreement.details.summary.maxLogitsRelativeError).toBeGreaterThan(0); // bf16 really changed something
    expect(agreement.checks).toEqual([expect.objectContaining({ metric: 'largest logits relative error', threshold: 0.02, direction: 'max', passed: true })]);
    expect(agreement.passed).toBe(true);
    const predictions = JSON.parse(readFileSync(join(out, 'predictions.json'), 'utf8')) as { predictions: { image: string; fp32: unknown[] }[] };
    expect(predictions.predictions.map((p) => [p.image, p.fp32.length])).toEqual([['chelsea.png', 5], ['dog.jpg', 5]]);
  });

  it('writes a clean --out-dir each run: nothing of an earlier run is left beside the new files', { timeout: 120_000 }, () => {
    const out = join(dir, 'clean');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'validate_bf16.png'), 'stale');
    const r = cli(['validate', '--images', photo('chelsea.png'), '--out-dir', out]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/fp32 vs fp32 \(repeat\)/);
    expect(readdirSync(out)).toEqual(['predictions.json']);
    expect(readdirSync(dir).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });

});
