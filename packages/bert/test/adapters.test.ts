import { describe, expect, it } from 'vitest';
import { selectAdapter, type ModelSignature } from '@modelbench/harness';
import { hfQaAdapter, qaAdapters, zooBertSquadAdapter } from '../src/adapters.ts';
import { readLogits } from '../src/postprocess.ts';
import { batchFeeds } from '../src/preprocess.ts';
import { packBatch } from '../src/lib/batch.ts';
import type { QaFeature } from '../src/lib/features.ts';

const t = (name: string, type: string, shape: (number | string)[]) => ({ name, type, shape });
const hfDistil: ModelSignature = {
  inputs: [t('input_ids', 'int64', ['batch', 'sequence']), t('attention_mask', 'int64', ['batch', 'sequence'])],
  outputs: [t('start_logits', 'float32', ['batch', 'sequence']), t('end_logits', 'float32', ['batch', 'sequence'])],
};
const hfBert: ModelSignature = { ...hfDistil, inputs: [...hfDistil.inputs, t('token_type_ids', 'int64', ['batch', 'sequence'])] };
const zoo: ModelSignature = {
  inputs: [t('unique_ids_raw_output___9:0', 'int64', ['unk__492']), t('segment_ids:0', 'int64', ['unk__493', 256]), t('input_mask:0', 'int64', ['unk__494', 256]), t('input_ids:0', 'int64', ['unk__495', 256])],
  outputs: [t('unstack:1', 'float32', ['unk__496', 256]), t('unstack:0', 'float32', ['unk__497', 256]), t('unique_ids:0', 'int64', ['unk__498'])],
};
const feature = (ids: number[], types: number[]): QaFeature => ({ inputIds: ids, tokenTypeIds: types, contextOffsets: ids.map(() => null), window: { start: 0, end: 1 } });

describe('QA signature adapters', () => {
  it('matches Hugging Face exports with and without token_type_ids, and the Zoo bertsquad-12', () => {
    expect(selectAdapter(qaAdapters, hfDistil).name).toBe('hf-qa');
    expect(selectAdapter(qaAdapters, hfBert).name).toBe('hf-qa');
    expect(selectAdapter(qaAdapters, zoo).name).toBe('zoo-bertsquad');
    expect(hfQaAdapter.bind(hfDistil).fixedSeqLen).toBeNull();
    expect(zooBertSquadAdapter.bind(zoo).fixedSeqLen).toBe(256);
  });

  it('refuses other signatures, saying what was expected and found (exit 2)', () => {
    const int32 = { ...hfDistil, inputs: [t('input_ids', 'int32', ['b', 's']), hfDistil.inputs[1]!] };
    expect(hfQaAdapter.match(int32)).toBe("input 'input_ids' is int32, expected int64");
    const image = { inputs: [t('input', 'float32', ['N', 3, 224, 224])], outputs: [t('logits', 'float32', ['N', 1000])] };
    expect(() => selectAdapter(qaAdapters, image)).toThrow(expect.objectContaining({ code: 'MODEL_SIGNATURE', exitCode: 2 }));
    expect(() => selectAdapter(qaAdapters, hfDistil, 'zoo-bertsquad')).toThrow(/does not fit this model: no input named 'unique_ids_raw_output___9:0'/);
  });

  it('builds the feeds each signature needs from one packed batch', () => {
    const b = packBatch([feature([101, 7, 102, 9, 102], [0, 0, 0, 1, 1]), feature([101, 7, 102], [0, 0, 0])], 0, 6);
    expect(Object.keys(batchFeeds(b, hfQaAdapter.bind(hfDistil))).sort()).toEqual(['attention_mask', 'input_ids']);
    const bert = batchFeeds(b, hfQaAdapter.bind(hfBert));
    expect(Array.from(bert.token_type_ids!.data as BigInt64Array)).toEqual([0n, 0n, 0n, 1n, 1n, 0n, 0n, 0n, 0n, 0n, 0n, 0n]);
    expect(Array.from(bert.attention_mask!.data as BigInt64Array)).toEqual([1n, 1n, 1n, 1n, 1n, 0n, 1n, 1n, 1n, 0n, 0n, 0n]);
    expect(bert.input_ids!.dims).toEqual([2, 6]);
    const z = batchFeeds(b, zooBertSquadAdapter.bind(zoo));
    expect(Array.from(z['unique_ids_raw_output___9:0']!.data as BigInt64Array)).toEqual([0n, 1n]);
    expect(z['segment_ids:0']!.data).toBe(b.tokenTypeIds);
    expect(zooBertSquadAdapter.bind(zoo).outputs).toEqual(['unstack:0', 'unstack:1']);
  });

  it('reads logits by name and checks their shape', () => {
    const b = packBatch([feature([101, 102], [0, 0])], 0);
    const ok = { 'unstack:0': { type: 'float32' as const, dims: [1, 2], data: Float32Array.from([1, 2]) }, 'unstack:1': { type: 'float32' as const, dims: [1, 2], data: Float32Array.from([3, 4]) } };
    expect(Array.from(readLogits(ok, ['unstack:0', 'unstack:1'], b).end)).toEqual([3, 4]);
    const wrong = { ...ok, 'unstack:1': { type: 'float32' as const, dims: [1, 3], data: Float32Array.from([3, 4, 5]) } };
    expect(() => readLogits(wrong, ['unstack:0', 'unstack:1'], b)).toThrow(/has shape \[1,3\], expected \[1,2\]/);
  });
});
