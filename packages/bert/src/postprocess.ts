/**
 * n-best answer spans, as Hugging Face `utils_qa.postprocess_qa_predictions` does for SQuAD v1.1: per feature, the
 * top-n start and top-n end indexes (not every pair), kept when both tokens are context tokens, end ≥ start and the span
 * is at most max_answer_length tokens; score = start logit + end logit; the best n over all features of the example,
 * text cut from the original context by the offsets. Indexes are taken among the feature's own (unpadded) positions,
 * so padding never changes the answer.
 */
import type { QaFeature } from './features.ts';

export interface NBestOptions {
  nBest: number;
  maxAnswerLen: number;
}

export const SQUAD_NBEST_DEFAULTS: NBestOptions = { nBest: 20, maxAnswerLen: 30 };

export interface AnswerSpan {
  text: string;
  /** [startChar, endChar) in UTF-16 units of the context */
  startChar: number;
  endChar: number;
  score: number;
  startLogit: number;
  endLogit: number;
  /** softmax of the scores over the returned n-best */
  probability: number;
  feature: number;
  startToken: number;
  endToken: number;
}

/** Indexes of the k largest values, largest first; ties keep the lower index first. */
export function topIndexes(values: ArrayLike<number>, k: number): number[] {
  const idx = Array.from({ length: values.length }, (_, i) => i);
  idx.sort((a, b) => (values[b] as number) - (values[a] as number) || a - b);
  return idx.slice(0, k);
}

export interface FeatureLogits {
  start: ArrayLike<number>;
  end: ArrayLike<number>;
}

export function nBestAnswers(context: string, features: readonly QaFeature[], logits: readonly FeatureLogits[], o: NBestOptions = SQUAD_NBEST_DEFAULTS): AnswerSpan[] {
  if (logits.length !== features.length) throw new Error(`nBestAnswers: ${logits.length} logits for ${features.length} features`);
  const candidates: Omit<AnswerSpan, 'probability'>[] = [];
  features.forEach((f, fi) => {
    const n = f.inputIds.length;
    const { start, end } = logits[fi]!;
    if (start.length < n || end.length < n) throw new Error(`nBestAnswers: feature ${fi} has ${n} tokens but ${Math.min(start.length, end.length)} logits`);
    const startList = topIndexes(Array.prototype.slice.call(start, 0, n) as number[], o.nBest);
    const endList = topIndexes(Array.prototype.slice.call(end, 0, n) as number[], o.nBest);
    for (const s of startList) {
      for (const e of endList) {
        const so = f.contextOffsets[s];
        const eo = f.contextOffsets[e];
        if (!so || !eo) continue;
        if (e < s || e - s + 1 > o.maxAnswerLen) continue;
        const startLogit = start[s] as number;
        const endLogit = end[e] as number;
        candidates.push({ text: context.slice(so[0], eo[1]), startChar: so[0], endChar: eo[1], score: startLogit + endLogit, startLogit, endLogit, feature: fi, startToken: s, endToken: e });
      }
    }
  });
  candidates.sort((a, b) => b.score - a.score || a.feature - b.feature || a.startToken - b.startToken || a.endToken - b.endToken);
  const best = candidates.slice(0, o.nBest);
  const top = best[0]?.score ?? 0;
  const exps = best.map((c) => Math.exp(c.score - top));
  const sum = exps.reduce((a, b) => a + b, 0);
  return best.map((c, i) => ({ ...c, probability: exps[i]! / sum }));
}
