import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codePointToUtf16, decodeUtf8Strict, firstInvalidUtf8 } from '../src/lib/text.ts';
import { loadQaTokenizer, parseVocab } from '../src/lib/tokenizer.ts';
import { TOKENIZER_JSON, VOCAB_TXT } from './fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'bert-tok-'));
const file = (name: string, content: string | Uint8Array): string => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};

describe('loadQaTokenizer', () => {
  const json = loadQaTokenizer(TOKENIZER_JSON);
  const vocab = loadQaTokenizer(VOCAB_TXT);

  it('loads bert-base-uncased from tokenizer.json and from vocab.txt with the same ids and offsets', async () => {
    expect([json.vocabSize, json.clsId, json.sepId, json.padId]).toEqual([30522, 101, 102, 0]);
    expect([vocab.vocabSize, vocab.clsId, vocab.sepId, vocab.padId]).toEqual([30522, 101, 102, 0]);
    const text = 'The Normans (Norman: Nourmands; French: Normands) gave their name to Normandy, a région in France.';
    const a = await json.encode(text);
    const b = await vocab.encode(text);
    expect(a).toEqual(b);
    expect(a.ids.slice(0, 4).map((id) => json.token(id))).toEqual(['the', 'norman', '##s', '(']);
    expect(a.ids.includes(json.sepId)).toBe(false); // no special tokens added
  });

  it('returns offsets in UTF-16 units even after characters outside the BMP', async () => {
    const text = 'Rocket 🚀 launched from Kourou, Guyane 🇫🇷 today';
    const { ids, offsets } = await json.encode(text);
    const pieces = offsets.map(([s, e]) => text.slice(s, e));
    ids.forEach((id, i) => {
      const token = json.token(id);
      if (token !== '[UNK]') expect(pieces[i]!.toLowerCase()).toBe(token.replace(/^##/, ''));
    });
    expect(pieces.filter((_, i) => json.token(ids[i]!) === '[UNK]')).toEqual(['🚀', '🇫🇷']);
    expect(pieces.at(-1)).toBe('today');
    expect(ids.length).toBe(offsets.length);
  });

  it('fails clearly (exit 2) on a missing, malformed or incomplete file', () => {
    expect(() => loadQaTokenizer(join(dir, 'nope.json'))).toThrow(expect.objectContaining({ code: 'IO', exitCode: 2, message: expect.stringMatching(/not found/) }));
    expect(() => loadQaTokenizer(file('bad.json', '{"model": '))).toThrow(expect.objectContaining({ code: 'BAD_INPUT', message: expect.stringMatching(/not valid JSON/) }));
    expect(() => loadQaTokenizer(file('other.json', '{"hello": 1}'))).toThrow(expect.objectContaining({ code: 'BAD_INPUT', message: expect.stringMatching(/not a Hugging Face tokenizer.json/) }));
    expect(() => loadQaTokenizer(file('latin1.txt', Uint8Array.from([0x5b, 0x50, 0x41, 0x44, 0x5d, 0x0a, 0x63, 0x61, 0x66, 0xe9, 0x0a])))).toThrow(
      expect.objectContaining({ code: 'BAD_INPUT', message: expect.stringMatching(/not valid UTF-8 \(first bad byte at offset 9\)/) }),
    );
    expect(() => loadQaTokenizer(file('nocls.txt', '[PAD]\n[UNK]\n[SEP]\nhello\n'))).toThrow(expect.objectContaining({ code: 'BAD_INPUT', message: expect.stringMatching(/no \[CLS\] token/) }));
    expect(() => loadQaTokenizer(file('empty.txt', ''))).toThrow(expect.objectContaining({ code: 'BAD_INPUT', message: expect.stringMatching(/is empty/) }));
  });

  it('parses vocab.txt lines as ids and rejects repeats', () => {
    expect(parseVocab('[PAD]\r\nhello\n##lo\n', 'v')).toEqual({ '[PAD]': 0, hello: 1, '##lo': 2 });
    expect(() => parseVocab('a\nb\na\n', 'v')).toThrow(/'a' on line 3 repeats line 1/);
  });
});

describe('text helpers', () => {
  it('finds the first invalid UTF-8 byte (overlong, surrogate, truncated, stray continuation)', () => {
    expect(firstInvalidUtf8(new TextEncoder().encode('héllo 🚀'))).toBe(-1);
    expect(firstInvalidUtf8(Uint8Array.from([0x41, 0xc0, 0x80]))).toBe(1);
    expect(firstInvalidUtf8(Uint8Array.from([0x41, 0xed, 0xa0, 0x80]))).toBe(1);
    expect(firstInvalidUtf8(Uint8Array.from([0x41, 0x42, 0xe2, 0x82]))).toBe(2);
    expect(firstInvalidUtf8(Uint8Array.from([0x80]))).toBe(0);
    expect(() => decodeUtf8Strict(Uint8Array.from([0x61, 0xff]), 'x')).toThrow(/x is not valid UTF-8 \(first bad byte at offset 1\)/);
  });

  it('maps code points to UTF-16 indexes only when the text has astral characters', () => {
    expect(codePointToUtf16('plain é')).toBeUndefined();
    expect(Array.from(codePointToUtf16('a🚀b')!)).toEqual([0, 1, 3, 4]);
  });
});
