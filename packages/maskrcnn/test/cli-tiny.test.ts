/**
 * The command line end to end on small models with the Mask R-CNN signatures (seconds, not minutes): performance
 * records a sequential batch, validate writes the PNGs and passes, and fails when bf16 changes a score.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ortCpuBackend } from '@modelbench/backends';
import { cli } from './cli.ts';
import { writeTestPhoto } from './photo.ts';
import { torchvisionInstanceModel, zooInstanceModel } from './signature-models.ts';

const dir = mkdtempSync(join(tmpdir(), 'mb-maskrcnn-cli-'));
const cache = join(dir, 'cache');
const photo = join(dir, 'photo.png');
const tv = join(dir, 'tv.onnx');
const fragile = join(dir, 'fragile.onnx');
const zoo = join(dir, 'zoo.onnx');

beforeAll(async () => {
  await writeTestPhoto(photo);
  writeFileSync(tv, torchvisionInstanceModel());
  writeFileSync(fragile, torchvisionInstanceModel({ fragile: true }));
  writeFileSync(zoo, zooInstanceModel());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('maskrcnn command line (small signature models)', { timeout: 120_000 }, () => {
  it('performance: one image per call, the batch as consecutive calls, in the record', () => {
    const json = join(dir, 'perf.json');
    const r = cli(['performance', '--model', tv, '--image', photo, '--batch', '2', '--iterations', '1', '--no-calibration', '--json', json], cache);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^\[TARGET\] maskrcnn Time \d+\.\d+/m);
    const record = JSON.parse(readFileSync(json, 'utf8'));
    const rec = Array.isArray(record) ? record[0] : record;
    expect(rec.config.batch).toBe(2);
    expect(rec.config.batchMode).toBe('sequential');
    expect(rec.config.extra).toMatchObject({ callsPerBatch: 2, detectionsPerImage: 2 });
    expect(rec.model.adapter).toBe('torchvision');
  });

  it('performance runs a Zoo MaskRCNN-12-shaped model through its adapter', () => {
    const r = cli(['performance', '--model', zoo, '--image', photo, '--batch', '1', '--iterations', '1', '--no-calibration'], cache);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\[TARGET\] maskrcnn Time/);
  });

  it('validate --bf16 writes the three PNGs, prints the agreement and passes', () => {
    const out = join(dir, 'validate');
    const json = join(dir, 'validate.json');
    const r = cli(['validate', '--model', tv, '--images', photo, '--bf16', '--out-dir', out, '--json', json], cache);
    expect(r.status, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toMatch(/fp32 vs bf16 \((emulated|native)\)/);
    expect(r.stdout).toMatch(/matched 2 \(precision 1\.000, recall 1\.000\)/);
    expect(r.stdout).toMatch(/verdict: PASS/);
    const slug = `bf16-${ortCpuBackend.planPrecision('bf16').execution}`;
    for (const png of ['validate_fp32.png', `validate_${slug}.png`, 'validate_side_by_side.png', 'photo_side_by_side.png']) expect(existsSync(join(out, png)), png).toBe(true);
    const saved = JSON.parse(readFileSync(join(out, 'instances.json'), 'utf8'));
    expect(saved.agreement.details.totals.matched).toBe(2);
    const record = JSON.parse(readFileSync(json, 'utf8')); // one record, both sides in its validate section
    expect([record.mode, record.validate.reference.backend.precision, record.validate.candidate.backend.precision]).toEqual(['validate', 'fp32', 'bf16']);
    expect(record.validate.agreement.details.totals.meanMaskIou).toBeGreaterThan(0.9);
    expect(record.validate.agreement.checks.map((c: { metric: string }) => c.metric)).toEqual(['precision', 'recall', 'mean mask IoU', 'max |Δscore|']);
  });

  it('validate fails (exit 1) when bf16 moves a score beyond --max-score-diff', () => {
    const r = cli(['validate', '--model', fragile, '--images', photo, '--bf16', '--out-dir', join(dir, 'fragile')], cache);
    expect(r.status, r.stderr + r.stdout).toBe(1);
    expect(r.stdout).toMatch(/verdict: FAIL — max \|Δscore\| 0\.26\d+ \(need ≤ 0\.05\)/);
  });
});
