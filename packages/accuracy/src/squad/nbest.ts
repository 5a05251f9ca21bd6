/**
 * Hugging Face `run_qa`'s `postprocess_qa_predictions` (examples/pytorch/question-answering/utils_qa.py) for one
 * example, as a pure function of its windows' start/end logits and offsets:
 * - per window, the `nBestSize` highest start and end positions (`np.argsort(...)[-1:-n-1:-1]`; among equal logits
 *   the higher position comes first, as reversing a stable ascending argsort gives), every pair that lies in the
 *   context (offsets not null), with end ≥ start, at most `maxAnswerLength` tokens, and where given a start with
 *   `tokenIsMaxContext`, becomes a candidate scored start + end logit (float32 addition, as on numpy float32 arrays);
 * - the null answer is position 0 ([CLS]) of the window where start + end logit at 0 is smallest (the first such);
 *   with `version2WithNegative` it joins the candidates and is kept even when it falls outside the n best;
 * - candidates sorted by score (stable) and cut to `nBestSize`; texts cut from the context by the offsets; when none
 *   is left (or only the empty null text), the placeholder "empty" with score 0; probabilities are the softmax of
 *   the scores;
 * - v1: the answer is the best candidate's text. v2: the best non-null candidate is compared with the null score,
 *   `scoreDiff = null score − its start logit − its end logit`, and the answer is "" when scoreDiff exceeds
 *   `nullScoreDiffThreshold`. scoreDiff is what run_qa saves as the no-answer score (`null_odds.json`).
 * Offsets index the context string as JavaScript does (UTF-16 code units), as the tokenizer's offsets here do.
 */
import { BenchError } from '@modelbench/core';

export interface QaWindow {
  startLogits: ArrayLike<number>;
  endLogits: ArrayLike<number>;
  /** [start, end) into the context for context tokens; null for [CLS], question, [SEP] and padding */
  offsets: readonly (readonly [number, number] | null)[];
  /** token position → whether this window is the one with the most context around it (optional, as in run_qa) */
  tokenIsMaxContext?: ReadonlyMap<number, boolean>;
}

export interface NbestOptions {
  nBestSize: number;
  maxAnswerLength: number;
  version2WithNegative: boolean;
  nullScoreDiffThreshold: number;
}

export const RUN_QA_DEFAULTS: NbestOptions = { nBestSize: 20, maxAnswerLength: 30, version2WithNegative: false, nullScoreDiffThreshold: 0 };

/** Where a candidate lies: its characters in the context, its window and token positions (absent for the null answer and the "empty" placeholder). */
export interface NbestSpan {
  startChar: number;
  endChar: number;
  window: number;
  startToken: number;
  endToken: number;
}

export interface NbestEntry {
  text: string;
  startLogit: number;
  endLogit: number;
  score: number;
  probability: number;
  span?: NbestSpan;
}

export interface QaPrediction {
  /** the answer ("" = no answer, v2 only) */
  text: string;
  nbest: NbestEntry[];
  /** v2 only: null score minus the best non-null start + end logits */
  scoreDiff: number | null;
}

interface Candidate {
  offsets: readonly [number, number];
  score: number;
  startLogit: number;
  endLogit: number;
  isNull: boolean;
  span?: NbestSpan;
}

const f32 = Math.fround;

/** Positions of the n largest values, largest first; equal values: higher position first. */
export function topPositionsDescending(values: ArrayLike<number>, n: number): number[] {
  const idx = Array.from({ length: values.length }, (_, i) => i);
  idx.sort((a, b) => (values[b] as number) - (values[a] as number) || b - a);
  return idx.slice(0, Math.max(0, n));
}

export function postprocessQaPrediction(context: string, windows: readonly QaWindow[], options: Partial<NbestOptions> = {}): QaPrediction {
  const o: NbestOptions = { ...RUN_QA_DEFAULTS, ...options };
  if (windows.length === 0) throw new BenchError('INTERNAL', 'postprocessQaPrediction: an example without windows');
  let minNull: Candidate | null = null;
  const prelim: Candidate[] = [];
  for (const [wi, w] of windows.entries()) {
    if (w.startLogits.length !== w.endLogits.length) throw new BenchError('INTERNAL', 'start and end logits differ in length');
    const s0 = w.startLogits[0] as number;
    const e0 = w.endLogits[0] as number;
    const nullScore = f32(s0 + e0);
    if (minNull === null || minNull.score > nullScore) minNull = { offsets: [0, 0], score: nullScore, startLogit: s0, endLogit: e0, isNull: true };
    const starts = topPositionsDescending(w.startLogits, o.nBestSize);
    const ends = topPositionsDescending(w.endLogits, o.nBestSize);
    for (const s of starts) {
      for (const e of ends) {
        const so = s < w.offsets.length ? w.offsets[s] : null;
        const eo = e < w.offsets.length ? w.offsets[e] : null;
        if (!so || !eo) continue;
        if (e < s || e - s + 1 > o.maxAnswerLength) continue;
        if (w.tokenIsMaxContext && !w.tokenIsMaxContext.get(s)) continue;
        const sl = w.startLogits[s] as number;
        const el = w.endLogits[e] as number;
        prelim.push({ offsets: [so[0], eo[1]], score: f32(sl + el), startLogit: sl, endLogit: el, isNull: false, span: { startChar: so[0], endChar: eo[1], window: wi, startToken: s, endToken: e } });
      }
    }
  }
  const nullCandidate = minNull as Candidate;
  if (o.version2WithNegative) prelim.push(nullCandidate);
  const kept = [...prelim].sort((a, b) => b.score - a.score).slice(0, o.nBestSize);
  if (o.version2WithNegative && !kept.some((c) => c.offsets[0] === 0 && c.offsets[1] === 0)) kept.push(nullCandidate);

  const entries: Omit<NbestEntry, 'probability'>[] = kept.map((c) => ({ text: context.slice(c.offsets[0], c.offsets[1]), startLogit: c.startLogit, endLogit: c.endLogit, score: c.score, ...(c.span ? { span: c.span } : {}) }));
  if (entries.length === 0 || (entries.length === 1 && entries[0]!.text === '')) entries.unshift({ text: 'empty', startLogit: 0, endLogit: 0, score: 0 });
  const max = Math.max(...entries.map((e) => e.score));
  const exps = entries.map((e) => Math.exp(e.score - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  const nbest: NbestEntry[] = entries.map((e, i) => ({ ...e, probability: (exps[i] as number) / sum }));

  if (!o.version2WithNegative) return { text: nbest[0]!.text, nbest, scoreDiff: null };
  const bestNonNull = nbest.find((e) => e.text !== '') as NbestEntry; // "empty" guarantees one
  const scoreDiff = f32(f32(nullCandidate.score - bestNonNull.startLogit) - bestNonNull.endLogit);
  return { text: scoreDiff > o.nullScoreDiffThreshold ? '' : bestNonNull.text, nbest, scoreDiff };
}
