/**
 * What a SQuAD accuracy run appends per question while it runs (resumable JSONL, keyed by `id`), and the standard
 * files made from those records at the end: `predictions.json` ({qid: text}) and, for v2.0, `na_prob.json`
 * ({qid: no-answer score}). The no-answer score is run_qa's `null_odds` (null score minus the best span's start +
 * end logits): evaluate-v2.0.py only orders and thresholds these values, so they need not be probabilities.
 */
import { join } from 'node:path';
import { BenchError } from '@modelbench/core';
import { writeNoAnswerProbs, writeSquadPredictions } from './predictions.ts';

export interface SquadPredictionRecord {
  id: string;
  text: string;
  /** v2.0: scoreDiff of the n-best post-processing; null for v1.1 */
  noAnswerScore: number | null;
}

export function checkSquadRecord(v: unknown, where: string): SquadPredictionRecord {
  const o = v as Partial<SquadPredictionRecord> | null;
  if (typeof o !== 'object' || o === null || typeof o.id !== 'string' || typeof o.text !== 'string' || !(o.noAnswerScore === null || typeof o.noAnswerScore === 'number')) {
    throw new BenchError('BAD_INPUT', `${where}: not a SQuAD prediction record ({"id", "text", "noAnswerScore"})`, { hint: 'pass the predictions JSONL written by the accuracy run' });
  }
  return { id: o.id, text: o.text, noAnswerScore: o.noAnswerScore };
}

/** Writes predictions.json and, when every record has a no-answer score, na_prob.json; returns their file names. */
export function writeSquadRunFiles(dir: string, records: readonly SquadPredictionRecord[]): { predictions: string; naProbs?: string } {
  writeSquadPredictions(join(dir, 'predictions.json'), new Map(records.map((r) => [r.id, r.text] as const)));
  if (records.length === 0 || records.some((r) => r.noAnswerScore === null)) return { predictions: 'predictions.json' };
  writeNoAnswerProbs(join(dir, 'na_prob.json'), new Map(records.map((r) => [r.id, r.noAnswerScore as number] as const)));
  return { predictions: 'predictions.json', naProbs: 'na_prob.json' };
}
