/**
 * A torchvision Mask R-CNN export with a static input size ([3,80,60] / [N,3,80,60]): each photo is letterboxed into it
 * (aspect kept, top-left, ImageNet-mean padding), boxes and masks are mapped back to the photo — worked by hand on a
 * half-white, half-black photo — and the output and the record say so; a static batch other than --batch is refused.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ortCpuBackend } from '@modelbench/backends';
import { runRecordProblems, type RunRecord } from '@modelbench/core';
import { GraphBuilder, attr } from '@modelbench/onnx';
import { loadImage, writePng, type LoadedImage } from '@modelbench/vision';
import { torchvisionMaskRcnnAdapter } from '../src/adapters.ts';
import { letterboxSize } from '../src/lib/letterbox.ts';
import { maskRcnnPipeline } from '../src/pipeline.ts';
import { photoInput } from '../src/preprocess.ts';
import { cli } from './cli.ts';

/** stderr without the progress lines ("[ssd performance] resolving model · elapsed 0:00"): what went wrong, if anything */
const problems = (stderr: string): string => stderr.split('\n').filter((l) => !/^\[\w+ \w+\] /.test(l)).join('\n').trim();

/**
 * images [shape] → boxes [[4,6,30,28],[20,12,60,44]] in input pixels, labels dog 18 / person 1, scores 0.88 / 0.73
 * (sigmoid 2, 1), masks [2,1,H,W]: sigmoid(±(8·(r+g+b) − 12)) — mask 0 on bright pixels, mask 1 on dark ones.
 */
function staticInstanceModel(shape: (number | string)[]): Uint8Array {
  const g = new GraphBuilder('tv-maskrcnn-static');
  g.input('images', 'FLOAT', shape);
  const image = shape.length === 4 ? g.op('Slice', ['images', g.constInt64('s0', [0]), g.constInt64('s1', [1]), g.constInt64('s2', [0])]) : g.op('Unsqueeze', ['images', g.constInt64('axis', [0])]);
  g.op('Sigmoid', [g.constFloat('logits', [2, 1])], {}, 'scores');
  g.op('Identity', [g.constFloat('box_values', [4, 6, 30, 28, 20, 12, 60, 44], [2, 4])], {}, 'boxes');
  g.op('Identity', [g.constInt64('label_values', [18, 1])], {}, 'labels');
  const w = g.initializer('mask_w', 'FLOAT', [2, 3, 1, 1], Float32Array.from([8, 8, 8, -8, -8, -8]));
  const conv = g.op('Conv', [image, w, g.constFloat('mask_b', [-12, 12])], { kernel_shape: attr.ints([1, 1]) });
  g.op('Transpose', [g.op('Sigmoid', [conv])], { perm: attr.ints([1, 0, 2, 3]) }, 'masks');
  g.output('boxes', 'FLOAT', ['n', 4]);
  g.output('labels', 'INT64', ['n']);
  g.output('scores', 'FLOAT', ['n']);
  g.output('masks', 'FLOAT', ['n', 1, shape.at(-2)!, shape.at(-1)!]);
  return g.toBytes();
}

const dir = mkdtempSync(join(tmpdir(), 'mb-maskrcnn-static-'));
const cache = join(dir, 'cache');
const fixed = join(dir, 'static.onnx');
const batch2 = join(dir, 'static-batch2.onnx');
const photoPath = join(dir, 'half.png');
writeFileSync(fixed, staticInstanceModel([3, 80, 60]));
writeFileSync(batch2, staticInstanceModel([2, 3, 80, 60]));
let photo: LoadedImage;

beforeAll(async () => {
  // 120 wide × 100 high: columns 0–59 white, 60–119 black
  const data = new Uint8Array(120 * 100 * 3);
  for (let y = 0; y < 100; y++) data.fill(255, y * 360, y * 360 + 180);
  await writePng(photoPath, { width: 120, height: 100, data });
  photo = await loadImage(photoPath);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sig = (shape: (number | string)[]) => ({
  inputs: [{ name: 'images', type: 'float32' as const, shape }],
  outputs: [
    { name: 'boxes', type: 'float32' as const, shape: ['n', 4] },
    { name: 'labels', type: 'int64' as const, shape: ['n'] },
    { name: 'scores', type: 'float32' as const, shape: ['n'] },
    { name: 'masks', type: 'float32' as const, shape: ['n', 1, shape.at(-2)!, shape.at(-1)!] },
  ],
});

describe('a torchvision Mask R-CNN export with a static input size', () => {
  it('fits the photo into the canvas with its aspect kept: the limiting side fills it', () => {
    // 120×100 into 60×80: 60/120 = 0.5 < 80/100 = 0.8, so 60 × round(100·0.5) = 60×50
    expect(letterboxSize(120, 100, { width: 60, height: 80 })).toEqual({ width: 60, height: 50, scale: 0.5 });
    // 100×400 into 60×80: 80/400 = 0.2 < 0.6, so round(100·0.2) × 80 = 20×80
    expect(letterboxSize(100, 400, { width: 60, height: 80 })).toEqual({ width: 20, height: 80, scale: 0.2 });
    expect(letterboxSize(60, 80, { width: 60, height: 80 })).toEqual({ width: 60, height: 80, scale: 1 });
  });

  it('binds the static size and batch; notes what it does; a dynamic export is unchanged', () => {
    expect(torchvisionMaskRcnnAdapter.match(sig([2, 3, 80, 60]))).toBeNull();
    const b = torchvisionMaskRcnnAdapter.bind(sig([3, 80, 60]));
    expect(b).toMatchObject({ staticSize: { width: 60, height: 80 }, staticBatch: null, batchedInput: false });
    expect(torchvisionMaskRcnnAdapter.bind(sig([2, 3, 80, 60]))).toMatchObject({ staticBatch: 2, batchedInput: true });
    expect(torchvisionMaskRcnnAdapter.notes?.(b)).toEqual([expect.stringMatching(/^the model's input is static at 60x80: each photo is letterboxed into it/)]);
    expect(torchvisionMaskRcnnAdapter.bind(sig([3, 'H', 'W']))).toMatchObject({ staticSize: null });
  });

  it('letterboxes the photo: white and black halves top-left as 60×50, the rest the ImageNet mean', () => {
    const b = torchvisionMaskRcnnAdapter.bind(sig([3, 80, 60]));
    const input = photoInput(photo, b);
    expect(input.dims).toEqual([3, 80, 60]);
    expect(input.letterbox).toEqual({ canvas: { width: 60, height: 80 }, resized: { width: 60, height: 50 } });
    // the pipeline's context: the geometry pre-processing made, which post-processing maps back with
    expect(maskRcnnPipeline(b).preprocess({ photo, maskThreshold: 0.5 }).context).toEqual({ geometry: { width: 120, height: 100, scaleX: 0.5, scaleY: 0.5, letterbox: input.letterbox }, maskThreshold: 0.5 });
    const at = (c: number, y: number, x: number): number => Number(input.data[c * 4800 + y * 60 + x]!.toFixed(6));
    expect([at(0, 10, 10), at(1, 49, 29), at(2, 10, 30), at(0, 49, 59)]).toEqual([1, 1, 0, 0]); // column 29 still white, 30 black
    expect([at(0, 50, 10), at(1, 79, 59), at(2, 60, 0)]).toEqual([0.485, 0.456, 0.406]);
  });

  it('maps boxes (÷ 0.5) and masks (the photo\'s part, resized ×2) back to the photo', async () => {
    const b = torchvisionMaskRcnnAdapter.bind(sig([3, 80, 60]));
    const loaded = await ortCpuBackend.load({ path: 'static.onnx', bytes: new Uint8Array(readFileSync(fixed)) }, { precision: ortCpuBackend.planPrecision('fp32'), threads: 1 });
    try {
      const pipeline = maskRcnnPipeline(b);
      const { inputs, context } = pipeline.preprocess({ photo, maskThreshold: 0.5 });
      const inst = pipeline.postprocess(await loaded.run(inputs, pipeline.outputNames), context);
      expect(inst.map((i) => i.box)).toEqual([
        [8, 12, 60, 56],
        [40, 24, 120, 88],
      ]);
      expect(inst.map((i) => i.classId)).toEqual([18, 1]);
      // mask 0: the white half exactly (column 59 samples 0.25 of the black column: 0.75 > 0.5; column 60 0.25)
      const m0 = inst[0]!.mask;
      const m1 = inst[1]!.mask;
      expect(m0.length).toBe(120 * 100);
      const leftHalf = (m: Uint8Array, on: number): boolean => Array.from(m).every((v, i) => v === ((i % 120 < 60) === (on === 1) ? 1 : 0));
      expect(leftHalf(m0, 1)).toBe(true);
      expect(leftHalf(m1, 0)).toBe(true);
    } finally {
      await loaded.dispose();
    }
  });
});

describe('the command line on a static-size export', { timeout: 180_000 }, () => {
  it('performance: exit 0, the output and the record say the photo was letterboxed', () => {
    const json = join(dir, 'perf.json');
    const r = cli(['performance', '--model', fixed, '--image', photoPath, '--batch', '2', '--iterations', '1', '--no-calibration', '--json', json], cache);
    expect(problems(r.stderr)).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/warning: the model's input is static at 60x80: each photo is letterboxed into it/);
    const rec = JSON.parse(readFileSync(json, 'utf8')) as RunRecord;
    expect(runRecordProblems(rec)).toEqual([]);
    expect(rec.config!.input).toMatch(/^photo half\.png \(120x100\), letterboxed into the model's static 60x80 as 60x50; 2 consecutive single-image calls/);
    expect(rec.config!.extra).toMatchObject({ staticInput: { width: 60, height: 80, batch: null, photoPart: { width: 60, height: 50 } }, detectionsPerImage: 2 });
  });

  it('a static batch of 2: --batch 8 exits 2 naming --batch 2; --batch 2 runs one call', () => {
    const bad = cli(['performance', '--model', batch2, '--image', photoPath, '--iterations', '1', '--no-calibration'], cache);
    expect(bad.status).toBe(2);
    expect(problems(bad.stderr)).toMatch(/^error \[USAGE\]: --batch 8: this model's input \[2,3,80,60\] is fixed at a batch of 2 images per call\n {2}fix: pass --batch 2 /);
    const ok = cli(['performance', '--model', batch2, '--image', photoPath, '--batch', '2', '--iterations', '1', '--no-calibration'], cache);
    expect(problems(ok.stderr)).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/batch 2 \(tensor\)/);
  });

  it('validate: exit 0 with the note, a user model', () => {
    const r = cli(['validate', '--model', fixed, '--images', photoPath, '--out-dir', join(dir, 'v')], cache);
    expect(problems(r.stderr)).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\[user model [0-9a-f]{12}\]/);
    expect(r.stdout).toMatch(/^note: the model's input is static at 60x80: each photo is letterboxed into it/m);
  });
});
