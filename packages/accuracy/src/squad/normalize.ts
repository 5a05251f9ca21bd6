/**
 * Answer normalisation of the official SQuAD evaluation scripts (`normalize_answer`, identical in evaluate-v1.1.py
 * and evaluate-v2.0.py): lower-case, drop every character of Python's `string.punctuation`, replace the whole words
 * a / an / the by a space (`re.sub(r'\b(a|an|the)\b', ' ', text)`), then `' '.join(text.split())`. Python's
 * `str.split()` whitespace and `\b` over Unicode word characters are reproduced exactly.
 */

/** Python's `string.punctuation` (ASCII only). */
const PUNCTUATION: ReadonlySet<string> = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');

/** Characters for which Python's `str.isspace()` is true: what `str.split()` splits on. */
// eslint-disable-next-line no-control-regex -- Python counts the ASCII separators \x1c-\x1f as whitespace
const PY_WHITESPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/u;

/** Python 3's `\b(a|an|the)\b` on str: word characters are `str.isalnum()` (letters, numbers) and '_'. */
const ARTICLES = /(?<![\p{L}\p{N}_])(a|an|the)(?![\p{L}\p{N}_])/gu;

/** Python's `s.split()` with no argument: runs of whitespace separate, no empty pieces. */
export function pythonSplit(s: string): string[] {
  return s.split(PY_WHITESPACE).filter((t) => t !== '');
}

export function normalizeAnswer(s: string): string {
  const lower = s.toLowerCase();
  let noPunct = '';
  for (const ch of lower) if (!PUNCTUATION.has(ch)) noPunct += ch;
  return pythonSplit(noPunct.replace(ARTICLES, ' ')).join(' ');
}

/** Normalised tokens: `normalize_answer(s).split()`. */
export function answerTokens(s: string): string[] {
  return pythonSplit(normalizeAnswer(s));
}

/** Size of the multiset intersection (`sum((Counter(a) & Counter(b)).values())`). */
export function commonTokenCount(a: readonly string[], b: readonly string[]): number {
  const counts = new Map<string, number>();
  for (const t of a) counts.set(t, (counts.get(t) ?? 0) + 1);
  let same = 0;
  for (const t of b) {
    const c = counts.get(t) ?? 0;
    if (c > 0) {
      same++;
      counts.set(t, c - 1);
    }
  }
  return same;
}
