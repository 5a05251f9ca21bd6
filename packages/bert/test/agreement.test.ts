import { describe, expect, it } from 'vitest';
import { qaAgreement, relativeError, setAgreement, type QaOutcome } from '../src/agreement.ts';
import type { AnswerSpan } from '../src/postprocess.ts';

const span = (text: string, startChar: number): AnswerSpan => ({ text, startChar, endChar: startChar + text.length, score: 1, startLogit: 0.5, endLogit: 0.5, probability: 1, feature: 0, startToken: 1, endToken: 1 });
const outcome = (best: AnswerSpan | undefined, start: number[], end: number[]): QaOutcome => ({ best, startLogits: [Float32Array.from(start)], endLogits: [Float32Array.from(end)] });

describe('QA agreement', () => {
  it('computes the L2 relative error over all rows', () => {
    expect(relativeError([[3, 4]], [[3, 4]])).toBe(0);
    expect(relativeError([[3, 4]], [[3, 5]])).toBeCloseTo(0.2, 15);
    expect(relativeError([[3], [4]], [[3], [5]])).toBeCloseTo(0.2, 15);
    expect(relativeError([[0, 0]], [[0, 0]])).toBe(0);
    expect(relativeError([[0, 0]], [[0, 1]])).toBe(Infinity);
    expect(() => relativeError([[1, 2]], [[1]])).toThrow(/row 0/);
  });

  it('reports same span by character offsets, not by text', () => {
    const a = qaAgreement(outcome(span('France', 10), [3, 4], [1, 0]), outcome(span('France', 10), [3, 5], [1, 0]));
    expect(a).toEqual({ sameSpan: true, startLogitsRelError: expect.closeTo(0.2, 12), endLogitsRelError: 0 });
    expect(qaAgreement(outcome(span('France', 10), [1], [1]), outcome(span('France', 40), [1], [1])).sameSpan).toBe(false);
    expect(qaAgreement(outcome(undefined, [1], [1]), outcome(undefined, [1], [1])).sameSpan).toBe(true);
    expect(qaAgreement(outcome(span('x', 0), [1], [1]), outcome(undefined, [1], [1])).sameSpan).toBe(false);
  });

  it('scores the candidate answers against the fp32 answers with EM/F1', () => {
    const s = setAgreement([
      { reference: outcome(span('the Normans', 0), [1], [1]), candidate: outcome(span('the Normans', 0), [1], [1]) },
      { reference: outcome(span('10th and 11th centuries', 5), [1], [1]), candidate: outcome(span('11th centuries', 14), [1.1], [1]) },
    ]);
    expect(s.records).toBe(2);
    expect(s.sameSpanRate).toBe(0.5);
    expect(s.maxStartLogitsRelError).toBeCloseTo(0.1, 6);
    expect(s.vsReference.exactMatch).toBe(50);
    // F1 of "11th centuries" vs "10th and 11th centuries": P 1, R 0.5 → 2/3
    expect(s.vsReference.f1).toBeCloseTo((100 * (1 + 2 / 3)) / 2, 12);
  });
});
