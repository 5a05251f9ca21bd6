/**
 * What MLPerf's accuracy-squad.py needs of BERT's basic tokenizer (google-research/bert tokenization.BasicTokenizer
 * with do_lower_case, which its get_final_text uses to line a predicted span's text up with the original words):
 * drop NUL, U+FFFD and control characters, whitespace to ' ', spaces around CJK ideographs, split on whitespace,
 * lower-case and strip accents (NFD, combining marks dropped), split off punctuation. Strings are handled in code
 * points, as Python does. Pure.
 */

const isWhitespace = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r' || /^\p{Zs}$/u.test(c);
const isControl = (c: string): boolean => c !== '\t' && c !== '\n' && c !== '\r' && /^\p{C}$/u.test(c);

function isPunctuation(c: string): boolean {
  const cp = c.codePointAt(0)!;
  if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) return true;
  return /^\p{P}$/u.test(c);
}

function isCjk(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) ||
    (cp >= 0x2b740 && cp <= 0x2b81f) ||
    (cp >= 0x2b820 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}

/** Python's str.split() with no argument: runs of whitespace separate, none at either end. */
export function splitWhitespace(text: string): string[] {
  return text.split(/\s+/u).filter((t) => t !== '');
}

function splitOnPunctuation(token: string): string[] {
  const out: string[] = [];
  let current = '';
  for (const c of token) {
    if (isPunctuation(c)) {
      if (current !== '') out.push(current);
      out.push(c);
      current = '';
    } else current += c;
  }
  if (current !== '') out.push(current);
  return out;
}

const stripAccents = (t: string): string => Array.from(t.normalize('NFD')).filter((c) => !/^\p{Mn}$/u.test(c)).join('');

/** BasicTokenizer(do_lower_case=True).tokenize(text). */
export function basicTokens(text: string): string[] {
  let cleaned = '';
  for (const c of text) {
    const cp = c.codePointAt(0)!;
    if (cp === 0 || cp === 0xfffd || isControl(c)) continue;
    cleaned += isWhitespace(c) ? ' ' : isCjk(cp) ? ` ${c} ` : c;
  }
  const split = splitWhitespace(cleaned).flatMap((t) => splitOnPunctuation(stripAccents(t.toLowerCase())));
  return splitWhitespace(split.join(' '));
}
