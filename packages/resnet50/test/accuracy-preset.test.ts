/**
 * The pre-processing preset of `resnet50 accuracy` (issue #21): IMAGENET1K_V2's Resize 232 + CenterCrop 224 chosen by
 * `--preprocess torchvision-v2` or by the export's own metadata, and recorded. Worked by hand on a picture made so
 * the two crops see different pixels: 512×512 black with a 20 px white frame. V1 (256, crop 224) keeps the central
 * 448 source pixels — black only; V2 (232, crop 224) keeps the central ~496 — about 5 px of frame a side at 224.
 * The export's class 1 logit is the sum of the three channel means of its input (black normalises to
 * −0.485/0.229 − 0.456/0.224 − 0.406/0.225 = −5.958; white to +7.318), class 0 is a constant −5.3, every other class
 * −100: V1 gives −5.958 < −5.3 (top-1 class 0), V2 about 0.91·(−5.958) + 0.09·7.318 ≈ −4.8 > −5.3 (class 1).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphBuilder } from '@modelbench/onnx';
import { TORCHVISION_IMAGENET, TORCHVISION_IMAGENET_V2, ORIGINAL_DIRECT_224 } from '@modelbench/vision';
import { presetByName } from '../src/preprocess.ts';
import { choosePreset, onnxMetadata } from '../src/lib/preset-choice.ts';

const root = resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'mb-r50-preset-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(join(root, 'node_modules/.bin/tsx'), [join(root, 'packages/resnet50/src/main.ts'), 'accuracy', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, MODELBENCH_PROGRESS: '0' }, timeout: 240_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function meanSumClassifier(metadata: Record<string, string> = {}): Uint8Array {
  const g = new GraphBuilder('mean-sum');
  g.input('image', 'FLOAT', ['N', 3, 224, 224]);
  const flat = g.op('Flatten', [g.op('GlobalAveragePool', ['image'])], { axis: { kind: 'int', value: 1 } });
  const w = new Float32Array(3 * 1000);
  for (let r = 0; r < 3; r++) w[r * 1000 + 1] = 1;
  const b = Array.from({ length: 1000 }, (_, i) => (i === 0 ? -5.3 : i === 1 ? 0 : -100));
  g.op('Add', [g.op('MatMul', [flat, g.initializer('w', 'FLOAT', [3, 1000], w)]), g.constFloat('b', b)], {}, 'logits');
  g.output('logits', 'FLOAT', ['N', 1000]);
  return g.toBytes({ metadata });
}

const data = join(dir, 'framed');
const plain = join(dir, 'plain.onnx');
const tagged = join(dir, 'tagged.onnx');

beforeAll(async () => {
  mkdirSync(data, { recursive: true });
  const black = await sharp({ create: { width: 472, height: 472, channels: 3, background: { r: 0, g: 0, b: 0 } } }).png().toBuffer();
  for (const f of ['a.png', 'b.png']) {
    await sharp({ create: { width: 512, height: 512, channels: 3, background: { r: 255, g: 255, b: 255 } } }).composite([{ input: black, left: 20, top: 20 }]).png().toFile(join(data, f));
  }
  writeFileSync(join(data, 'val_map.txt'), 'a.png 1\nb.png 1\n');
  writeFileSync(plain, meanSumClassifier());
  writeFileSync(tagged, meanSumClassifier({ 'modelbench.preprocess': 'torchvision-v2' }));
});

describe('--preprocess names every ImageNet preset', () => {
  it('torchvision-v1 / torchvision-v2 / direct-224, the preset ids, and torchvision as the old name of v1', () => {
    expect(presetByName('torchvision-v1')).toBe(TORCHVISION_IMAGENET);
    expect(presetByName('torchvision')).toBe(TORCHVISION_IMAGENET);
    expect(presetByName('torchvision-v2')).toBe(TORCHVISION_IMAGENET_V2);
    expect(presetByName('torchvision-imagenet-v2')).toBe(TORCHVISION_IMAGENET_V2);
    expect(presetByName('direct-224')).toBe(ORIGINAL_DIRECT_224);
    expect(() => presetByName('caffe')).toThrow(/unknown --preprocess 'caffe'/);
    expect(choosePreset({})).toMatchObject({ name: 'torchvision-v1', source: 'default' });
    expect(choosePreset({ modelId: 'resnet50-v1-12' })).toMatchObject({ name: 'torchvision-v1', source: 'catalogue entry' });
    expect(choosePreset({ preprocess: 'torchvision-v2', modelId: 'resnet50-v1-12' })).toMatchObject({ name: 'torchvision-v2', source: '--preprocess' });
  });

  it("reads an export's modelbench.preprocess metadata without decoding its graph", () => {
    expect(onnxMetadata(meanSumClassifier({ 'modelbench.preprocess': 'torchvision-v2', other: 'x' }))).toEqual(new Map([['modelbench.preprocess', 'torchvision-v2'], ['other', 'x']]));
    expect(onnxMetadata(Uint8Array.from([0xff, 0xff]))).toEqual(new Map());
    const wrong = join(dir, 'wrong.onnx');
    writeFileSync(wrong, meanSumClassifier({ 'modelbench.preprocess': 'caffe' }));
    expect(() => choosePreset({ model: wrong })).toThrow(/names the pre-processing preset 'caffe' in its metadata \(modelbench\.preprocess\)/);
  });
});

describe('resnet50 accuracy with the V2 preset', { timeout: 240_000 }, () => {
  it('--preprocess torchvision-v2 crops the frame in: top-1 100 % where V1 gives 0 %; the manifest records the preset', () => {
    const out = join(dir, 'out-v2');
    const v2 = cli(['--dataset', data, '--model', plain, '--preprocess', 'torchvision-v2', '--out-dir', out]);
    expect(v2.stderr).toBe('');
    expect(v2.stdout).toMatch(/^pre-processing: torchvision-v2 = torchvision-imagenet-v2 \(from --preprocess\) — shorter side 232/m);
    expect(v2.stdout).toMatch(/^top-1\s+100\.000\s+100\.000$/m);
    const manifest = JSON.parse(readFileSync(join(out, 'fp32', 'manifest.json'), 'utf8')) as { flags: Record<string, unknown> };
    expect(manifest.flags.preprocess).toBe('torchvision-imagenet-v2');
    const v1 = cli(['--dataset', data, '--model', plain, '--out-dir', join(dir, 'out-v1')]);
    expect(v1.stdout).toMatch(/^pre-processing: torchvision-v1 = torchvision-imagenet \(from default\) — shorter side 256/m);
    expect(v1.stdout).toMatch(/^top-1\s+0\.000\s+0\.000$/m);
  });

  it("an export that names torchvision-v2 in its metadata runs with it, unless --preprocess says otherwise", () => {
    const own = cli(['--dataset', data, '--model', tagged, '--out-dir', join(dir, 'out-tagged')]);
    expect(own.stderr).toBe('');
    expect(own.stdout).toMatch(/^pre-processing: torchvision-v2 = torchvision-imagenet-v2 \(from model metadata\)/m);
    expect(own.stdout).toMatch(/^top-1\s+100\.000\s+100\.000$/m);
    const forced = cli(['--dataset', data, '--model', tagged, '--preprocess', 'torchvision', '--out-dir', join(dir, 'out-forced')]);
    expect(forced.stdout).toMatch(/^top-1\s+0\.000\s+0\.000$/m);
  });
});
