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
  /** why maxSeqLen is what it is (a model's fixed length): the fix then names what the user can change instead */
  lengthNote?: string;
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
    // the longest question that leaves room for more than the stride, and the shortest sequence this question needs
    const mostQuestion = o.maxSeqLen - SPECIAL_TOKENS_PER_PAIR - o.docStride - 1;
    const leastSeqLen = questionTokens + SPECIAL_TOKENS_PER_PAIR + o.docStride + 1;
    const shorter = mostQuestion >= 1 ? `ask a question of at most ${mostQuestion} tokens` : null;
    const hint = o.lengthNote
      ? `${o.lengthNote}: ${shorter ? `${shorter}, or ` : ''}use an export of the model with a dynamic sequence axis (or one of at least ${leastSeqLen} tokens)`
      : `${shorter ? `${shorter}, or ` : ''}raise the sequence length (to ${leastSeqLen} or more) or lower the stride`;
    throw new BenchError('USAGE', `max sequence ${o.maxSeqLen} leaves ${room} context tokens after a ${questionTokens}-token question: not more than the stride ${o.docStride}`, { hint });
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

/**
 * The windows of Google's run_squad.py and MLPerf's reference (create_squad_data.py convert_examples_to_features):
 * each window holds up to the room left after the question and starts `strideTokens` after the previous one (or
 * right after it, when the window is shorter than the stride); the last is the first that reaches the context's end.
 * A 500-token context after a 10-token question at 384 / 128: [0, 371), [128, 499), [256, 500).
 */
export function planStrideWindows(contextTokens: number, questionTokens: number, o: { maxSeqLen: number; strideTokens: number }): ContextWindow[] {
  if (contextTokens <= 0) throw new BenchError('BAD_INPUT', 'the context has no tokens');
  const room = contextRoom(questionTokens, o.maxSeqLen);
  if (room <= 0) throw new BenchError('USAGE', `max sequence ${o.maxSeqLen} leaves no context tokens after a ${questionTokens}-token question`, { hint: 'ask a shorter question' });
  const windows: ContextWindow[] = [];
  for (let start = 0; ; ) {
    const end = Math.min(start + room, contextTokens);
    windows.push({ start, end });
    if (end === contextTokens) return windows;
    start += Math.min(end - start, o.strideTokens);
  }
}
