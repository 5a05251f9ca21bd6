/**
 * ResNet50's one route from a photo to model inputs, its one `--preprocess` entry and its one fixed-batch check
 * (issue 19 #2), in process: `performance --image` feeds the pipeline's own tensor with the preset validate and
 * accuracy choose (here an export's metadata naming IMAGENET1K_V2's), and a model fixed at a batch of 4 is refused by
 * every mode with the same rule.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GraphBuilder } from '@modelbench/onnx';
import { DEFAULT_IMAGE_LIMITS, loadImage, SAMPLE_PHOTOS_DIR, TORCHVISION_IMAGENET, TORCHVISION_IMAGENET_V2 } from '@modelbench/vision';
import type { ModelSignature } from '@modelbench/harness';
import { torchvisionClassifierAdapter } from '../src/adapters.ts';
import { resnet50Accuracy } from '../src/accuracy.ts';
import { resnet50Performance } from '../src/performance.ts';
import { resnet50Pipeline } from '../src/pipeline.ts';
import { resnet50Workload } from '../src/workload.ts';

const dir = mkdtempSync(join(tmpdir(), 'mb-r50-route-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sig = (batch: number | string): ModelSignature => ({ inputs: [{ name: 'image', type: 'float32', shape: [batch, 3, 224, 224] }], outputs: [{ name: 'logits', type: 'float32', shape: [batch, 1000] }] });

/** An export whose metadata names its preset (preset-choice.ts reads `modelbench.preprocess`). */
function exportNaming(preset: string): string {
  const g = new GraphBuilder('tiny');
  g.input('image', 'FLOAT', ['N', 3, 224, 224]);
  g.op('Flatten', [g.op('GlobalAveragePool', ['image'])], { axis: { kind: 'int', value: 1 } }, 'logits');
  g.output('logits', 'FLOAT', ['N', 3]);
  const path = join(dir, `${preset}.onnx`);
  writeFileSync(path, g.toBytes({ metadata: { 'modelbench.preprocess': preset } }));
  return path;
}

const prepare = ({ model, ...options }: Record<string, unknown>, batch: number, shapeBatch: number | string = 'N') =>
  resnet50Performance.prepare({ options: options as never, modelOptions: { modelPath: model as string | undefined }, batch, seed: 0, bound: torchvisionClassifierAdapter.bind(sig(shapeBatch)), signature: sig(shapeBatch), model: null as never });

describe('resnet50: one route from a photo to inputs', () => {
  it("performance --image feeds the pipeline's tensor, with the export's own preset as validate would choose it", async () => {
    const image = join(SAMPLE_PHOTOS_DIR, 'grace_hopper.jpg');
    const model = exportNaming('torchvision-v2');
    const prepared = await prepare({ image, model }, 2);
    expect(prepared.input).toBe('photo grace_hopper.jpg 517x606 (torchvision-imagenet-v2) repeated, [2,3,224,224]');
    const bound = torchvisionClassifierAdapter.bind(sig('N'));
    const one = resnet50Pipeline(bound).preprocess({ photo: await loadImage(image, DEFAULT_IMAGE_LIMITS), preset: TORCHVISION_IMAGENET_V2 }).inputs.image!.data as Float32Array;
    const fed = prepared.feedsFor(0, 0).image!.data as Float32Array;
    expect(fed.length).toBe(2 * one.length);
    expect(fed.subarray(0, one.length)).toEqual(one);
    expect(fed.subarray(one.length)).toEqual(one);
    // no metadata, no --preprocess: torchvision-v1, as before
    expect((await prepare({ image }, 1)).input).toContain(`(${TORCHVISION_IMAGENET.id})`);
    // a bad name fails whether or not a photo is given
    await expect(prepare({ preprocess: 'nope' }, 1)).rejects.toMatchObject({ code: 'USAGE', message: "unknown --preprocess 'nope'" });
  });

  it('one fixed-batch rule: fixed at 4, performance runs only at --batch 4, validate and accuracy not at all', async () => {
    const fixed = torchvisionClassifierAdapter.bind(sig(4));
    await expect(prepare({}, 8, 4)).rejects.toMatchObject({ code: 'USAGE', message: "--batch 8: this model's input [4,3,224,224] is fixed at a batch of 4 images per call", hint: 'pass --batch 4 (or export the model with a dynamic batch axis)' });
    expect((await prepare({}, 4, 4)).batchMode).toBe('tensor');
    // fixed at 1: a batch of 3 is 3 consecutive calls
    expect(await prepare({}, 3, 1)).toMatchObject({ batchMode: 'sequential', callsPerIteration: 3, samplesPerCall: 1 });
    expect(() => resnet50Workload.validate.checkModel!(fixed)).toThrow(expect.objectContaining({ code: 'MODEL_SIGNATURE', message: "this model's input [4,3,224,224] is fixed at a batch of 4 images per call; validate feeds one image per call" }));
    expect(() => resnet50Accuracy.checkModel!(null as never, fixed, sig(4))).toThrow(expect.objectContaining({ code: 'MODEL_SIGNATURE', message: expect.stringMatching(/; accuracy feeds one image per call$/) }));
    expect(() => resnet50Workload.validate.checkModel!(torchvisionClassifierAdapter.bind(sig('N')))).not.toThrow();
  });
});
