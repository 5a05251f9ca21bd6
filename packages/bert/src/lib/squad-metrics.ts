/**
 * EM and F1 totals over (prediction, ground truths) pairs, as percentages — what validate compares between fp32 and
 * the candidate. The per-answer metrics are the official evaluate-v1.1.py ones from @modelbench/accuracy.
 */
import { exactMatchV1, f1V1, maxOverGroundTruths } from '@modelbench/accuracy';

export interface SquadScore {
  /** percent */
  exactMatch: number;
  /** percent */
  f1: number;
  count: number;
}

/** evaluate-v1.1.py's totals over (prediction, ground truths) pairs. */
export function squadScore(items: readonly { prediction: string; groundTruths: readonly string[] }[]): SquadScore {
  if (items.length === 0) return { exactMatch: 0, f1: 0, count: 0 };
  let em = 0;
  let f1 = 0;
  for (const it of items) {
    em += maxOverGroundTruths(exactMatchV1, it.prediction, it.groundTruths);
    f1 += maxOverGroundTruths(f1V1, it.prediction, it.groundTruths);
  }
  return { exactMatch: (100 * em) / items.length, f1: (100 * f1) / items.length, count: items.length };
}
