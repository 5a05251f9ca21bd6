import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkPredictionsBelong,
  evaluateSquadV1,
  evaluateSquadV2,
  exactMatchV1,
  exactV2,
  f1V1,
  f1V2,
  findBestThreshold,
  goldAnswersV2,
  loadNoAnswerProbs,
  loadSquadDataset,
  loadSquadPredictions,
  normalizeAnswer,
  parseSquadDataset,
  parseSquadPredictions,
  type SquadQuestion,
} from '../src/index.ts';

const SQUAD = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'data', 'squad');
const FIX = join(import.meta.dirname, 'squad-fixtures');

function q(id: string, answers: string[]): SquadQuestion {
  return { id, title: 't', context: 'c', question: 'q?', answers, answerStarts: answers.map(() => 0), hasAnswer: answers.length > 0 };
}

describe('normalize_answer (lower, punctuation, articles, whitespace)', () => {
  it('follows the official order and Python\'s definitions', () => {
    expect(normalizeAnswer('The  Quick, brown fox!')).toBe('quick brown fox');
    expect(normalizeAnswer('An apple a day')).toBe('apple day');
    expect(normalizeAnswer('theatre and anthem')).toBe('theatre and anthem'); // articles only as whole words
    expect(normalizeAnswer("Ça, c'est l'été")).toBe('ça cest lété'); // ASCII punctuation only
    expect(normalizeAnswer('the_a')).toBe('thea'); // '_' is punctuation, removed before the articles
    expect(normalizeAnswer('éthe 2the the2 the')).toBe('éthe 2the the2'); // \b over Unicode letters and digits
    expect(normalizeAnswer('x\u00a0y\u3000z\u2009w')).toBe('x y z w'); // str.split() whitespace
    expect(normalizeAnswer('  The  ')).toBe('');
  });
});

describe('evaluate-v1.1.py', () => {
  it('exact match and token F1, worked by hand', () => {
    expect(exactMatchV1('The Eiffel tower.', 'eiffel Tower')).toBe(1);
    // pred tokens [cat sat on mat], gold [cat on mat]: 3 common, P 3/4, R 1, F1 = 2·0.75/1.75 = 6/7
    expect(f1V1('the cat sat on mat', 'a cat on the mat')).toBeCloseTo(6 / 7, 12);
    // pred [cat cat], gold [cat]: the multiset intersection counts 1: P 1/2, R 1, F1 2/3
    expect(f1V1('the the cat cat', 'cat')).toBeCloseTo(2 / 3, 12);
    expect(f1V1('', '')).toBe(0); // v1.1: no common token → 0, even for two empty strings
    expect(f1V1('dog', 'cat')).toBe(0);
  });

  it('takes the max over gold answers and counts unanswered questions as 0', () => {
    const qs = [q('a', ['Paris', 'the city of Paris']), q('b', ['1066']), q('c', ['blue whale'])];
    const s = evaluateSquadV1(qs, new Map([['a', 'city of paris'], ['b', 'in 1066']]));
    // a: EM 1 (second gold), F1 1; b: EM 0, F1 = P 1/2 R 1 → 2/3; c: missing → 0; over 3 questions
    expect(s.exactMatch).toBeCloseTo(100 / 3, 10);
    expect(s.f1).toBeCloseTo((100 * (1 + 2 / 3)) / 3, 10);
    expect(s.total).toBe(3);
    expect(s.unanswered).toEqual(['c']);
  });

  it('refuses an unanswerable question (that is v2.0 data)', () => {
    expect(() => evaluateSquadV1([q('x', [])], new Map([['x', '']]))).toThrow(
      expect.objectContaining({ code: 'BAD_INPUT', message: expect.stringMatching(/question x has no answers/), hint: expect.stringMatching(/--squad-version 2/) }),
    );
  });

  it('scores the 2-article dev sample with hand-made predictions as the official script does', () => {
    // expected: the official script's functions (transcribed) on these files; see squad-fixtures/make_predictions.py
    const ds = loadSquadDataset(join(SQUAD, 'squad-v1.1-style-2articles-answerable.json'));
    const preds = loadSquadPredictions(join(FIX, 'v1-predictions.json'));
    const s = evaluateSquadV1(ds.questions, preds);
    expect(ds.major).toBe(1);
    expect(s.total).toBe(293);
    expect(s.exactMatch).toBeCloseTo(34.129692832764505, 9);
    expect(s.f1).toBeCloseTo(44.86266861693481, 9);
    const tiny = loadSquadDataset(join(SQUAD, 'squad-v1.1-style-tiny.json'));
    const t = evaluateSquadV1(tiny.questions, preds);
    expect([t.exactMatch, t.total]).toEqual([37.5, 8]);
    expect(t.f1).toBeCloseTo(46.666666666666664, 9);
  });
});

describe('evaluate-v2.0.py', () => {
  it('treats empty answers as no-answer in F1 and drops gold answers that normalise to nothing', () => {
    expect(f1V2('', '')).toBe(1);
    expect(f1V2('the', '')).toBe(1); // gold tokens of 'the' are [] as well
    expect(f1V2('', 'Paris')).toBe(0);
    expect(f1V2('Paris', '')).toBe(0);
    expect(exactV2('', '')).toBe(1);
    expect(f1V2('a cat on the mat', 'the cat sat on mat')).toBeCloseTo(6 / 7, 12);
    expect(goldAnswersV2(q('a', ['The', 'x']))).toEqual(['x']);
    expect(goldAnswersV2(q('b', []))).toEqual(['']);
  });

  it('splits HasAns/NoAns, applies the threshold and finds the best one, worked by hand', () => {
    const qs = [q('q1', ['Rollo']), q('q2', ['Normandy']), q('q3', []), q('q4', [])];
    const preds = new Map([['q1', 'Rollo'], ['q2', 'France'], ['q3', 'x'], ['q4', '']]);
    const na = new Map([['q1', 0.1], ['q2', 0.6], ['q3', 0.7], ['q4', 0.2]]);
    // raw exact: q1 1, q2 0, q3 0, q4 1 → 50 %
    const plain = evaluateSquadV2(qs, preds);
    expect([plain.exact, plain.f1, plain.total]).toEqual([50, 50, 4]);
    expect(plain.hasAns).toEqual({ exact: 50, f1: 50, total: 2 });
    expect(plain.noAns).toEqual({ exact: 50, f1: 50, total: 2 });
    expect(plain.best).toBeNull();
    // threshold 0.5: q2 (0.6) → predicted no-answer, has one → 0; q3 (0.7) → no-answer, correct → 1: 75 %
    const s = evaluateSquadV2(qs, preds, { naProbs: na, naProbThreshold: 0.5 });
    expect([s.exact, s.hasAns!.exact, s.noAns!.exact]).toEqual([75, 50, 100]);
    // best threshold: start at 2 (no-answer questions), ascending na: q1 +1 → 3 (thresh 0.1), q4 +0, q2 +0, q3 −1
    expect(s.best).toEqual({ exact: 75, exactThreshold: 0.1, f1: 75, f1Threshold: 0.1 });
    expect(findBestThreshold(preds, new Map([['q1', 1], ['q2', 0], ['q3', 0], ['q4', 1]]), na, new Map(qs.map((x) => [x.id, x.hasAnswer])))).toEqual({ score: 75, threshold: 0.1 });
  });

  it('refuses missing predictions, missing na_prob entries and predictions of another data set', () => {
    const qs = [q('q1', ['a b']), q('q2', [])];
    expect(() => evaluateSquadV2(qs, new Map([['q1', 'a b']]))).toThrow(/1 of 2 questions have no prediction \(first: q2\)/);
    expect(() => evaluateSquadV2(qs, new Map([['q1', 'x'], ['q2', '']]), { naProbs: new Map([['q1', 0.5]]) })).toThrow(/miss 1 questions \(first: q2\)/);
    expect(() => checkPredictionsBelong(['q1', 'zz'], qs, 'predictions.json', 'dev.json')).toThrow(/1 question ids are not in dev\.json \(first: zz\)/);
    expect(() => parseSquadPredictions({ q1: 3 })).toThrow(/answer of q1 is not a string/);
    expect(() => parseSquadPredictions(['x'])).toThrow(/expected a JSON object/);
  });

  it('scores the 2-article v2.0 dev sample with hand-made predictions as the official script does', () => {
    // expected: the official script's functions (transcribed) on these files, with and without na_prob.json
    const ds = loadSquadDataset(join(SQUAD, 'squad-v2.0-dev-2articles.json'));
    expect([ds.major, ds.version, ds.questions.length, ds.questions.filter((x) => !x.hasAnswer).length]).toEqual([2, 'v2.0', 626, 333]);
    const preds = loadSquadPredictions(join(FIX, 'v2-predictions.json'));
    const na = loadNoAnswerProbs(join(FIX, 'v2-na-prob.json'));
    const plain = evaluateSquadV2(ds.questions, preds);
    expect(plain.exact).toBeCloseTo(36.90095846645367, 9);
    expect(plain.f1).toBeCloseTo(41.85138698716973, 9);
    expect(plain.hasAns!.exact).toBeCloseTo(40.27303754266212, 9);
    expect(plain.hasAns!.f1).toBeCloseTo(50.849721003304616, 9);
    expect(plain.noAns!.exact).toBeCloseTo(33.933933933933936, 9);
    const withNa = evaluateSquadV2(ds.questions, preds, { naProbs: na });
    expect(withNa.best!.exact).toBeCloseTo(64.21725239616613, 9);
    expect(withNa.best!.exactThreshold).toBe(0.2875);
    expect(withNa.best!.f1).toBeCloseTo(67.02558446168669, 9);
    expect(withNa.best!.f1Threshold).toBe(0.2875);
    const at04 = evaluateSquadV2(ds.questions, preds, { naProbs: na, naProbThreshold: 0.4 });
    expect(at04.exact).toBeCloseTo(60.38338658146965, 9);
    expect(at04.f1).toBeCloseTo(64.44761397636796, 9);
    expect(at04.hasAns!.f1).toBeCloseTo(40.42391245462917, 9);
    expect(at04.noAns!.exact).toBeCloseTo(85.58558558558559, 9);
  });
});

describe('SQuAD JSON', () => {
  it('flattens data → paragraphs → qas and refuses malformed files with the place', () => {
    const json = JSON.parse(readFileSync(join(SQUAD, 'squad-v1.1-style-tiny.json'), 'utf8'));
    const ds = parseSquadDataset(json);
    expect(ds.questions[0]).toMatchObject({ id: '56ddde6b9a695914005b9628', title: 'Normans', answers: ['France', 'France', 'France', 'France'], answerStarts: [159, 159, 159, 159] });
    expect(() => parseSquadDataset({ version: '1.1' }, 'x.json')).toThrow(/x\.json: no 'data' list/);
    expect(() => parseSquadDataset({ data: [{ paragraphs: [{ context: 'c', qas: [{ id: 'a', answers: [] }, { id: 'a', answers: [] }] }] }] }, 'x.json')).toThrow(/a appears twice/);
    expect(() => parseSquadDataset({ data: [] }, 'x.json')).toThrow(/holds no questions/);
    expect(() => loadSquadDataset(join(SQUAD, 'nope.json'))).toThrow(/nope\.json: no such file/);
  });
});
