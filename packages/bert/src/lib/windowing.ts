/**
 * Splits a tokenised context into overlapping windows that fit `[CLS] question [SEP] window [SEP]` in max_seq_length,
 * as Hugging Face `run_qa.py` does with `truncation="only_second", stride=doc_stride, return_overflowing_tokens`:
 * consecutive windows share `docStride` tokens, so each starts (room − docStride) tokens after the previous one, and
 * the last window ends at the context's end. (tokenizers 0.23.2's own overflow returns too few windows, hence this.)
 */
import { BenchError } from '@modelbench/core';

export interface WindowOptions {
  maxSeqLen: number;
  /** tokens shared by consecutive windows */
  docStride: number;
}

/** [start, end) token indexes into the context. */
export interface ContextWindow {
  start: number;
  end: number;
}

/** [CLS], [SEP] after the question, [SEP] after the context. */
export const SPECIAL_TOKENS_PER_PAIR = 3;

/** Context tokens that fit in one feature next to a question of `questionTokens` tokens. */
export function contextRoom(questionTokens: number, maxSeqLen: number): number {
  return maxSeqLen - questionTokens - SPECIAL_TOKENS_PER_PAIR;
}

export function planWindows(contextTokens: number, questionTokens: number, o: WindowOptions): ContextWindow[] {
  if (contextTokens <= 0) throw new BenchError('BAD_INPUT', 'the context has no tokens');
  const room = contextRoom(questionTokens, o.maxSeqLen);
  if (room <= o.docStride) {
    throw new BenchError('USAGE', `max sequence ${o.maxSeqLen} leaves ${room} context tokens after a ${questionTokens}-token question: not more than the stride ${o.docStride}`, {
      hint: 'raise the sequence length or lower the stride',
    });
  }
  const step = room - o.docStride;
  const windows: ContextWindow[] = [];
  for (let start = 0; ; start += step) {
    const end = Math.min(start + room, contextTokens);
    windows.push({ start, end });
    if (end === contextTokens) break;
  }
  return windows;
}
