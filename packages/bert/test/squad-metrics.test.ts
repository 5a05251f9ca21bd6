import { describe, expect, it } from 'vitest';
import { exactMatch, f1Score, maxOverGroundTruths, normalizeAnswer, squadScore } from '../src/lib/squad-metrics.ts';

describe('SQuAD v1.1 metrics (official evaluate script)', () => {
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
    expect(exactMatch('the 10th and 11th centuries', '10th and 11th centuries')).toBe(true);
    expect(exactMatch('in the 10th and 11th centuries', '10th and 11th centuries')).toBe(false);
    // pred: in 10th and 11th centuries (5), truth: 10th and 11th centuries (4): 4 common → P 0.8, R 1 → 8/9
    expect(f1Score('in the 10th and 11th centuries', '10th and 11th centuries')).toBeCloseTo(8 / 9, 15);
    expect(f1Score('France', 'Normandy')).toBe(0);
    expect(f1Score('', '')).toBe(0);
    // repeated tokens count by multiplicity: pred a a b → tokens [b] after article removal? use non-articles
    expect(f1Score('x x y', 'x y y')).toBeCloseTo(2 / 3, 15);
    expect(maxOverGroundTruths(f1Score, 'Rollo', ['Rollo', 'the Viking Rollo'])).toBe(1);
  });

  it('totals EM and F1 as percentages over the questions', () => {
    const s = squadScore([
      { prediction: 'France', groundTruths: ['France', 'France'] },
      { prediction: 'in the 10th and 11th centuries', groundTruths: ['10th and 11th centuries', 'in the 10th and 11th centuries'] },
      { prediction: 'Rollo', groundTruths: ['Richard I'] },
      { prediction: 'Denmark and Norway', groundTruths: ['Denmark, Iceland and Norway'] },
    ]);
    expect(s.count).toBe(4);
    expect(s.exactMatch).toBeCloseTo(50, 12);
    // F1: 1, 1, 0, P 3/3 R 3/4 → 6/7
    expect(s.f1).toBeCloseTo((100 * (2 + 6 / 7)) / 4, 12);
  });
});
