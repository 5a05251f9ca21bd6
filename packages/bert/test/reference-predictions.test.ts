/**
 * accuracy-squad.py's answer rule, against the script itself: fixtures/mlperf-formula-predictions.json holds what the
 * script predicted and printed for a log of all 296 reference features of the shipped two-article file, with logits
 * from an integer formula (its origin says which); here the same logits go through referencePrediction and the
 * suite's official v1.1 scorer. Arbitrary logits put spans on arbitrary words, so get_final_text's alignment (a
 * possessive's "s", a span opening on punctuation) and the maximum-context rule of the two-window questions are hit.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateSquadV1, loadSquadDataset } from '@modelbench/accuracy';
import { referenceFeatures } from '../src/lib/reference-features.ts';
import { basicTokens } from '../src/lib/reference-basic-tokens.ts';
import { finalText, isMaxContext, referencePrediction } from '../src/lib/reference-predictions.ts';
import { loadQaTokenizer } from '../src/lib/tokenizer.ts';
import { SQUAD_SAMPLE, TOKENIZER_JSON } from './fixtures.ts';

const worked = JSON.parse(readFileSync(new URL('./fixtures/mlperf-formula-predictions.json', import.meta.url), 'utf8')) as { exact_match: number; f1: number; predictions: Record<string, string> };

const formula = (p: number, q: number, a: number, b: number, c: number): number => Math.fround((((p * a + q * b + c) % 4294967296) % 2001) / 200 - 5);
const formulaLogits = (q: number, n: number): { start: Float32Array; end: Float32Array } => ({
  start: Float32Array.from({ length: n }, (_, p) => formula(p, q, 2654435761, 40503, 17)),
  end: Float32Array.from({ length: n }, (_, p) => formula(p, q, 2246822519, 3266489917, 29)),
});

describe('BasicTokenizer and get_final_text (worked by hand)', () => {
  it('lower-cases, strips accents and splits off punctuation', () => {
    expect(basicTokens("Rollo's Normandy (911–933), Café.")).toEqual(['rollo', "'", 's', 'normandy', '(', '911', '–', '933', ')', ',', 'cafe', '.']);
  });

  it('cuts the predicted text out of the original words, or keeps the words when they cannot be lined up', () => {
    // "steve smith" inside "Steve Smith's": the basic tokens "steve smith ' s" line up character for character
    expect(finalText('steve smith', "Steve Smith's")).toBe('Steve Smith');
    expect(finalText('s', "Normandy's")).toBe('s');
    // not found in the basic tokens: the original words as they stand
    expect(finalText('rouen', 'Normandy')).toBe('Normandy');
    // NFD drops the accent: 'café' has 4 characters without spaces, 'cafe' 4 as well, so it lines up
    expect(finalText('cafe', 'Café')).toBe('Café');
  });

  it('gives a token its maximum context: the window where fewer of its neighbours are cut off', () => {
    // windows [0, 371) and [128, 499): token 200 has min(200, 170) = 170 in the first, min(72, 298) = 72 in the second
    const w = [
      { start: 0, end: 371 },
      { start: 128, end: 499 },
    ];
    expect(isMaxContext(w, 0, 200)).toBe(true);
    expect(isMaxContext(w, 1, 200)).toBe(false);
    // token 300: min(300, 70) = 70 against min(172, 198) = 172
    expect(isMaxContext(w, 1, 300)).toBe(true);
  });
});

describe("accuracy-squad.py's predictions from the reference features' logits", () => {
  it('predicts what the script predicted for all 293 questions, and scores what it printed', async () => {
    const tokenizer = loadQaTokenizer(TOKENIZER_JSON);
    const dataset = loadSquadDataset(SQUAD_SAMPLE);
    const predictions = new Map<string, string>();
    let qsl = 0;
    for (const q of dataset.questions) {
      const [question, context] = await Promise.all([tokenizer.encode(q.question.trimStart()), tokenizer.encode(q.context)]);
      const features = referenceFeatures(question, context, tokenizer);
      const logits = features.map((f) => formulaLogits(qsl++, f.inputIds.length));
      predictions.set(q.id, referencePrediction({ context: q.context, features, logits, token: (id) => tokenizer.token(id) }));
    }
    expect(qsl).toBe(296);
    const differing = [...predictions].filter(([id, text]) => worked.predictions[id] !== text);
    expect(differing).toEqual([]);
    const score = evaluateSquadV1(dataset.questions, predictions);
    expect(score.exactMatch).toBeCloseTo(worked.exact_match, 10);
    expect(score.f1).toBeCloseTo(worked.f1, 10);
  });
});
