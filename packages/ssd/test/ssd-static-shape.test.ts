/**
 * A torchvision SSD export with a static input size ([3,80,60] / [N,3,80,60]): each photo is resized to it as SSD300's
 * transform resizes to its fixed 300×300 (plain bilinear, aspect not kept), boxes are scaled back to the photo, the
 * output and the record say so; a static batch other than --batch is a usage error naming the batch to use.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ortCpuBackend } from '@modelbench/backends';
import { runRecordProblems, type RunRecord } from '@modelbench/core';
import { Rng } from '@modelbench/models';
import { GraphBuilder, attr } from '@modelbench/onnx';
import { loadImage, writePng, type LoadedImage } from '@modelbench/vision';
import { torchvisionSsdAdapter } from '../src/adapters.ts';
import { checkFixedBatch } from '@modelbench/harness';
import { detectionsOf } from '../src/postprocess.ts';
import { preprocessPhoto } from '../src/preprocess.ts';
import { cli } from './cli.ts';

/** stderr without the progress lines ("[ssd performance] resolving model · elapsed 0:00"): what went wrong, if anything */
const problems = (stderr: string): string => stderr.split('\n').filter((l) => !/^\[\w+ \w+\] /.test(l)).join('\n').trim();

/** images [shape] → boxes [[4,6,30,28],[10,12,40,36]] in input pixels, labels dog 18 and person 1, scores from the mean colour. */
function staticDetector(shape: (number | string)[]): Uint8Array {
  const g = new GraphBuilder('tv-ssd-static');
  g.input('images', 'FLOAT', shape);
  const axes = shape.length === 4 ? [0, 2, 3] : [1, 2];
  const pooled = g.op('ReduceMean', ['images'], { axes: attr.ints(axes), keepdims: attr.int(0) });
  const row = g.op('Unsqueeze', [pooled, g.constInt64('axis0', [0])]);
  const z = g.op('Add', [g.op('MatMul', [row, g.initializer('w', 'FLOAT', [3, 2], new Rng(3).fillNormal(new Float32Array(6), 0, 0.1))]), g.constFloat('b', [2, 1])]);
  g.op('Reshape', [g.op('Sigmoid', [z]), g.constInt64('scores_shape', [2])], {}, 'scores');
  g.op('Identity', [g.constFloat('box_values', [4, 6, 30, 28, 10, 12, 40, 36], [2, 4])], {}, 'boxes');
  g.op('Identity', [g.constInt64('label_values', [18, 1])], {}, 'labels');
  g.output('boxes', 'FLOAT', ['n', 4]);
  g.output('labels', 'INT64', ['n']);
  g.output('scores', 'FLOAT', ['n']);
  return g.toBytes();
}

const dir = mkdtempSync(join(tmpdir(), 'mb-ssd-static-'));
const cache = join(dir, 'cache');
const fixed = join(dir, 'static.onnx');
const batch2 = join(dir, 'static-batch2.onnx');
const photoPath = join(dir, 'red.png');
writeFileSync(fixed, staticDetector([3, 80, 60]));
writeFileSync(batch2, staticDetector([2, 3, 80, 60]));
let photo: LoadedImage;

beforeAll(async () => {
  // 120 wide × 200 high, one colour (255, 0, 51): resized, every value is exactly 1, 0 and 0.2 per channel
  const data = new Uint8Array(120 * 200 * 3);
  for (let i = 0; i < data.length; i += 3) data.set([255, 0, 51], i);
  await writePng(photoPath, { width: 120, height: 200, data });
  photo = await loadImage(photoPath);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sig = (shape: (number | string)[]) => ({
  inputs: [{ name: 'images', type: 'float32' as const, shape }],
  outputs: [
    { name: 'boxes', type: 'float32' as const, shape: ['n', 4] },
    { name: 'labels', type: 'int64' as const, shape: ['n'] },
    { name: 'scores', type: 'float32' as const, shape: ['n'] },
  ],
});

describe('a torchvision SSD export with a static input size', () => {
  it('binds the static size and batch; a dynamic export keeps the photo as it is', () => {
    expect(torchvisionSsdAdapter.match(sig([3, 80, 60]))).toBeNull();
    expect(torchvisionSsdAdapter.match(sig([2, 3, 80, 60]))).toBeNull();
    const b = torchvisionSsdAdapter.bind(sig([3, 80, 60]));
    expect(b).toMatchObject({ staticSize: { width: 60, height: 80 }, staticBatch: null, batchedInput: false, randomInputSize: { width: 60, height: 80 } });
    expect(b.preset.resize).toEqual({ kind: 'exact', width: 60, height: 80 });
    expect(torchvisionSsdAdapter.bind(sig([2, 3, 80, 60]))).toMatchObject({ staticBatch: 2, batchedInput: true });
    expect(torchvisionSsdAdapter.bind(sig(['N', 3, 80, 60]))).toMatchObject({ staticBatch: null, batchedInput: true });
    const dynamic = torchvisionSsdAdapter.bind(sig([3, 'H', 'W']));
    expect(dynamic).toMatchObject({ staticSize: null, staticBatch: null });
    expect(dynamic.preset.resize).toEqual({ kind: 'none' });
    expect(torchvisionSsdAdapter.notes?.(b)).toEqual([expect.stringContaining('static at 60x80: each photo is resized to it')]);
    expect(torchvisionSsdAdapter.notes?.(dynamic)).toEqual([]);
  });

  it('resizes the photo to the static size and runs; boxes come back in the photo\'s pixels (×2 across, ×2.5 down)', async () => {
    const b = torchvisionSsdAdapter.bind(sig([3, 80, 60]));
    const feeds = preprocessPhoto(photo, b);
    const t = feeds.images!;
    expect(t.dims).toEqual([3, 80, 60]);
    const data = t.data as Float32Array;
    const plane = 80 * 60;
    expect([data[0], data[plane + 1234], data[2 * plane + 4799]].map((v) => Number(v!.toFixed(6)))).toEqual([1, 0, 0.2]);
    const loaded = await ortCpuBackend.load({ path: 'static.onnx', bytes: new Uint8Array(readFileSync(fixed)) }, { precision: ortCpuBackend.planPrecision('fp32'), threads: 1 });
    try {
      const out = await loaded.run(feeds, ['boxes', 'labels', 'scores']);
      const dets = detectionsOf(out, b, photo.image.width, photo.image.height);
      // 120/60 = 2 across, 200/80 = 2.5 down
      expect(dets.map((d) => d.box)).toEqual([
        [8, 15, 60, 70],
        [20, 30, 80, 90],
      ]);
      expect(dets.map((d) => d.classId)).toEqual([18, 1]);
    } finally {
      await loaded.dispose();
    }
  });

  it('a static batch of 2 repeats the photo in both slots', () => {
    const b = torchvisionSsdAdapter.bind(sig([2, 3, 80, 60]));
    const t = preprocessPhoto(photo, b).images!;
    expect(t.dims).toEqual([2, 3, 80, 60]);
    const half = 3 * 80 * 60;
    expect(Array.from(t.data.subarray(half, 2 * half) as Float32Array)).toEqual(Array.from(t.data.subarray(0, half) as Float32Array));
  });

  it('refuses a --batch other than a static batch > 1, naming the batch to use', () => {
    expect(() => checkFixedBatch(2, [2, 3, 80, 60], { batch: 8 })).toThrow(
      expect.objectContaining({ code: 'USAGE', exitCode: 2, message: "--batch 8: this model's input [2,3,80,60] is fixed at a batch of 2 images per call", hint: expect.stringMatching(/^pass --batch 2 /) }),
    );
    expect(() => checkFixedBatch(2, [2, 3, 80, 60], { batch: 2 })).not.toThrow();
    expect(() => checkFixedBatch(1, [1, 3, 80, 60], { batch: 8 })).not.toThrow(); // one image a call: the batch runs as consecutive calls
    expect(() => checkFixedBatch(null, ['N', 3, 80, 60], { batch: 8 })).not.toThrow();
  });
});

describe('the command line on a static-size export', { timeout: 180_000 }, () => {
  it('performance --image: exit 0, the output and the record say the photo was resized to the static size', () => {
    const json = join(dir, 'perf.json');
    const r = cli(['performance', '--model', fixed, '--image', photoPath, '--batch', '2', '--iterations', '1', '--no-calibration', '--json', json], cache);
    expect(problems(r.stderr)).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/warning: the model's input is static at 60x80: each photo is resized to it/);
    const rec = JSON.parse(readFileSync(json, 'utf8')) as RunRecord;
    expect(runRecordProblems(rec)).toEqual([]);
    expect(rec.config!.input).toMatch(/^photo red\.png \(120x200\), resized to the model's static 60x80 \(aspect ratio not kept\); 2 consecutive single-image calls/);
    expect(rec.config!.extra).toMatchObject({ staticInput: { width: 60, height: 80, batch: null }, detectionsPerImage: 2 });
    expect(rec.warnings).toContainEqual(expect.stringContaining('static at 60x80'));
  });

  it('performance on a static batch of 2: --batch 8 exits 2 naming --batch 2; --batch 2 runs one call of 2', () => {
    const bad = cli(['performance', '--model', batch2, '--iterations', '1', '--no-calibration'], cache);
    expect(bad.status).toBe(2);
    expect(problems(bad.stderr)).toMatch(/^error \[USAGE\]: --batch 8: this model's input \[2,3,80,60\] is fixed at a batch of 2 images per call\n {2}fix: pass --batch 2 /);
    const json = join(dir, 'b2.json');
    const ok = cli(['performance', '--model', batch2, '--batch', '2', '--iterations', '1', '--no-calibration', '--json', json], cache);
    expect(problems(ok.stderr)).toBe('');
    expect(ok.status).toBe(0);
    const rec = JSON.parse(readFileSync(json, 'utf8')) as RunRecord;
    expect(rec.config).toMatchObject({ batch: 2, batchMode: 'tensor' });
    expect(rec.config!.input).toContain("one call of the model's fixed batch of 2 copies");
  });

  it('validate: exit 0, a note in the output and the record, detections in the photo\'s pixels, labelled a user model', () => {
    const out = join(dir, 'v');
    const json = join(dir, 'v.json');
    const r = cli(['validate', '--model', fixed, '--images', photoPath, '--score-threshold', '0', '--out-dir', out, '--json', json], cache);
    expect(problems(r.stderr)).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\[user model [0-9a-f]{12}\]/);
    expect(r.stdout).toMatch(/^note: the model's input is static at 60x80: each photo is resized to it .* the boxes are scaled back to the photo$/m);
    const dets = JSON.parse(readFileSync(join(out, 'detections.json'), 'utf8')) as { detections: { width: number; fp32: { box: number[] }[] }[] };
    expect(dets.detections[0]!.fp32.map((d) => d.box)).toEqual([
      [8, 15, 60, 70],
      [20, 30, 80, 90],
    ]);
    const rec = JSON.parse(readFileSync(json, 'utf8')) as RunRecord;
    expect(rec.warnings).toContainEqual(expect.stringContaining('static at 60x80')); // the one validate record carries the run's warnings
  });
});
