/**
 * The answer MLPerf's accuracy-squad.py (write_predictions, as its main calls it: n-best 20, max answer 30 tokens,
 * uncased) gives a question from the logits of its reference features (reference-features.ts), so the suite can say
 * what the script will print for its log:
 * - per feature with logits, the 20 best start and 20 best end positions (ties: the lower position first); a pair is
 *   kept when both are context tokens, the start token has its maximum context in this window, end ≥ start and the
 *   span is at most 30 tokens; score start + end logit, best first (ties keep that order);
 * - a span's text: its WordPiece tokens joined (`##` pieces glued), lined up with the original whitespace words it
 *   covers by get_final_text (basic-tokenised words without spaces, character for character; the words as they stand
 *   where that fails); the answer is the best span's text (the first of the n-best), "empty" when there is none.
 * A feature whose logits were not logged (null) gives no spans, as the script skips a feature without a result. Pure.
 */
import type { QaFeature } from './features.ts';
import { basicTokens, splitWhitespace } from './reference-basic-tokens.ts';
import type { ContextWindow } from './windowing.ts';

export const REFERENCE_PREDICTION = { nBestSize: 20, maxAnswerLength: 30 } as const;

export interface FeatureLogitsLike {
  start: ArrayLike<number>;
  end: ArrayLike<number>;
}

/** read_squad_examples' words: split on ' ', \t, \r, \n and U+202F; each UTF-16 unit's word index (−1 before the first). */
export function referenceWords(context: string): { words: string[]; wordOf: number[] } {
  const words: string[] = [];
  const wordOf: number[] = [];
  let previousSpace = true;
  for (const c of context) {
    const space = c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\u202f';
    if (!space) {
      if (previousSpace) words.push(c);
      else words[words.length - 1] += c;
    }
    previousSpace = space;
    for (let u = 0; u < c.length; u++) wordOf.push(words.length - 1);
  }
  return { words, wordOf };
}

/** _check_is_max_context: whether window `span` is the one where context token `position` has the most context. */
export function isMaxContext(windows: readonly ContextWindow[], span: number, position: number): boolean {
  let best = -Infinity;
  let bestSpan = -1;
  windows.forEach((w, i) => {
    if (position < w.start || position >= w.end) return;
    const score = Math.min(position - w.start, w.end - 1 - position) + 0.01 * (w.end - w.start);
    if (score > best) {
      best = score;
      bestSpan = i;
    }
  });
  return bestSpan === span;
}

function bestIndexes(values: ArrayLike<number>, count: number, k: number): number[] {
  const idx = Array.from({ length: count }, (_, i) => i);
  idx.sort((a, b) => (values[b] as number) - (values[a] as number));
  return idx.slice(0, k);
}

/** Python's removal of spaces with each kept character's index, in code points. */
function stripSpaces(chars: readonly string[]): { text: string[]; toSpaced: number[] } {
  const text: string[] = [];
  const toSpaced: number[] = [];
  chars.forEach((c, i) => {
    if (c === ' ') return;
    toSpaced.push(i);
    text.push(c);
  });
  return { text, toSpaced };
}

function indexOfChars(haystack: readonly string[], needle: readonly string[]): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** get_final_text(pred_text, orig_text, do_lower_case=True). */
export function finalText(predText: string, origText: string): string {
  const orig = Array.from(origText);
  const tok = Array.from(basicTokens(origText).join(' '));
  const pred = Array.from(predText);
  const startPosition = indexOfChars(tok, pred);
  if (startPosition === -1) return origText;
  const endPosition = startPosition + pred.length - 1;
  const o = stripSpaces(orig);
  const t = stripSpaces(tok);
  if (o.text.length !== t.text.length) return origText;
  const tokSpacedToStripped = new Map(t.toSpaced.map((s, ns) => [s, ns] as const));
  const map = (p: number): number | undefined => {
    const ns = tokSpacedToStripped.get(p);
    return ns === undefined ? undefined : o.toSpaced[ns];
  };
  const start = map(startPosition);
  const end = map(endPosition);
  if (start === undefined || end === undefined) return origText;
  return orig.slice(start, end + 1).join('');
}

/** The WordPiece tokens of a span as one text: joined by spaces, `##` pieces glued, whitespace collapsed. */
function pieceText(pieces: readonly string[]): string {
  return splitWhitespace(pieces.join(' ').replaceAll(' ##', '').replaceAll('##', '')).join(' ');
}

export interface ReferencePredictionInput {
  context: string;
  /** the question's reference features, in order, and each one's logits over its tokens (null: not logged) */
  features: readonly QaFeature[];
  logits: readonly (FeatureLogitsLike | null)[];
  /** the vocabulary entry of a token id */
  token: (id: number) => string;
}

/** The text accuracy-squad.py predicts for one question. */
export function referencePrediction(input: ReferencePredictionInput, o: { nBestSize: number; maxAnswerLength: number } = REFERENCE_PREDICTION): string {
  const { words, wordOf } = referenceWords(input.context);
  const windows = input.features.map((f) => f.window);
  const candidates: { feature: number; start: number; end: number; score: number }[] = [];
  input.features.forEach((f, fi) => {
    const l = input.logits[fi];
    if (!l) return;
    const n = f.inputIds.length;
    const head = f.contextOffsets.findIndex((x) => x !== null);
    for (const s of bestIndexes(l.start, n, o.nBestSize)) {
      for (const e of bestIndexes(l.end, n, o.nBestSize)) {
        if (!f.contextOffsets[s] || !f.contextOffsets[e]) continue;
        if (!isMaxContext(windows, fi, f.window.start + s - head)) continue;
        if (e < s || e - s + 1 > o.maxAnswerLength) continue;
        candidates.push({ feature: fi, start: s, end: e, score: (l.start[s] as number) + (l.end[e] as number) });
      }
    }
  });
  // the answer is the first of the n-best, which is the best-scoring span's text (later ones only fill the n-best)
  candidates.sort((a, b) => b.score - a.score);
  const best = candidates[0];
  if (!best) return 'empty';
  const f = input.features[best.feature]!;
  const pred = pieceText(f.inputIds.slice(best.start, best.end + 1).map(input.token));
  const firstWord = wordOf[f.contextOffsets[best.start]![0]]!;
  const lastWord = wordOf[f.contextOffsets[best.end]![0]]!;
  return finalText(pred, words.slice(firstWord, lastWord + 1).join(' '));
}
