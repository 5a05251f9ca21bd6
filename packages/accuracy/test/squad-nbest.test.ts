import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSquadRecord, postprocessQaPrediction, topPositionsDescending, writeSquadRunFiles, type QaWindow } from '../src/index.ts';

// "Rollo ruled Normandy." as [CLS] q [SEP] Rollo ruled Normandy . [SEP]
const CONTEXT = 'Rollo ruled Normandy.';
const W1_OFFSETS: QaWindow['offsets'] = [null, null, null, [0, 5], [6, 11], [12, 20], [20, 21], null];
const w1 = (s0 = 1, e0 = 2): QaWindow => ({
  startLogits: [s0, 0, 0, 5, 1, 2, 0, 0],
  endLogits: [e0, 0, 0, 4, 0, 6, 1, 0],
  offsets: W1_OFFSETS,
});

describe('run_qa postprocess_qa_predictions', () => {
  it('orders equal logits with the higher position first (reversed stable argsort)', () => {
    expect(topPositionsDescending([1, 3, 3, 2], 2)).toEqual([2, 1]);
    expect(topPositionsDescending([1, 3, 3, 2], 10)).toEqual([2, 1, 3, 0]);
  });

  it('v1: the best start+end pair inside the context, within max_answer_length', () => {
    // start 3 (5) + end 5 (6) = 11 → "Rollo ruled Normandy"; next start 3 + end 3 = 9 → "Rollo"
    const p = postprocessQaPrediction(CONTEXT, [w1()]);
    expect(p.text).toBe('Rollo ruled Normandy');
    expect(p.nbest.slice(0, 3).map((e) => [e.text, e.score])).toEqual([['Rollo ruled Normandy', 11], ['Rollo', 9], ['Normandy', 8]]);
    expect(p.scoreDiff).toBeNull();
    expect(p.nbest.reduce((a, e) => a + e.probability, 0)).toBeCloseTo(1, 12);
    // softmax over the n-best scores: p(11) / p(9) = e²
    expect(p.nbest[0]!.probability / p.nbest[1]!.probability).toBeCloseTo(Math.exp(2), 10);
    // 3 tokens is above a max length of 2: the 9 ("Rollo") wins
    expect(postprocessQaPrediction(CONTEXT, [w1()], { maxAnswerLength: 2 }).text).toBe('Rollo');
    // n_best 1: only start 3 and end 5 are tried
    expect(postprocessQaPrediction(CONTEXT, [w1()], { nBestSize: 1 }).nbest.map((e) => e.text)).toEqual(['Rollo ruled Normandy']);
  });

  it('searches every window of a long context and takes the null score of the window where it is smallest', () => {
    const w2: QaWindow = { startLogits: [0.5, 0, 0, 7, 0, 0], endLogits: [0.5, 0, 0, 7, 1, 0], offsets: [null, null, null, [12, 20], [20, 21], null] };
    const v1 = postprocessQaPrediction(CONTEXT, [w1(), w2]);
    expect(v1.text).toBe('Normandy'); // 14 in window 2 beats 11 in window 1
    const v2 = postprocessQaPrediction(CONTEXT, [w1(), w2], { version2WithNegative: true });
    // null score: min(1+2, 0.5+0.5) = 1; diff = 1 − 7 − 7 = −13 ≤ 0 → the answer
    expect(v2.scoreDiff).toBe(-13);
    expect(v2.text).toBe('Normandy');
    expect(v2.nbest.some((e) => e.text === '' && e.score === 1)).toBe(true);
  });

  it('v2: no answer when the null score beats the best span by more than the threshold', () => {
    // null 10 + 9 = 19, best span 11: diff 8 > 0 → ""; with threshold 10 → the span
    const p = postprocessQaPrediction(CONTEXT, [w1(10, 9)], { version2WithNegative: true });
    expect(p.scoreDiff).toBe(8);
    expect(p.text).toBe('');
    expect(p.nbest[0]!.text).toBe(''); // the null answer leads the n-best
    expect(postprocessQaPrediction(CONTEXT, [w1(10, 9)], { version2WithNegative: true, nullScoreDiffThreshold: 10 }).text).toBe('Rollo ruled Normandy');
  });

  it('keeps the null answer in the v2 n-best even when it falls outside the n best', () => {
    const p = postprocessQaPrediction(CONTEXT, [w1(-50, -50)], { version2WithNegative: true, nBestSize: 2 });
    expect(p.nbest.map((e) => e.text)).toEqual(['Rollo ruled Normandy', 'Rollo', '']);
    expect(p.scoreDiff).toBe(-100 - 11);
  });

  it('falls back to "empty" when no span lies in the context', () => {
    const none: QaWindow = { startLogits: [3, 1], endLogits: [3, 1], offsets: [null, null] };
    const v1 = postprocessQaPrediction(CONTEXT, [none]);
    expect(v1.text).toBe('empty');
    expect(v1.nbest).toEqual([{ text: 'empty', startLogit: 0, endLogit: 0, score: 0, probability: 1 }]);
    // v2: [null] alone gets "empty" in front; the best non-null is "empty" (logits 0): diff 6 > 0 → ""
    const v2 = postprocessQaPrediction(CONTEXT, [none], { version2WithNegative: true });
    expect(v2.nbest.map((e) => e.text)).toEqual(['empty', '']);
    expect([v2.scoreDiff, v2.text]).toEqual([6, '']);
  });

  it('skips starts that are not in their max-context window when that map is given', () => {
    const w = { ...w1(), tokenIsMaxContext: new Map([[3, false], [4, true], [5, true], [6, true]]) };
    expect(postprocessQaPrediction(CONTEXT, [w]).text).toBe('Normandy'); // start 3 is barred: 5 → 5 = 8
  });
});

describe('SQuAD run records → predictions.json and na_prob.json', () => {
  it('writes the standard files the official script reads, na_prob.json only with no-answer scores', () => {
    const dir = mkdtempSync(join(tmpdir(), 'squad-run-'));
    try {
      const p = postprocessQaPrediction(CONTEXT, [w1(10, 9)], { version2WithNegative: true });
      const records = [checkSquadRecord({ id: 'q1', text: p.text, noAnswerScore: p.scoreDiff }, 'x'), { id: 'q2', text: 'Rollo', noAnswerScore: -3 }];
      expect(writeSquadRunFiles(dir, records)).toEqual({ predictions: 'predictions.json', naProbs: 'na_prob.json' });
      expect(JSON.parse(readFileSync(join(dir, 'predictions.json'), 'utf8'))).toEqual({ q1: '', q2: 'Rollo' });
      expect(JSON.parse(readFileSync(join(dir, 'na_prob.json'), 'utf8'))).toEqual({ q1: 8, q2: -3 });
      expect(writeSquadRunFiles(dir, [{ id: 'q1', text: 'a', noAnswerScore: null }])).toEqual({ predictions: 'predictions.json' });
      expect(() => checkSquadRecord({ id: 'q1' }, 'run.jsonl line 3')).toThrow(/run\.jsonl line 3: not a SQuAD prediction record/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
