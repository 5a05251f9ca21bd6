/**
 * The files the reference tools read: `predictions.json` = `{qid: answer text}` (the empty string = no answer, v2.0)
 * and `na_prob.json` = `{qid: probability of no answer}`. Reading checks that every id belongs to the data set being
 * scored; writing is atomic (the file appears complete or not at all).
 */
import { readFileSync } from 'node:fs';
import { BenchError, writeFileAtomic } from '@modelbench/core';
import type { SquadQuestion } from './dataset.ts';

function readJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new BenchError('BAD_INPUT', `${what} ${path}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? (e as Error).message})`}`, {
      hint: `check the path of the ${what}`,
    });
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new BenchError('BAD_INPUT', `${what} ${path}: not JSON (${(e as Error).message})`, { hint: `pass the ${what} the run wrote` });
  }
}

function objectEntries(json: unknown, path: string, what: string, layout: string): [string, unknown][] {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new BenchError('BAD_INPUT', `${what} ${path}: expected a JSON object ${layout}`, { hint: `pass the ${what} the run wrote` });
  }
  return Object.entries(json as Record<string, unknown>);
}

export function parseSquadPredictions(json: unknown, path = 'predictions.json'): Map<string, string> {
  const out = new Map<string, string>();
  for (const [id, v] of objectEntries(json, path, 'SQuAD predictions', '{"question id": "answer text"}')) {
    if (typeof v !== 'string') {
      throw new BenchError('BAD_INPUT', `SQuAD predictions ${path}: the answer of ${id} is not a string`, { hint: 'each value is the answer text ("" for no answer)' });
    }
    out.set(id, v);
  }
  return out;
}

export function parseNoAnswerProbs(json: unknown, path = 'na_prob.json'): Map<string, number> {
  const out = new Map<string, number>();
  for (const [id, v] of objectEntries(json, path, 'no-answer probabilities', '{"question id": probability}')) {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new BenchError('BAD_INPUT', `no-answer probabilities ${path}: the value of ${id} is not a number`, { hint: 'each value is a number' });
    }
    out.set(id, v);
  }
  return out;
}

export const loadSquadPredictions = (path: string): Map<string, string> => parseSquadPredictions(readJson(path, 'SQuAD predictions'), path);
export const loadNoAnswerProbs = (path: string): Map<string, number> => parseNoAnswerProbs(readJson(path, 'no-answer probabilities'), path);

/** Refuses predictions made for another data set: any id the data set does not hold. */
export function checkPredictionsBelong(ids: Iterable<string>, questions: readonly SquadQuestion[], what: string, dataset: string): void {
  const known = new Set(questions.map((q) => q.id));
  const foreign = [...ids].filter((id) => !known.has(id));
  if (foreign.length > 0) {
    throw new BenchError('BAD_INPUT', `${what}: ${foreign.length} question ids are not in ${dataset} (first: ${foreign[0]})`, {
      hint: 'score the predictions against the data set they were made from (the manifest names it)',
    });
  }
}

function objectJson(entries: Iterable<readonly [string, string | number]>): string {
  const o: Record<string, string | number> = {};
  for (const [k, v] of entries) o[k] = v;
  return JSON.stringify(o, null, 2) + '\n';
}

export function writeSquadPredictions(path: string, predictions: ReadonlyMap<string, string>): void {
  writeFileAtomic(path, objectJson(predictions));
}

export function writeNoAnswerProbs(path: string, probs: ReadonlyMap<string, number>): void {
  writeFileAtomic(path, objectJson(probs));
}
