/**
 * COCO run-length encoding, as maskApi.c (cocodataset/cocoapi common/) defines it: a binary mask of h×w pixels read in
 * column-major order (down each column, then the next column) as alternating runs of 0s and 1s, starting with 0s (so
 * the first count may be 0). The compressed string form is maskApi's LEB128-like code: 5 bits per character plus a
 * continuation bit, characters 48..111, and from the fourth count on each count is stored as its difference from the
 * count two before it.
 */
import { BenchError } from '@modelbench/core';

export interface Rle {
  /** mask height (rows), pixels */
  readonly h: number;
  /** mask width (columns), pixels */
  readonly w: number;
  /** run lengths, first run of 0s; they sum to h × w */
  readonly counts: Uint32Array;
}

/** A compressed RLE as COCO's JSON holds it: `{size: [h, w], counts: "…"}`. */
export interface CompressedRle {
  size: [number, number];
  counts: string;
}

/** Encodes a column-major binary mask (any non-zero byte is 1) of h × w pixels (maskApi rleEncode). */
export function rleEncode(mask: Uint8Array, h: number, w: number): Rle {
  const a = h * w;
  if (mask.length !== a) throw new BenchError('BAD_INPUT', `mask has ${mask.length} pixels, expected ${h}×${w} = ${a}`);
  const runs: number[] = [];
  let p = 0;
  let c = 0;
  for (let j = 0; j < a; j++) {
    const v = mask[j] ? 1 : 0;
    if (v !== p) {
      runs.push(c);
      c = 0;
      p = v;
    }
    c++;
  }
  runs.push(c);
  return { h, w, counts: Uint32Array.from(runs) };
}

/** Encodes a row-major mask (index y·w + x, as images and pasted instance masks are laid out), read column by column. */
export function rleEncodeRowMajor(mask: Uint8Array, h: number, w: number): Rle {
  if (mask.length !== h * w) throw new BenchError('BAD_INPUT', `mask has ${mask.length} pixels, expected ${h}×${w} = ${h * w}`);
  const runs: number[] = [];
  let p = 0;
  let c = 0;
  for (let x = 0; x < w; x++) {
    for (let i = x; i < mask.length; i += w) {
      const v = mask[i] ? 1 : 0;
      if (v !== p) {
        runs.push(c);
        c = 0;
        p = v;
      }
      c++;
    }
  }
  runs.push(c);
  return { h, w, counts: Uint32Array.from(runs) };
}

/** Decodes to a column-major mask of h × w bytes, 0 or 1 (maskApi rleDecode). */
export function rleDecode(r: Rle): Uint8Array {
  const out = new Uint8Array(r.h * r.w);
  let pos = 0;
  let v = 0;
  for (const n of r.counts) {
    if (v) out.fill(1, pos, Math.min(pos + n, out.length));
    pos += n;
    v ^= 1;
  }
  return out;
}

/** The compressed string of an RLE (maskApi rleToString). */
export function rleToString(r: Rle): string {
  const chars: number[] = [];
  const cnts = r.counts;
  for (let i = 0; i < cnts.length; i++) {
    let x = cnts[i]!;
    if (i > 2) x -= cnts[i - 2]!;
    let more = true;
    while (more) {
      let c = x & 0x1f;
      x = Math.floor(x / 32); // arithmetic shift right by 5 on a value that may be negative
      more = c & 0x10 ? x !== -1 : x !== 0;
      if (more) c |= 0x20;
      chars.push(c + 48);
    }
  }
  return String.fromCharCode(...chars);
}

/** Parses a compressed string (maskApi rleFrString); a one-line error for characters outside the code. */
export function rleFromString(s: string, h: number, w: number): Rle {
  const cnts: number[] = [];
  let p = 0;
  while (p < s.length) {
    let x = 0;
    let k = 0;
    let more = true;
    while (more) {
      if (p >= s.length) throw new BenchError('BAD_INPUT', `RLE counts string ends inside a count (at character ${p})`, { hint: 'pass counts exactly as pycocotools mask.encode writes them' });
      const c = s.charCodeAt(p) - 48;
      if (c < 0 || c > 63) throw new BenchError('BAD_INPUT', `RLE counts string has the character '${s[p]}' outside COCO's code ('0'..'o')`, { hint: 'pass counts exactly as pycocotools mask.encode writes them' });
      x += (c & 0x1f) * 2 ** (5 * k);
      more = (c & 0x20) !== 0;
      p++;
      k++;
      if (!more && c & 0x10) x -= 2 ** (5 * k); // sign-extend
    }
    if (cnts.length > 2) x += cnts[cnts.length - 2]!;
    cnts.push(x);
  }
  const counts = Uint32Array.from(cnts);
  checkRleTotal(counts, h, w, 'compressed RLE');
  return { h, w, counts };
}

/** An RLE from COCO's uncompressed form `{size: [h, w], counts: [n0, n1, …]}` (pycocotools frUncompressedRLE). */
export function rleFromCounts(counts: readonly number[], h: number, w: number): Rle {
  const c = Uint32Array.from(counts);
  checkRleTotal(c, h, w, 'uncompressed RLE');
  return { h, w, counts: c };
}

export function toCompressedRle(r: Rle): CompressedRle {
  return { size: [r.h, r.w], counts: rleToString(r) };
}

function checkRleTotal(counts: Uint32Array, h: number, w: number, what: string): void {
  let total = 0;
  for (const n of counts) total += n;
  if (total !== h * w) {
    throw new BenchError('BAD_INPUT', `${what} counts sum to ${total} pixels but its size is ${h}×${w} = ${h * w}`, {
      hint: 'the RLE must cover the whole image, column by column (COCO/pycocotools layout)',
    });
  }
}
