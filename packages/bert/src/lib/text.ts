/**
 * Text checks shared by every input path: strict UTF-8 decoding of files, rejection of strings that carry the marks of
 * a bad decode (U+FFFD, lone surrogates), and the code-point → UTF-16 offset map the tokenizer's offsets need.
 */
import { BenchError } from '@modelbench/core';

/** Decodes bytes as UTF-8, failing on any invalid sequence (a leading BOM is dropped). */
export function decodeUtf8Strict(bytes: Uint8Array, what: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    throw new BenchError('BAD_INPUT', `${what} is not valid UTF-8 (first bad byte at offset ${at})`, {
      hint: 'save the file as UTF-8, e.g. iconv -f latin1 -t utf-8',
    });
  }
}

/** Offset of the first byte that is not part of a well-formed UTF-8 sequence (RFC 3629), or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i] as number;
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b < 0x80) need = 0;
    else if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0; // no overlong forms
      if (b === 0xed) hi = 0x9f; // no surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f; // ≤ U+10FFFF
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined) return i;
      if (k === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Checks a question or context: not empty after trimming, no U+FFFD (what a non-UTF-8 command-line argument or file
 * becomes when decoded leniently), no lone UTF-16 surrogates (an invalid `\ud800` escape in JSON).
 */
export function checkText(text: string, what: string): string {
  if (text.trim() === '') throw new BenchError('BAD_INPUT', `${what} is empty`, { hint: `give a non-empty ${what}` });
  const replacement = text.indexOf('\uFFFD');
  if (replacement >= 0) {
    throw new BenchError('BAD_INPUT', `${what} contains U+FFFD at character ${replacement}: the input was not valid UTF-8`, {
      hint: 'pass UTF-8 text (check the terminal or file encoding)',
    });
  }
  if (LONE_SURROGATE.test(text)) {
    throw new BenchError('BAD_INPUT', `${what} contains a lone UTF-16 surrogate: not valid Unicode text`);
  }
  return text;
}

/**
 * Maps code-point indexes (what the Rust tokenizer reports) to UTF-16 indexes (what String.slice takes).
 * Entry i is the UTF-16 index of code point i; the last entry is text.length. Undefined when they coincide.
 */
export function codePointToUtf16(text: string): Int32Array | undefined {
  let astral = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      astral = true;
      break;
    }
  }
  if (!astral) return undefined;
  const map: number[] = [];
  for (let i = 0; i < text.length; ) {
    map.push(i);
    i += (text.codePointAt(i) as number) > 0xffff ? 2 : 1;
  }
  map.push(text.length);
  return Int32Array.from(map);
}
