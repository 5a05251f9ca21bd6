import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { decodeFields, fieldString, repeatedInts } from '@modelbench/onnx';
import { buildResNet50 } from '../src/synthetic/resnet50.ts';
import { resnet50AtDefaults } from './helpers/built-once.ts';

const model = resnet50AtDefaults(); // built once a run (shared with macs-builders); rebuilt below to check determinism

describe('synthetic ResNet50 = torchvision resnet50 (v1.5)', () => {
  it('has torchvision parameter count: convs + BatchNorm weight/bias + fc (running stats are buffers)', () => {
    expect(model.parameters).toBe(25_557_032);
  });

  it('costs 4.09 GMAC per 224×224 image (convolutions + fc)', () => {
    expect(model.macsPerSample).toBe(4_089_184_256);
  });

  it('is deterministic: the same seed gives the same bytes', () => {
    expect(Buffer.from(buildResNet50().bytes).equals(Buffer.from(model.bytes))).toBe(true);
    expect(Buffer.from(buildResNet50({ seed: 51 }).bytes).equals(Buffer.from(model.bytes))).toBe(false);
  });

  it('runs in onnxruntime with a dynamic batch, v1.5 stride placement and finite, non-constant logits', async () => {
    const s = await ort.InferenceSession.create(model.bytes, { intraOpNumThreads: 1 });
    expect(s.inputNames).toEqual(['input']);
    expect(s.outputNames).toEqual(['logits']);
    const x = new Float32Array(2 * 3 * 224 * 224).map((_, i) => Math.sin(i * 0.001));
    const out = await s.run({ input: new ort.Tensor('float32', x, [2, 3, 224, 224]) });
    const logits = out.logits!.data as Float32Array;
    expect(out.logits!.dims).toEqual([2, 1000]);
    expect(logits.every(Number.isFinite)).toBe(true);
    expect(new Set(Array.from(logits.slice(0, 1000))).size).toBeGreaterThan(900);
    await s.release();
  });

  it('places the stride on the 3×3 conv of each downsampling bottleneck (v1.5), not on the 1×1', () => {
    const graph = decodeFields(model.bytes).find((f) => f.field === 7)!.value as Uint8Array;
    const strideOf = (weight: string): number[] => {
      for (const f of decodeFields(graph)) {
        if (f.field !== 1) continue;
        const node = decodeFields(f.value as Uint8Array);
        if (!node.some((x) => x.field === 1 && fieldString(x) === weight)) continue;
        const strides = node.filter((x) => x.field === 5).map((a) => decodeFields(a.value as Uint8Array)).find((a) => fieldString(a.find((x) => x.field === 1)!) === 'strides')!;
        return repeatedInts(strides, 8).map(Number);
      }
      throw new Error(`no node uses ${weight}`);
    };
    for (const layer of ['layer2', 'layer3', 'layer4']) {
      expect(strideOf(`${layer}.0.conv1.weight`)).toEqual([1, 1]);
      expect(strideOf(`${layer}.0.conv2.weight`)).toEqual([2, 2]);
      expect(strideOf(`${layer}.0.downsample.0.weight`)).toEqual([2, 2]);
    }
    expect(strideOf('layer1.0.conv2.weight')).toEqual([1, 1]);
  });
});
