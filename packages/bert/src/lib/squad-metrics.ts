/**
 * Exact match and F1 exactly as the official SQuAD v1.1 `evaluate-v1.1.py`: normalise (lower-case, drop ASCII
 * punctuation, drop the articles a/an/the as whole words, collapse whitespace), EM = normalised strings equal,
 * F1 = harmonic mean of token precision and recall over the bag of normalised tokens; the max over the ground truths;
 * totals as percentages. Python's `\b`, `str.split()` whitespace and `string.punctuation` are reproduced.
 */

/** Python's string.punctuation */
const PUNCTUATION = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');
/** Python str.split() whitespace: str.isspace() characters */
// eslint-disable-next-line no-control-regex -- Python counts the ASCII separators \x1c-\x1f as whitespace
const PY_WHITESPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/u;
/** re.sub(r'\b(a|an|the)\b', ' ', text) with Python 3's Unicode word characters (letters, digits, underscore) */
const ARTICLES = /(?<![\p{L}\p{N}_])(a|an|the)(?![\p{L}\p{N}_])/gu;

function pySplit(text: string): string[] {
  return text.split(PY_WHITESPACE).filter((t) => t !== '');
}

export function normalizeAnswer(s: string): string {
  const lower = s.toLowerCase();
  const noPunct = Array.from(lower).filter((ch) => !PUNCTUATION.has(ch)).join('');
  const noArticles = noPunct.replace(ARTICLES, ' ');
  return pySplit(noArticles).join(' ');
}

export function exactMatch(prediction: string, groundTruth: string): boolean {
  return normalizeAnswer(prediction) === normalizeAnswer(groundTruth);
}

export function f1Score(prediction: string, groundTruth: string): number {
  const pred = pySplit(normalizeAnswer(prediction));
  const truth = pySplit(normalizeAnswer(groundTruth));
  const counts = new Map<string, number>();
  for (const t of truth) counts.set(t, (counts.get(t) ?? 0) + 1);
  let same = 0;
  for (const t of pred) {
    const c = counts.get(t) ?? 0;
    if (c > 0) {
      same++;
      counts.set(t, c - 1);
    }
  }
  if (same === 0) return 0;
  const precision = same / pred.length;
  const recall = same / truth.length;
  return (2 * precision * recall) / (precision + recall);
}

export function maxOverGroundTruths<T extends number | boolean>(metric: (p: string, g: string) => T, prediction: string, groundTruths: readonly string[]): number {
  if (groundTruths.length === 0) throw new Error('maxOverGroundTruths: no ground truths');
  return Math.max(...groundTruths.map((g) => Number(metric(prediction, g))));
}

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
    em += maxOverGroundTruths(exactMatch, it.prediction, it.groundTruths);
    f1 += maxOverGroundTruths(f1Score, it.prediction, it.groundTruths);
  }
  return { exactMatch: (100 * em) / items.length, f1: (100 * f1) / items.length, count: items.length };
}
