/**
 * MLPerf's BERT features (mlcommons/inference language/bert: squad_QSL.py and accuracy-squad.py build them with
 * create_squad_data.py convert_examples_to_features): max_seq_length 384, doc_stride 128, max_query_length 64, one
 * QSL sample per feature, every window of every question of the file in turn. A feature is
 * `[CLS] question [SEP] window [SEP]`; the windows start every doc_stride tokens (Google run_squad's stride, not
 * run_qa's overlap: windowing.ts planStrideWindows). Pure.
 *
 * The reference tokenises the context word by word (split on ' ', \t, \r, \n, U+202F), the suite the whole context
 * at once; BERT's basic tokenizer splits on every whitespace first, so the WordPiece tokens are the same, and so are
 * the features' token ids (checked against the reference script's own features in test/reference-features.test.ts).
 */
import { assembleFeatures, type QaFeature } from './features.ts';
import type { TokenSpans } from './tokenizer.ts';
import { planStrideWindows, type ContextWindow } from './windowing.ts';

/** The reference's convert_examples_to_features settings (accuracy-squad.py, squad_QSL.py). */
export const REFERENCE_FEATURES = { maxSeqLength: 384, docStride: 128, maxQueryLength: 64 } as const;

const OPTIONS = { maxSeqLen: REFERENCE_FEATURES.maxSeqLength, docStride: REFERENCE_FEATURES.docStride, maxQueryLen: REFERENCE_FEATURES.maxQueryLength };

function referenceWindows(contextTokens: number, questionTokens: number): ContextWindow[] {
  return planStrideWindows(contextTokens, Math.min(questionTokens, REFERENCE_FEATURES.maxQueryLength), { maxSeqLen: OPTIONS.maxSeqLen, strideTokens: OPTIONS.docStride });
}

/** How many features the reference makes of a context of `contextTokens` after a question of `questionTokens`. */
export function referenceWindowCount(contextTokens: number, questionTokens: number): number {
  return referenceWindows(contextTokens, questionTokens).length;
}

/** The reference's features of one tokenised question and context, in its order (doc_span_index). */
export function referenceFeatures(question: TokenSpans, context: TokenSpans, special: { clsId: number; sepId: number }): QaFeature[] {
  return assembleFeatures(question, context, special, OPTIONS, referenceWindows).features;
}

/**
 * The reference's QSL index of each question's first feature: the features of every question before it. Counts are
 * recorded as questions are tokenised (`record`) and the missing ones counted on demand (`countAt`: a run from
 * `--offset N`, or a resumed run, never tokenised the earlier questions).
 */
export class FeatureNumbering {
  private readonly counts: (number | undefined)[];
  /** first[i] known for i < first.length */
  private readonly first: number[] = [0];

  constructor(
    questions: number,
    private readonly countAt: (index: number) => Promise<number>,
  ) {
    this.counts = Array<number | undefined>(questions);
  }

  record(index: number, features: number): void {
    this.counts[index] = features;
  }

  async firstOf(index: number): Promise<number> {
    if (index < 0 || index >= this.counts.length) throw new RangeError(`FeatureNumbering: question ${index} of ${this.counts.length}`);
    while (this.first.length <= index) {
      const i = this.first.length - 1;
      const n = this.counts[i] ?? (this.counts[i] = await this.countAt(i));
      this.first.push(this.first[i]! + n);
    }
    return this.first[index]!;
  }
}
