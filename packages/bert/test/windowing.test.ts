import { describe, expect, it } from 'vitest';
import { packBatch } from '../src/lib/batch.ts';
import { assembleFeatures, buildQaExample, SQUAD_FEATURE_DEFAULTS } from '../src/lib/features.ts';
import { loadSquad } from '../src/lib/squad.ts';
import { loadQaTokenizer } from '../src/lib/tokenizer.ts';
import { contextRoom, planWindows } from '../src/lib/windowing.ts';
import { SQUAD_SAMPLE, TOKENIZER_JSON } from './fixtures.ts';

const tokenizer = loadQaTokenizer(TOKENIZER_JSON);

describe('planWindows (run_qa stride semantics: consecutive windows share docStride tokens)', () => {
  it('cuts 2,400 context tokens after a 4-token question into 10 windows of 377 tokens, 249 apart', () => {
    expect(contextRoom(4, 384)).toBe(377);
    const w = planWindows(2400, 4, { maxSeqLen: 384, docStride: 128 });
    expect(w.map((x) => x.start)).toEqual([0, 249, 498, 747, 996, 1245, 1494, 1743, 1992, 2241]);
    expect(w.map((x) => x.end)).toEqual([377, 626, 875, 1124, 1373, 1622, 1871, 2120, 2369, 2400]);
  });

  it('gives one window when the context fits, and stops once the end is reached', () => {
    expect(planWindows(377, 4, { maxSeqLen: 384, docStride: 128 })).toEqual([{ start: 0, end: 377 }]);
    expect(planWindows(378, 4, { maxSeqLen: 384, docStride: 128 })).toEqual([
      { start: 0, end: 377 },
      { start: 249, end: 378 },
    ]);
  });

  it('refuses a sequence too short for the stride (usage error, exit 2)', () => {
    expect(() => planWindows(1000, 60, { maxSeqLen: 128, docStride: 128 })).toThrow(expect.objectContaining({ code: 'USAGE', exitCode: 2 }));
  });
});

describe('features over a long real context', () => {
  const records = loadSquad(SQUAD_SAMPLE);
  const joined = [...new Set(records.map((r) => r.context))].join(' ');

  it('windows a ~2,400-token context into 10 features of 384 with offsets back to the original text', async () => {
    const all = await tokenizer.encode(joined);
    // cut the text at the end of a whole word near token 2,400
    let cut = 2400;
    while (joined[all.offsets[cut - 1]![1]] !== ' ') cut++;
    const context = joined.slice(0, all.offsets[cut - 1]![1]);
    const question = 'Who was the duke in the battle of Hastings?';
    const ex = await buildQaExample(tokenizer, question, context);
    expect(ex.contextTokens).toBeGreaterThanOrEqual(2395);
    expect(ex.contextTokens).toBeLessThanOrEqual(2410);
    expect(ex.features).toHaveLength(10);
    const room = 384 - ex.questionTokens - 3;
    ex.features.forEach((f, i) => {
      if (i < 9) expect(f.inputIds).toHaveLength(384);
      expect(f.inputIds[0]).toBe(tokenizer.clsId);
      expect(f.inputIds[ex.questionTokens + 1]).toBe(tokenizer.sepId);
      expect(f.inputIds.at(-1)).toBe(tokenizer.sepId);
      expect(f.tokenTypeIds.filter((t) => t === 0)).toHaveLength(ex.questionTokens + 2);
      if (i > 0) expect(ex.features[i - 1]!.window.end - f.window.start).toBe(128);
      expect(f.window.start).toBe(i * (room - 128));
    });
    expect(ex.features.at(-1)!.window.end).toBe(ex.contextTokens);
    const batch = packBatch(ex.features, tokenizer.padId, 384);
    expect([batch.batch, batch.seqLen]).toEqual([10, 384]);
    expect(batch.inputIds.length).toBe(10 * 384);
    // every context token's offsets select text that re-tokenises to the same id (## pieces without their prefix)
    for (const f of ex.features) {
      f.contextOffsets.forEach((o, i) => {
        if (!o) return;
        const token = tokenizer.token(f.inputIds[i]!);
        expect(context.slice(o[0], o[1]).toLowerCase().normalize('NFD').replace(/\p{M}/gu, '')).toBe(token.replace(/^##/, ''));
      });
    }
  });

  it('truncates a question over 64 tokens to 64 and warns', async () => {
    const long = Array.from({ length: 80 }, (_, i) => `word${i % 10}`).join(' ') + '?';
    const ex = await buildQaExample(tokenizer, long, records[0]!.context);
    expect(ex.questionTokens).toBeGreaterThan(64);
    expect(ex.warnings.join(' ')).toMatch(/truncated to the first 64/);
    expect(ex.features[0]!.inputIds[65]).toBe(tokenizer.sepId);
    expect(ex.features[0]!.tokenTypeIds.filter((t) => t === 0)).toHaveLength(66);
  });

  it('assembles [CLS] q [SEP] window [SEP] from token spans (pure)', () => {
    const q = { ids: [7, 8], offsets: [[0, 1], [2, 3]] as [number, number][] };
    const c = { ids: [10, 11, 12], offsets: [[0, 2], [3, 5], [6, 9]] as [number, number][] };
    const { features, warnings } = assembleFeatures(q, c, { clsId: 101, sepId: 102 }, { ...SQUAD_FEATURE_DEFAULTS, maxSeqLen: 7, docStride: 1 });
    expect(warnings).toEqual([]);
    expect(features.map((f) => f.inputIds)).toEqual([
      [101, 7, 8, 102, 10, 11, 102],
      [101, 7, 8, 102, 11, 12, 102],
    ]);
    expect(features[1]!.contextOffsets).toEqual([null, null, null, null, [3, 5], [6, 9], null]);
    expect(features[0]!.tokenTypeIds).toEqual([0, 0, 0, 0, 1, 1, 1]);
  });
});
