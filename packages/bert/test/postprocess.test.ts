import { describe, expect, it } from 'vitest';
import type { QaFeature } from '../src/lib/features.ts';
import { nBestAnswers } from '../src/postprocess.ts';

// context "Paris is the capital of France ." tokens: paris is the capital of france .
const context = 'Paris is the capital of France.';
const ctxOffsets: [number, number][] = [[0, 5], [6, 8], [9, 12], [13, 20], [21, 23], [24, 30], [30, 31]];
// [CLS] what capital ? [SEP] <7 context tokens> [SEP]  → 12 tokens; context at positions 4..10
function feature(): QaFeature {
  return {
    inputIds: [101, 2054, 3007, 1029, 102, 3000, 2003, 1996, 3007, 1997, 2605, 1012, 102],
    tokenTypeIds: [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1],
    contextOffsets: [null, null, null, null, null, ...ctxOffsets, null],
    window: { start: 0, end: 7 },
  };
}
const logits = (values: Record<number, number>, length = 13, base = -5): number[] => Array.from({ length }, (_, i) => values[i] ?? base);

describe('nBestAnswers', () => {
  it("breaks ties among equal logits as run_qa's np.argsort(...)[-1:-n-1:-1] does: the higher position first", () => {
    // starts 6 ('is') and 9 ('of') tie at 3, ends 9 and 10 ('France') tie at 3; with n = 1 only 9 and 10 are tried
    const start = logits({ 6: 3, 9: 3 });
    const end = logits({ 9: 3, 10: 3 });
    const [best] = nBestAnswers(context, [feature()], [{ start, end }], { nBest: 1, maxAnswerLen: 30 });
    expect(best).toMatchObject({ text: 'of France', startToken: 9, endToken: 10, score: 6 });
  });

  it('picks the best-scoring valid span and cuts its text from the context by offsets', () => {
    const start = logits({ 5: 2, 10: 6, 0: 9 }); // [CLS] has the largest start logit but is not context
    const end = logits({ 10: 5, 11: 3, 2: 8 }); // a question token has the largest end logit
    const best = nBestAnswers(context, [feature()], [{ start, end }], { nBest: 20, maxAnswerLen: 30 });
    expect(best[0]).toMatchObject({ text: 'France', startChar: 24, endChar: 30, score: 11, startToken: 10, endToken: 10 });
    expect(best[1]).toMatchObject({ text: 'France.', score: 9 });
    expect(best.every((b) => b.startToken >= 5 && b.endToken <= 11 && b.endToken >= b.startToken)).toBe(true);
    expect(best.reduce((a, b) => a + b.probability, 0)).toBeCloseTo(1, 12);
  });

  it('drops spans longer than max answer length and ends before starts', () => {
    const start = logits({ 5: 9, 10: 1 });
    const end = logits({ 11: 9, 4: 8, 10: 2 }); // 4 is [SEP]; 11 gives a 7-token span
    const all = nBestAnswers(context, [feature()], [{ start, end }], { nBest: 20, maxAnswerLen: 3 });
    expect(all[0]).toMatchObject({ text: 'France.', score: 10 }); // 5→11 (score 18) is 7 tokens, too long
    expect(all.every((a) => a.endToken >= a.startToken && a.endToken - a.startToken + 1 <= 3)).toBe(true);
    expect(all.find((a) => a.startToken === 5 && a.endToken === 11)).toBeUndefined();
    expect(nBestAnswers(context, [feature()], [{ start, end }], { nBest: 20, maxAnswerLen: 7 })[0]).toMatchObject({ text: 'Paris is the capital of France.', score: 18 });
    const none = nBestAnswers(context, [feature()], [{ start: logits({ 11: 9 }), end: logits({ 5: 9 }) }], { nBest: 1, maxAnswerLen: 30 });
    expect(none).toEqual([]); // top-1 start after top-1 end: no valid pair among the top-k (not every pair)
  });

  it('takes the top-k start and end indexes only, not every pair', () => {
    // the two largest end logits lie before the best start, so with k = 2 the valid span 8→10 is never formed
    const start = logits({ 8: 10 });
    const end = logits({ 5: 9, 6: 8, 10: 1 });
    const k2 = nBestAnswers(context, [feature()], [{ start, end }], { nBest: 2, maxAnswerLen: 30 });
    expect(k2.find((a) => a.startToken === 8 && a.endToken === 10)).toBeUndefined();
    const k3 = nBestAnswers(context, [feature()], [{ start, end }], { nBest: 3, maxAnswerLen: 30 });
    expect(k3[0]).toMatchObject({ text: 'capital of France', score: 11 });
  });

  it('merges the n-best over windows and ignores padded positions', () => {
    const f1 = feature();
    const f2 = { ...feature(), window: { start: 0, end: 7 } };
    const padded = [...logits({ 7: 1 }), 50, 50]; // two padding positions with huge logits
    const best = nBestAnswers(context, [f1, f2], [
      { start: logits({ 5: 1 }), end: logits({ 5: 1 }) },
      { start: padded, end: [...logits({ 8: 3 }), 50, 50] },
    ]);
    expect(best[0]).toMatchObject({ text: 'the capital', feature: 1, score: 4 });
  });
});
