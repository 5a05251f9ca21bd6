import { describe, expect, it } from 'vitest';
import { squadScore } from '../src/lib/squad-metrics.ts';

describe("validate's SQuAD totals (official v1.1 metrics)", () => {
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
