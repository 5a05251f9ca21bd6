/** `ssd performance` on small models with the torchvision and Zoo signatures: TARGET line, sequential batch, record. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runRecordProblems, type RunRecord } from '@modelbench/core';
import { COCO_DEMO_PHOTO } from '@modelbench/vision';
import { cli } from './cli.ts';
import { notADetector, torchvisionDetector, zooDetector } from './signature-models.ts';

const dir = mkdtempSync(join(tmpdir(), 'mb-ssd-perf-'));
const cache = join(dir, 'cache');
const tv = join(dir, 'tv.onnx');
const zoo = join(dir, 'zoo.onnx');
const classifier = join(dir, 'classifier.onnx');
writeFileSync(tv, torchvisionDetector());
writeFileSync(zoo, zooDetector());
writeFileSync(classifier, notADetector());

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ssd performance command line', { timeout: 120_000 }, () => {
  it('times a torchvision-signature model: batch 3 as 3 single-image calls, record valid', () => {
    const json = join(dir, 'tv.json');
    const r = cli(['performance', '--model', tv, '--batch', '3', '--iterations', '2', '--no-calibration', '--json', json], cache);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^\[TARGET\] ssd Time \d+\.\d{6}$/m);
    const record = JSON.parse(readFileSync(json, 'utf8')) as RunRecord;
    expect(runRecordProblems(record)).toEqual([]);
    // counted from this model's own graph: one MatMul [1,3]×[3,2] = 6 MACs per image (never SSD300's reference figure)
    expect(record.model).toMatchObject({ source: 'file', adapter: 'torchvision', macsPerSample: 6 });
    expect(record.config).toMatchObject({ batch: 3, batchMode: 'sequential', iterations: 2 });
    expect(record.config!.input).toMatch(/random uniform \[0,1\] 300x300.*3 consecutive single-image calls/);
    expect(record.config!.extra).toMatchObject({ callsPerBatch: 3, detectionsPerImage: 2, candidatesPerImage: null });
  });

  it('times the Zoo ssd-12 signature on a photo (--image), resized to 1200×1200', () => {
    const json = join(dir, 'zoo.json');
    const r = cli(['performance', '--model', zoo, '--batch', '1', '--iterations', '1', '--image', COCO_DEMO_PHOTO, '--no-calibration', '--json', json], cache);
    expect(r.status).toBe(0);
    const record = JSON.parse(readFileSync(json, 'utf8')) as RunRecord;
    expect(record.model!.adapter).toBe('zoo-ssd');
    expect(record.model!.macsPerSample).toBe(6); // the same [1,3]×[3,2] MatMul
    expect(record.config!.input).toMatch(/photo demo\.jpg \(640x480\)/);
    expect(record.timers['preprocess ms']).toBeGreaterThan(0);
  });

  it('refuses a model without boxes/labels/scores, naming the adapters it tried (exit 2)', () => {
    const r = cli(['performance', '--model', classifier, '--batch', '1', '--iterations', '1', '--no-calibration'], cache);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/error \[MODEL_SIGNATURE\]: no adapter knows this model's signature/);
    expect(r.stderr).toMatch(/torchvision \(images float\[3,H,W\].*found 1 outputs \(logits\)/);
    expect(r.stderr).toMatch(/zoo-ssd \(image float\[1,3,1200,1200\].*no input named 'image'/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a bad --image and a bad --candidates with one line and exit 2', () => {
    const notImage = join(dir, 'notes.txt');
    writeFileSync(notImage, 'hello');
    const a = cli(['performance', '--model', tv, '--image', notImage, '--iterations', '1', '--no-calibration'], cache);
    expect(a.status).toBe(2);
    expect(a.stderr).toMatch(/error \[BAD_INPUT\]: image .*notes\.txt: not an image/);
    const b = cli(['performance', '--candidates=-5', '--iterations', '1', '--no-calibration'], cache);
    expect(b.status).toBe(2);
    expect(b.stderr).toMatch(/error \[USAGE\]: SSD candidate count must be an integer in \[0, 31920\], got -5/);
  });
});
