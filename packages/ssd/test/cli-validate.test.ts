/** `ssd validate` on small torchvision- and Zoo-signature models: photos, PNGs, agreement and verdict. */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runRecordProblems, type RunRecord } from '@modelbench/core';
import { ortCpuBackend } from '@modelbench/backends';
import { COCO_DEMO_PHOTO, SAMPLE_PHOTOS_DIR, readImageHeader } from '@modelbench/vision';
import { cli } from './cli.ts';
import { torchvisionDetector, zooDetector } from './signature-models.ts';

const dir = mkdtempSync(join(tmpdir(), 'mb-ssd-val-'));
const cache = join(dir, 'cache');
const tv = join(dir, 'tv.onnx');
const zoo = join(dir, 'zoo.onnx');
const fragile = join(dir, 'fragile.onnx');
writeFileSync(tv, torchvisionDetector());
writeFileSync(fragile, torchvisionDetector({ fragile: true }));
writeFileSync(zoo, zooDetector());

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ssd validate command line', { timeout: 180_000 }, () => {
  it('compares fp32 and bf16 on the default photos, writes the PNGs and exits 0', () => {
    const out = join(dir, 'out');
    const json = join(dir, 'validate.json');
    const r = cli(['validate', '--model', tv, '--bf16', '--out-dir', out, '--json', json], cache);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/fp32 vs bf16 \((emulated|native)\)/);
    expect(r.stdout).toMatch(/^demo\.jpg \(640x480\): fp32 2 detections ≥ 0\.5, bf16 \((emulated|native)\) 2; matched 2: precision 1\.000, recall 1\.000/m);
    expect(r.stdout).toMatch(/dog\s+0\.\d{3}\s+\[4,6,30,28\]\s+dog/);
    expect(r.stdout).toMatch(/over 7 image\(s\): 14 of 14 fp32 \/ 14 bf16 \((emulated|native)\) detections matched/);
    expect(r.stdout).toMatch(/^verdict: PASS/m);
    const slug = `bf16-${ortCpuBackend.planPrecision('bf16').execution}`;
    for (const f of ['validate_fp32.png', `validate_${slug}.png`, 'validate_side_by_side.png', 'dog_side_by_side.png']) {
      const header = readImageHeader(readFileSync(join(out, f)));
      expect(header?.format).toBe('png');
    }
    expect(readImageHeader(readFileSync(join(out, 'validate_side_by_side.png')))!.width).toBeGreaterThan(2 * 640);
    const record = JSON.parse(readFileSync(json, 'utf8')) as RunRecord; // one record, both sides in its validate section
    expect(runRecordProblems(record)).toEqual([]);
    expect(record.validate?.agreement).toMatchObject({ candidate: expect.stringMatching(/^bf16 \(/), passed: true, details: { totals: { matched: 14, precision: 1, recall: 1 } } });
    const detections = JSON.parse(readFileSync(join(out, 'detections.json'), 'utf8')) as { detections: unknown[] };
    expect(detections.detections).toHaveLength(7);
  });

  it('fails the verdict (exit 1) when bf16 changes the scores (a model with bf16-fragile weights)', () => {
    const r = cli(['validate', '--model', fragile, '--bf16', '--images', COCO_DEMO_PHOTO, '--out-dir', join(dir, 'out-fragile')], cache);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^verdict: FAIL — max \|Δscore\| 0\.\d{4} \(need ≤ 0\.05\)$/m);
  });

  it('without --bf16 compares two fp32 sessions (determinism) and passes', () => {
    const r = cli(['validate', '--model', fragile, '--images', COCO_DEMO_PHOTO, '--out-dir', join(dir, 'out-fp32')], cache);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/fp32 vs fp32 \(repeat\)/);
    expect(r.stdout).toMatch(/max \|Δscore\| 0\.00000/);
  });

  it('reads Zoo ssd-12 detections back into the photo with COCO names', () => {
    const out = join(dir, 'out-zoo');
    const r = cli(['validate', '--model', zoo, '--images', join(SAMPLE_PHOTOS_DIR, 'dog.jpg'), '--out-dir', out], cache);
    expect(r.status).toBe(0);
    // box (0.1, 0.2, 0.5, 0.6) on 768×576, Zoo label 17 = dog
    expect(r.stdout).toMatch(/dog\s+0\.\d{3}\s+\[77,115,384,346\]/);
    expect(existsSync(join(out, 'validate_fp32-repeat.png'))).toBe(true);
  });
});
