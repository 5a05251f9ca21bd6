/** Bad input refused with one line and exit 2 before any model work: flags, detection count, photos, signatures. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './cli.ts';
import { boxesOnlyModel, torchvisionInstanceModel } from './signature-models.ts';

const dir = mkdtempSync(join(tmpdir(), 'mb-maskrcnn-bad-'));
const cache = join(dir, 'cache');
const tv = join(dir, 'tv.onnx');
const boxesOnly = join(dir, 'boxes-only.onnx');
writeFileSync(tv, torchvisionInstanceModel());
writeFileSync(boxesOnly, boxesOnlyModel());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('maskrcnn bad input', { timeout: 120_000 }, () => {
  it('refuses bad flags and values with exit 2', () => {
    const cases: [string[], RegExp][] = [
      [['performance', '--detections', '101'], /error \[USAGE\]: --detections: detections must be an integer in 1\.\.100, got 101/],
      [['performance', '--detections', '0'], /error \[USAGE\].*--detections/],
      [['performance', '--no-such-flag'], /error \[USAGE\].*no-such-flag/],
      [['validate', '--model', tv, '--score-threshold', '2'], /error \[USAGE\]: --score-threshold must be between 0 and 1, got 2/],
      [['validate', '--model', tv, '--images', join(dir, 'missing.png')], /error \[BAD_INPUT\]: image input .*missing\.png/],
    ];
    for (const [args, message] of cases) {
      const r = cli(args, cache);
      expect(r.status, args.join(' ') + r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });

  it('names the adapters it tried for a model without masks', () => {
    const r = cli(['performance', '--model', boxesOnly, '--batch', '1', '--iterations', '1', '--no-calibration'], cache);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/error \[MODEL_SIGNATURE\]: no adapter knows this model's signature/);
    expect(r.stderr).toMatch(/zoo-maskrcnn .*no 'image' input/);
    expect(r.stderr).toMatch(/torchvision .*expected outputs boxes, labels, scores, masks/);
  });
});
