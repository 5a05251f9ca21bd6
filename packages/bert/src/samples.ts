/**
 * BERT's samples: questions with their context, tokenised before any model work (bad text fails in a second). For
 * `validate`: the question asked (a SQuAD record, or --question with --context / --context-file) first, then the
 * agreement sample of SQuAD records. Windowing waits for the model (its fixed sequence length, if any).
 */
import { readFileSync } from 'node:fs';
import { BenchError } from '@modelbench/core';
import { buildQaExample } from './lib/features.ts';
import { findSquadRecord, type SquadRecord } from './lib/squad.ts';
import { decodeUtf8Strict } from './lib/text.ts';
import type { QaTokenizer, TokenSpans } from './lib/tokenizer.ts';

export interface QaSample {
  /** 'SQuAD <id> (<title>)' or 'your question' */
  label: string;
  /** the SQuAD id, or null for your own question */
  id: string | null;
  /** the question as answered (leading whitespace stripped, as run_qa does) */
  question: string;
  context: string;
  /** the SQuAD reference answers (none for your own question) */
  references: string[];
  questionTokens: TokenSpans;
  contextTokens: TokenSpans;
  special: { clsId: number; sepId: number; padId: number };
  /** the tokenizer's vocabulary size and file: checked against the model's embedding rows once it is bound */
  tokenizerVocab: number;
  tokenizerSource: string;
}

export interface QuestionFlags {
  question?: string | undefined;
  context?: string | undefined;
  'context-file'?: string | undefined;
  'squad-id'?: string | undefined;
}

/** Checks and tokenises one question (the same checks as the feature builder, which runs on it once). */
export async function qaSample(tokenizer: QaTokenizer, q: { label: string; id: string | null; question: string; context: string; references: string[] }): Promise<QaSample> {
  const example = await buildQaExample(tokenizer, q.question, q.context); // bad text fails here, with the builder's message
  const [questionTokens, contextTokens] = await Promise.all([tokenizer.encode(example.question), tokenizer.encode(q.context)]);
  return { ...q, question: example.question, questionTokens, contextTokens, special: { clsId: tokenizer.clsId, sepId: tokenizer.sepId, padId: tokenizer.padId }, tokenizerVocab: tokenizer.vocabSize, tokenizerSource: tokenizer.source };
}

export function recordQuestion(r: SquadRecord): { label: string; id: string; question: string; context: string; references: string[] } {
  return { label: `SQuAD ${r.id} (${r.title})`, id: r.id, question: r.question, context: r.context, references: r.answers.map((a) => a.text) };
}

/** The fix for a --context-file that cannot be read, by the read's error code. */
function contextFileFix(code: string | undefined): string {
  if (code === 'ENOENT') return `check the path (a relative path starts at ${process.cwd()}), or pass the passage inline with --context TEXT`;
  if (code === 'EISDIR') return 'pass a text file (UTF-8) holding the passage, not a folder';
  if (code === 'EACCES' || code === 'EPERM') return 'check the file permissions (the benchmark needs to read it)';
  return 'pass a readable UTF-8 text file, or the passage inline with --context TEXT';
}

/** The question validate answers: --question with --context/--context-file, --squad-id, or the first record. */
export function chooseQuestion(f: QuestionFlags, records: readonly SquadRecord[]): { label: string; id: string | null; question: string; context: string; references: string[] } {
  if (f.context !== undefined && f['context-file'] !== undefined) throw new BenchError('USAGE', '--context and --context-file are mutually exclusive', { hint: 'pass the passage one way: --context TEXT or --context-file FILE' });
  let context = f.context;
  if (f['context-file'] !== undefined) {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(f['context-file']);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new BenchError('IO', `cannot read --context-file ${f['context-file']}: ${code === 'ENOENT' ? 'no such file' : (code ?? String(e))}`, { hint: contextFileFix(code) });
    }
    context = decodeUtf8Strict(bytes, `--context-file ${f['context-file']}`);
  }
  if (f.question !== undefined || context !== undefined) {
    if (f.question === undefined) throw new BenchError('USAGE', '--context needs --question', { hint: 'pass both, or --squad-id ID' });
    if (context === undefined) throw new BenchError('USAGE', '--question needs --context or --context-file', { hint: 'add --context TEXT or --context-file FILE with the passage to answer from' });
    if (f['squad-id'] !== undefined) throw new BenchError('USAGE', '--squad-id cannot be combined with --question/--context', { hint: 'ask your own question (--question with --context) or a SQuAD one (--squad-id), not both' });
    return { label: 'your question', id: null, question: f.question, context, references: [] };
  }
  return recordQuestion(f['squad-id'] !== undefined ? findSquadRecord(records, f['squad-id']) : records[0]!);
}

/** A scenario's performance sample set: mlperf.conf's count for BERT (SQuAD v1.1 dev's 10,833 features). */
export const BERT_PERFORMANCE_SAMPLES = { count: 10833, source: 'mlperf.conf bert.*.performance_sample_count_override = 10833' } as const;
