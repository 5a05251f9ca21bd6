import { describe, expect, it } from 'vitest';
import { describeSignature, dimsMatch, selectAdapter, type ModelSignature, type SignatureAdapter } from '../src/adapters.ts';

const image: ModelSignature = {
  inputs: [{ name: 'input', type: 'float32', shape: ['batch', 3, 224, 224] }],
  outputs: [{ name: 'logits', type: 'float32', shape: ['batch', 1000] }],
};
const text: ModelSignature = {
  inputs: [{ name: 'input_ids', type: 'int64', shape: ['batch', 'sequence'] }],
  outputs: [{ name: 'start_logits', type: 'float32', shape: ['batch', 'sequence'] }],
};

const needsImage: SignatureAdapter = {
  name: 'image',
  signature: 'float[N,3,224,224]',
  match: (s) => (dimsMatch(s.inputs[0]!.shape, [null, 3, 224, 224]) ? null : `input shape [${s.inputs[0]!.shape}]`),
};
const needsIds: SignatureAdapter = {
  name: 'ids',
  signature: 'input_ids int64[N,S]',
  match: (s) => (s.inputs.some((i) => i.name === 'input_ids') ? null : "no input named 'input_ids'"),
};

describe('signature adapters', () => {
  it('picks the first adapter that fits', () => {
    expect(selectAdapter([needsIds, needsImage], image).name).toBe('image');
    expect(selectAdapter([needsIds, needsImage], text).name).toBe('ids');
  });

  it('no match lists every known signature and what was found', () => {
    const bad: ModelSignature = { inputs: [{ name: 'x', type: 'float32', shape: [1, 1] }], outputs: [] };
    try {
      selectAdapter([needsIds, needsImage], bad);
      throw new Error('expected MODEL_SIGNATURE');
    } catch (e) {
      const err = e as { code: string; message: string; hint: string };
      expect(err.code).toBe('MODEL_SIGNATURE');
      expect(err.message).toContain('inputs x float32[1,1]');
      expect(err.hint).toContain("ids (input_ids int64[N,S]): no input named 'input_ids'");
      expect(err.hint).toContain('image (float[N,3,224,224]): input shape [1,1]');
    }
  });

  it('--adapter forces one, and says why when it does not fit', () => {
    expect(() => selectAdapter([needsIds, needsImage], image, 'ids')).toThrow(/adapter 'ids' does not fit this model: no input named 'input_ids'/);
    expect(() => selectAdapter([needsIds], image, 'nope')).toThrow(expect.objectContaining({ code: 'USAGE' }));
  });

  it('symbolic dimensions match any size; fixed ones must be equal', () => {
    expect(dimsMatch(['N', 3, 224, 224], [null, 3, 224, 224])).toBe(true);
    expect(dimsMatch([1, 3, 224, 224], [null, 3, 224, 224])).toBe(true);
    expect(dimsMatch([1, 3, 300, 300], [null, 3, 224, 224])).toBe(false);
    expect(dimsMatch([1, 3], [null, 3, 224, 224])).toBe(false);
    expect(describeSignature(image)).toBe('inputs input float32[batch,3,224,224] -> outputs logits float32[batch,1000]');
  });
});
