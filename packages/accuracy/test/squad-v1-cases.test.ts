/** Worked cases of the official evaluate-v1.1.py normalisation, EM and F1 (Python's \b, str.split() and string.punctuation). */
import { describe, expect, it } from 'vitest';
import { exactMatchV1 as exactMatch, f1V1 as f1Score, maxOverGroundTruths, normalizeAnswer } from '../src/index.ts';

describe('SQuAD v1.1 metrics (official evaluate script): worked cases', () => {
  it('normalises case, punctuation, articles and whitespace', () => {
    expect(normalizeAnswer('The  Denmark, Iceland and Norway!')).toBe('denmark iceland and norway');
    expect(normalizeAnswer('an apple a day')).toBe('apple day');
    expect(normalizeAnswer('Theatre of thea')).toBe('theatre of thea'); // articles only as whole words
    expect(normalizeAnswer("the 10th-century's")).toBe('10thcenturys');
    expect(normalizeAnswer('théa the')).toBe('théa'); // é is a word character, as in Python 3
    expect(normalizeAnswer('a\u00a0b\u3000c')).toBe('b c'); // Unicode whitespace splits as str.split()
    expect(normalizeAnswer('x\x1cy\u0085z')).toBe('x y z'); // so do the ASCII separators and NEL, unlike JS \s
    expect(normalizeAnswer('“quoted”')).toBe('“quoted”'); // only ASCII punctuation is removed
  });

  it('scores exact match and token F1 as the official script', () => {
    expect(exactMatch('the 10th and 11th centuries', '10th and 11th centuries')).toBe(1);
    expect(exactMatch('in the 10th and 11th centuries', '10th and 11th centuries')).toBe(0);
    // pred: in 10th and 11th centuries (5), truth: 10th and 11th centuries (4): 4 common → P 0.8, R 1 → 8/9
    expect(f1Score('in the 10th and 11th centuries', '10th and 11th centuries')).toBeCloseTo(8 / 9, 15);
    expect(f1Score('France', 'Normandy')).toBe(0);
    expect(f1Score('', '')).toBe(0);
    // repeated tokens count by multiplicity: pred a a b → tokens [b] after article removal? use non-articles
    expect(f1Score('x x y', 'x y y')).toBeCloseTo(2 / 3, 15);
    expect(maxOverGroundTruths(f1Score, 'Rollo', ['Rollo', 'the Viking Rollo'])).toBe(1);
  });

});
