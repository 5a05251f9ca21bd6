/** The detectors' shared signature checks: image input, boxes / labels / scores, and what a binding keeps of the input. */
import { describe, expect, it } from 'vitest';
import type { TensorSpec } from '@modelbench/backends';
import { checkDetectionOutputs, checkImageInput, imageInputShape, tensorNamed } from '../src/detector-signature.ts';

const spec = (name: string, type: TensorSpec['type'], shape: (number | string)[]): TensorSpec => ({ name, type, shape });

describe('detector signature checks', () => {
  it('an image input is float [3,H,W], or [N,3,H,W] where a batch is allowed', () => {
    expect(checkImageInput(spec('images', 'float32', [3, 'H', 'W']), 'image')).toBeNull();
    expect(checkImageInput(spec('images', 'float32', ['N', 3, 'H', 'W']), 'image', true)).toBeNull();
    expect(checkImageInput(spec('images', 'float32', [1, 3, 'H', 'W']), 'image')).toBe("input 'images' is float32[1,3,H,W], expected float32[3,H,W]");
    expect(checkImageInput(spec('images', 'int64', [3, 8, 8]), 'image', true)).toBe("input 'images' is int64[3,8,8], expected float32[3,H,W] (or [N,3,H,W])");
    expect(checkImageInput(undefined, "'image'")).toBe("no 'image' input");
  });

  it('boxes float [n,4], labels int64 [n], scores float [n], each with a leading 1 when batched; the first misfit is named', () => {
    const o = { boxes: spec('b', 'float32', ['n', 4]), labels: spec('l', 'int64', ['n']), scores: spec('s', 'float32', ['n']) };
    expect(checkDetectionOutputs(o, false)).toBeNull();
    expect(checkDetectionOutputs(o, true)).toBe("output 'b' is float32[n,4], expected float32[1,n,4] boxes");
    expect(checkDetectionOutputs({ ...o, labels: spec('l', 'float32', ['n']) }, false)).toBe("output 'l' is float32[n], expected int64[n] labels");
    expect(checkDetectionOutputs({ ...o, scores: spec('s', 'float32', ['n', 1]) }, false)).toBe("output 's' is float32[n,1], expected float32[n] scores");
    expect(tensorNamed([o.boxes, o.labels], 'l')).toBe(o.labels);
  });

  it('a binding keeps the input name, its shape, and the fixed H×W and batch where the shape fixes them', () => {
    expect(imageInputShape(spec('images', 'float32', [2, 3, 300, 400]))).toEqual({ inputName: 'images', batchedInput: true, inputShape: [2, 3, 300, 400], staticSize: { width: 400, height: 300 }, staticBatch: 2 });
    expect(imageInputShape(spec('images', 'float32', [3, 'H', 'W']))).toEqual({ inputName: 'images', batchedInput: false, inputShape: [3, 'H', 'W'], staticSize: null, staticBatch: null });
  });
});
