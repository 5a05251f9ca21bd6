/**
 * The BERT uncased WordPiece tokeniser, from a Hugging Face `tokenizer.json` or a plain `vocab.txt` (one token a line,
 * line i = id i, as the Google BERT release and the Zoo's bertsquad-12 ship it). Encodes without special tokens; the
 * feature builder adds [CLS]/[SEP] itself. Offsets are returned in UTF-16 units of the input string.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { BenchError } from '@modelbench/core';
import { Tokenizer, WordPiece, bertNormalizer, bertPreTokenizer } from 'tokenizers';
import { codePointToUtf16, decodeUtf8Strict } from './text.ts';

export const REQUIRED_SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]'] as const;

/** Token ids with [start, end) offsets into the encoded string, in UTF-16 code units. */
export interface TokenSpans {
  ids: number[];
  offsets: [number, number][];
}

export interface QaTokenizer {
  readonly source: string;
  readonly kind: 'tokenizer.json' | 'vocab.txt';
  readonly vocabSize: number;
  readonly clsId: number;
  readonly sepId: number;
  readonly padId: number;
  encode(text: string): Promise<TokenSpans>;
  /** the vocabulary entry of an id (for display and tests) */
  token(id: number): string;
}

function readUtf8(path: string, what: string): string {
  if (!existsSync(path)) throw new BenchError('IO', `${what} not found: ${path}`, { hint: 'pass --tokenizer PATH to a tokenizer.json or vocab.txt' });
  if (!statSync(path).isFile()) throw new BenchError('IO', `${what} is not a file: ${path}`);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new BenchError('IO', `cannot read ${what} ${path}: ${(e as Error).message}`);
  }
  return decodeUtf8Strict(bytes, `${what} ${path}`);
}

/** Parses vocab.txt into token → id; rejects empty files, blank or duplicate tokens. */
export function parseVocab(text: string, source: string): Record<string, number> {
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines.at(-1) === '') lines.pop();
  if (lines.length === 0) throw new BenchError('BAD_INPUT', `vocabulary ${source} is empty`);
  const vocab: Record<string, number> = Object.create(null) as Record<string, number>;
  lines.forEach((token, id) => {
    if (token === '') throw new BenchError('BAD_INPUT', `vocabulary ${source}: line ${id + 1} is blank`);
    if (token in vocab) throw new BenchError('BAD_INPUT', `vocabulary ${source}: token '${token}' on line ${id + 1} repeats line ${vocab[token]! + 1}`);
    vocab[token] = id;
  });
  return vocab;
}

function fromTokenizerJson(text: string, source: string): Tokenizer {
  try {
    JSON.parse(text);
  } catch (e) {
    throw new BenchError('BAD_INPUT', `tokenizer file ${source} is not valid JSON: ${(e as Error).message}`);
  }
  try {
    return Tokenizer.fromString(text);
  } catch (e) {
    throw new BenchError('BAD_INPUT', `tokenizer file ${source} is not a Hugging Face tokenizer.json: ${(e as Error).message}`);
  }
}

/** bert-base-uncased's pipeline: BertNormalizer (clean text, CJK spacing, strip accents, lowercase), BertPreTokenizer, WordPiece. */
function fromVocab(vocab: Record<string, number>): Tokenizer {
  const tokenizer = new Tokenizer(WordPiece.init(vocab, { unkToken: '[UNK]', continuingSubwordPrefix: '##', maxInputCharsPerWord: 100 }));
  tokenizer.setNormalizer(bertNormalizer({ cleanText: true, handleChineseChars: true, stripAccents: true, lowercase: true }));
  tokenizer.setPreTokenizer(bertPreTokenizer());
  return tokenizer;
}

export function loadQaTokenizer(path: string): QaTokenizer {
  const isVocab = basename(path).toLowerCase().endsWith('.txt');
  const what = isVocab ? 'vocabulary file' : 'tokenizer file';
  const text = readUtf8(path, what);
  const tokenizer = isVocab ? fromVocab(parseVocab(text, path)) : fromTokenizerJson(text, path);
  const id = (token: string): number => {
    const found = tokenizer.tokenToId(token);
    if (found === null || found === undefined) {
      throw new BenchError('BAD_INPUT', `${what} ${path} has no ${token} token: not a BERT vocabulary`, { hint: `required: ${REQUIRED_SPECIAL_TOKENS.join(' ')}` });
    }
    return found;
  };
  const [padId, , clsId, sepId] = REQUIRED_SPECIAL_TOKENS.map(id) as [number, number, number, number];
  return {
    source: path,
    kind: isVocab ? 'vocab.txt' : 'tokenizer.json',
    vocabSize: tokenizer.getVocabSize(true),
    clsId,
    sepId,
    padId,
    token(tokenId: number): string {
      const t = tokenizer.idToToken(tokenId);
      if (t === null || t === undefined) throw new BenchError('BAD_INPUT', `token id ${tokenId} is not in ${path}`);
      return t;
    },
    async encode(input: string): Promise<TokenSpans> {
      const encoding = await tokenizer.encode(input, null, { addSpecialTokens: false });
      const map = codePointToUtf16(input);
      const offsets = encoding.getOffsets().map(([s, e]) => (map ? [map[s!]!, map[e!]!] : [s!, e!]) as [number, number]);
      return { ids: encoding.getIds(), offsets };
    },
  };
}
