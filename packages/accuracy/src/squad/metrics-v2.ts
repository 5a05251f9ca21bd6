/**
 * SQuAD v2.0 scoring as the official evaluate-v2.0.py computes it. Differences to v1.1: an unanswerable question's
 * only gold answer is the empty string (gold answers that normalise to nothing are dropped first); F1 is 1 when
 * prediction and gold are both empty and 0 when only one is; a no-answer probability above `naProbThreshold` (default
 * 1.0) turns a prediction into "no answer" (score = 1 for an unanswerable question, 0 otherwise); HasAns/NoAns
 * splits; with `na_prob.json`, `find_best_thresh` sweeps the threshold over the questions in ascending no-answer
 * probability (stable, in the file's order for ties) and keeps the best total.
 *
 * The official script divides by the questions it has predictions for, and then fails on a HasAns/NoAns split
 * when any prediction is missing; here a missing prediction is refused up front with the count and the first id.
 */
import { BenchError } from '@modelbench/core';
import type { SquadQuestion } from './dataset.ts';
import { answerTokens, commonTokenCount, normalizeAnswer } from './normalize.ts';

export function exactV2(gold: string, prediction: string): number {
  return normalizeAnswer(gold) === normalizeAnswer(prediction) ? 1 : 0;
}

/** `get_tokens`: an empty string has no tokens, anything else is normalised and split. */
function tokensV2(s: string): string[] {
  return s === '' ? [] : answerTokens(s);
}

export function f1V2(gold: string, prediction: string): number {
  const g = tokensV2(gold);
  const p = tokensV2(prediction);
  if (g.length === 0 || p.length === 0) return g.length === p.length ? 1 : 0;
  const same = commonTokenCount(g, p);
  if (same === 0) return 0;
  const precision = same / p.length;
  const recall = same / g.length;
  return (2 * precision * recall) / (precision + recall);
}

/** Gold answers as get_raw_scores uses them: those that normalise to something, or [''] when none does. */
export function goldAnswersV2(q: SquadQuestion): string[] {
  const kept = q.answers.filter((a) => normalizeAnswer(a) !== '');
  return kept.length > 0 ? kept : [''];
}

export interface RawScores {
  exact: Map<string, number>;
  f1: Map<string, number>;
}

export function rawScoresV2(questions: readonly SquadQuestion[], predictions: ReadonlyMap<string, string>): RawScores {
  const missing = questions.filter((q) => !predictions.has(q.id));
  if (missing.length > 0) {
    throw new BenchError('BAD_INPUT', `${missing.length} of ${questions.length} questions have no prediction (first: ${missing[0]!.id})`, {
      hint: 'predict every question of the data set, or score only the subset the predictions cover (--offset/--limit)',
    });
  }
  const exact = new Map<string, number>();
  const f1 = new Map<string, number>();
  for (const q of questions) {
    const p = predictions.get(q.id) as string;
    const gold = goldAnswersV2(q);
    exact.set(q.id, Math.max(...gold.map((g) => exactV2(g, p))));
    f1.set(q.id, Math.max(...gold.map((g) => f1V2(g, p))));
  }
  return { exact, f1 };
}

/** `apply_no_ans_threshold`: a question whose no-answer probability exceeds the threshold is predicted unanswerable. */
export function applyNoAnswerThreshold(
  scores: ReadonlyMap<string, number>,
  naProbs: ReadonlyMap<string, number>,
  hasAnswer: ReadonlyMap<string, boolean>,
  threshold: number,
): Map<string, number> {
  const out = new Map<string, number>();
  for (const [id, s] of scores) out.set(id, (naProbs.get(id) ?? 0) > threshold ? (hasAnswer.get(id) ? 0 : 1) : s);
  return out;
}

export interface SplitScore {
  /** percent */
  exact: number;
  /** percent */
  f1: number;
  total: number;
}

function split(exact: ReadonlyMap<string, number>, f1: ReadonlyMap<string, number>, ids: readonly string[]): SplitScore {
  let e = 0;
  let f = 0;
  for (const id of ids) {
    e += exact.get(id) as number;
    f += f1.get(id) as number;
  }
  return { exact: (100 * e) / ids.length, f1: (100 * f) / ids.length, total: ids.length };
}

/** `find_best_thresh`: best total (percent) over every cut of the questions sorted by no-answer probability. */
export function findBestThreshold(
  predictions: ReadonlyMap<string, string>,
  scores: ReadonlyMap<string, number>,
  naProbs: ReadonlyMap<string, number>,
  hasAnswer: ReadonlyMap<string, boolean>,
): { score: number; threshold: number } {
  let noAnswer = 0;
  for (const v of hasAnswer.values()) if (!v) noAnswer++;
  let current = noAnswer;
  let best = current;
  let threshold = 0;
  const order = [...naProbs.entries()].sort((a, b) => a[1] - b[1]); // Array.prototype.sort is stable, as Python's sorted
  for (const [id, prob] of order) {
    if (!scores.has(id)) continue;
    const diff = hasAnswer.get(id) ? (scores.get(id) as number) : predictions.get(id) ? -1 : 0;
    current += diff;
    if (current > best) {
      best = current;
      threshold = prob;
    }
  }
  return { score: (100 * best) / scores.size, threshold };
}

export interface SquadV2Score extends SplitScore {
  hasAns: SplitScore | null;
  noAns: SplitScore | null;
  /** only with no-answer probabilities (na_prob.json) */
  best: { exact: number; exactThreshold: number; f1: number; f1Threshold: number } | null;
}

export interface SquadV2Options {
  /** `na_prob.json`: qid → probability that the question has no answer */
  naProbs?: ReadonlyMap<string, number>;
  /** `--na-prob-thresh`, default 1.0 */
  naProbThreshold?: number;
}

export function evaluateSquadV2(questions: readonly SquadQuestion[], predictions: ReadonlyMap<string, string>, options: SquadV2Options = {}): SquadV2Score {
  const raw = rawScoresV2(questions, predictions);
  const hasAnswer = new Map(questions.map((q) => [q.id, q.hasAnswer] as const));
  const naProbs = options.naProbs ?? new Map([...predictions.keys()].map((k) => [k, 0] as const));
  if (options.naProbs) {
    const missing = questions.filter((q) => !options.naProbs!.has(q.id));
    if (missing.length > 0) {
      throw new BenchError('BAD_INPUT', `the no-answer probabilities miss ${missing.length} questions (first: ${missing[0]!.id})`, {
        hint: 'pass the na_prob.json written with these predictions',
      });
    }
  }
  const threshold = options.naProbThreshold ?? 1.0;
  const exact = applyNoAnswerThreshold(raw.exact, naProbs, hasAnswer, threshold);
  const f1 = applyNoAnswerThreshold(raw.f1, naProbs, hasAnswer, threshold);
  const ids = questions.map((q) => q.id);
  const hasIds = questions.filter((q) => q.hasAnswer).map((q) => q.id);
  const noIds = questions.filter((q) => !q.hasAnswer).map((q) => q.id);
  let best: SquadV2Score['best'] = null;
  if (options.naProbs) {
    const be = findBestThreshold(predictions, raw.exact, naProbs, hasAnswer);
    const bf = findBestThreshold(predictions, raw.f1, naProbs, hasAnswer);
    best = { exact: be.score, exactThreshold: be.threshold, f1: bf.score, f1Threshold: bf.threshold };
  }
  return {
    ...split(exact, f1, ids),
    hasAns: hasIds.length > 0 ? split(exact, f1, hasIds) : null,
    noAns: noIds.length > 0 ? split(exact, f1, noIds) : null,
    best,
  };
}
