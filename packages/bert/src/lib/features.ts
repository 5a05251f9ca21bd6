/**
 * SQuAD features for one question and context, as the reference scripts build them: the question truncated to
 * max_query_length tokens (with a warning), the context cut into windows, each feature `[CLS] q [SEP] window [SEP]`
 * with token types 0/1 and, for context tokens, offsets back into the original context string.
 */
import { BenchError } from '@modelbench/core';
import { checkText } from './text.ts';
import type { QaTokenizer, TokenSpans } from './tokenizer.ts';
import { planWindows, type ContextWindow } from './windowing.ts';

export interface FeatureOptions {
  maxSeqLen: number;
  docStride: number;
  maxQueryLen: number;
  /** why maxSeqLen is what it is, for the fix of a window that cannot fit ('this model's sequence length is fixed at 128') */
  lengthNote?: string;
}

/** SQuAD defaults of run_squad / run_qa: 384, 128, 64. */
export const SQUAD_FEATURE_DEFAULTS: FeatureOptions = { maxSeqLen: 384, docStride: 128, maxQueryLen: 64 };

export interface QaFeature {
  inputIds: number[];
  tokenTypeIds: number[];
  /** [start, end) UTF-16 offsets into the context for context tokens; null for [CLS], question and [SEP] tokens */
  contextOffsets: ([number, number] | null)[];
  window: ContextWindow;
}

export interface QaExample {
  question: string;
  context: string;
  features: QaFeature[];
  questionTokens: number;
  contextTokens: number;
  warnings: string[];
}

/** How a context of `contextTokens` is cut after a question of `questionTokens` (already truncated) tokens. */
export type WindowPlanner = (contextTokens: number, questionTokens: number) => ContextWindow[];

/**
 * Pure assembly from already-tokenised question and context. Windows: run_qa's (`planWindows` with `o`) unless
 * `plan` is given (MLPerf's reference windows: reference-features.ts).
 */
export function assembleFeatures(question: TokenSpans, context: TokenSpans, special: { clsId: number; sepId: number }, o: FeatureOptions, plan?: WindowPlanner): { features: QaFeature[]; warnings: string[] } {
  const warnings: string[] = [];
  let q = question.ids;
  if (q.length === 0) throw new BenchError('BAD_INPUT', 'the question has no tokens after normalisation');
  if (context.ids.length === 0) throw new BenchError('BAD_INPUT', 'the context has no tokens after normalisation', { hint: 'give a context with words in it' });
  if (q.length > o.maxQueryLen) {
    warnings.push(`question has ${q.length} tokens; truncated to the first ${o.maxQueryLen} (max query length)`);
    q = q.slice(0, o.maxQueryLen);
  }
  const features = (plan ? plan(context.ids.length, q.length) : planWindows(context.ids.length, q.length, o)).map((window): QaFeature => {
    const ctx = context.ids.slice(window.start, window.end);
    const head = 2 + q.length;
    return {
      inputIds: [special.clsId, ...q, special.sepId, ...ctx, special.sepId],
      tokenTypeIds: [...Array<number>(head).fill(0), ...Array<number>(ctx.length + 1).fill(1)],
      contextOffsets: [...Array<null>(head).fill(null), ...context.offsets.slice(window.start, window.end), null],
      window,
    };
  });
  return { features, warnings };
}

export async function buildQaExample(tokenizer: QaTokenizer, question: string, context: string, o: FeatureOptions = SQUAD_FEATURE_DEFAULTS): Promise<QaExample> {
  checkText(question, 'question');
  checkText(context, 'context');
  // run_qa strips the question's leading whitespace (some questions have lots of it)
  const questionText = question.trimStart();
  const [qTokens, cTokens] = await Promise.all([tokenizer.encode(questionText), tokenizer.encode(context)]);
  const { features, warnings } = assembleFeatures(qTokens, cTokens, tokenizer, o);
  return { question: questionText, context, features, questionTokens: qTokens.ids.length, contextTokens: cTokens.ids.length, warnings };
}
