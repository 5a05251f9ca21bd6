/**
 * SQuAD v1.1 scoring as the official evaluate-v1.1.py computes it: per question the maximum over the annotators'
 * answers of exact match (normalised strings equal) and token F1 (F1 is 0 whenever no token is shared, so an empty
 * prediction scores 0 even against an empty answer); totals are percentages over *every* question of the data set,
 * a question without a prediction counting 0 ("Unanswered question … will receive score 0").
 */
import { BenchError } from '@modelbench/core';
import type { SquadQuestion } from './dataset.ts';
import { answerTokens, commonTokenCount, normalizeAnswer } from './normalize.ts';

export function exactMatchV1(prediction: string, groundTruth: string): number {
  return normalizeAnswer(prediction) === normalizeAnswer(groundTruth) ? 1 : 0;
}

export function f1V1(prediction: string, groundTruth: string): number {
  const pred = answerTokens(prediction);
  const truth = answerTokens(groundTruth);
  const same = commonTokenCount(truth, pred);
  if (same === 0) return 0;
  const precision = same / pred.length;
  const recall = same / truth.length;
  return (2 * precision * recall) / (precision + recall);
}

/** `metric_max_over_ground_truths`. */
export function maxOverGroundTruths(metric: (prediction: string, truth: string) => number, prediction: string, truths: readonly string[]): number {
  if (truths.length === 0) throw new BenchError('INTERNAL', 'maxOverGroundTruths: no ground truths');
  let best = -Infinity;
  for (const t of truths) best = Math.max(best, metric(prediction, t));
  return best;
}

export interface SquadV1Score {
  /** percent */
  exactMatch: number;
  /** percent */
  f1: number;
  /** questions in the data set (the divisor) */
  total: number;
  /** ids of questions without a prediction (scored 0) */
  unanswered: string[];
}

export interface QuestionScore {
  id: string;
  exact: number;
  f1: number;
}

/** Per-question scores (max over ground truths) of the questions that have a prediction. */
export function questionScoresV1(questions: readonly SquadQuestion[], predictions: ReadonlyMap<string, string>): QuestionScore[] {
  const out: QuestionScore[] = [];
  for (const q of questions) {
    if (q.answers.length === 0) {
      throw new BenchError('BAD_INPUT', `question ${q.id} has no answers, which SQuAD v1.1 scoring cannot handle`, {
        hint: 'score a data set with unanswerable questions as SQuAD v2.0 (--squad-version 2)',
      });
    }
    const p = predictions.get(q.id);
    if (p === undefined) continue;
    out.push({ id: q.id, exact: maxOverGroundTruths(exactMatchV1, p, q.answers), f1: maxOverGroundTruths(f1V1, p, q.answers) });
  }
  return out;
}

export function evaluateSquadV1(questions: readonly SquadQuestion[], predictions: ReadonlyMap<string, string>): SquadV1Score {
  const scores = questionScoresV1(questions, predictions);
  const answered = new Set(scores.map((s) => s.id));
  let em = 0;
  let f1 = 0;
  for (const s of scores) {
    em += s.exact;
    f1 += s.f1;
  }
  const total = questions.length;
  return {
    exactMatch: total === 0 ? 0 : (100 * em) / total,
    f1: total === 0 ? 0 : (100 * f1) / total,
    total,
    unanswered: questions.filter((q) => !answered.has(q.id)).map((q) => q.id),
  };
}
