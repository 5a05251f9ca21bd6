/** BERT's performance set: the chosen records as tokenised, then seeded token sequences in their layouts. */
import { describe, expect, it } from 'vitest';
import { performanceFeature } from '../src/performance.ts';
import type { QaFeature } from '../src/lib/features.ts';

const tok = { clsId: 101, sepId: 102, padId: 0, vocabSize: 30522 };
const template = { inputIds: [101, 2054, 102, 3000, 3001, 102], tokenTypeIds: [0, 0, 0, 1, 1, 1], contextOffsets: [], window: { start: 0, end: 2 } } as unknown as QaFeature;

describe('performanceFeature', () => {
  it('sample 0 is the record itself; sample 1 keeps [CLS]/[SEP] where they were, token types and length, and draws the rest above the special ids', () => {
    expect(performanceFeature([template], 0, 0, tok)).toBe(template);
    const one = performanceFeature([template], 1, 0, tok);
    expect(one.inputIds).toHaveLength(6);
    expect([one.inputIds[0], one.inputIds[2], one.inputIds[5]]).toEqual([101, 102, 102]);
    for (const k of [1, 3, 4]) expect(one.inputIds[k]).toBeGreaterThanOrEqual(103);
    for (const k of [1, 3, 4]) expect(one.inputIds[k]).toBeLessThan(30522);
    expect(one.tokenTypeIds).toEqual(template.tokenTypeIds);
  });

  it('samples 1..200 are distinct sequences, the same for the same seed and different for another', () => {
    const seqs = Array.from({ length: 200 }, (_, i) => performanceFeature([template], i + 1, 7, tok).inputIds.join(','));
    expect(new Set(seqs).size).toBe(200);
    expect(performanceFeature([template], 5, 7, tok).inputIds).toEqual(performanceFeature([template], 5, 7, tok).inputIds);
    expect(performanceFeature([template], 5, 8, tok).inputIds).not.toEqual(performanceFeature([template], 5, 7, tok).inputIds);
  });
});
