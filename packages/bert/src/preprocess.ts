/**
 * BERT pre-processing: one tokenised question becomes its SQuAD features (windows sized to the bound model's fixed
 * sequence length, if it has one), packed into int64 [windows, sequence] tensors as the bound signature's feeds,
 * with the features kept as the context post-processing reads (built once per question). Pure.
 */
import type { Feeds, HostTensor } from '@modelbench/backends';
import type { QaBinding } from './adapters.ts';
import { ZOO_UNIQUE_IDS } from './adapters.ts';
import { packBatch, type TokenBatch } from './lib/batch.ts';
import { assembleFeatures, SQUAD_FEATURE_DEFAULTS, type FeatureOptions, type QaFeature } from './lib/features.ts';
import { checkTokenizerFits, windowNote, windowOptionsFor } from './lib/model-fit.ts';
import type { QaSample } from './samples.ts';

const int64 = (data: BigInt64Array, dims: number[]): HostTensor => ({ type: 'int64', dims, data });

/**
 * Feature options for this model: max sequence = the model's fixed length when it has one (bertsquad-12: 256), else
 * SQuAD's 384 or the model's position count if fewer; below 384 the stride and query length are scaled with it
 * (lib/model-fit.ts).
 */
export function featureOptionsFor(bound: QaBinding, overrides: Partial<FeatureOptions> = {}): FeatureOptions {
  const fitted = windowOptionsFor(bound);
  return { ...SQUAD_FEATURE_DEFAULTS, ...overrides, ...(bound.fixedSeqLen !== null || fitted.maxSeqLen < SQUAD_FEATURE_DEFAULTS.maxSeqLen ? fitted : {}) };
}

/** The sample's features for the bound model, with the builder's warnings (a truncated question). */
export function sampleFeatures(sample: QaSample, bound: QaBinding): { features: QaFeature[]; warnings: string[]; options: FeatureOptions } {
  checkTokenizerFits(sample.tokenizerVocab, bound, sample.tokenizerSource);
  const options = featureOptionsFor(bound);
  const built = assembleFeatures(sample.questionTokens, sample.contextTokens, sample.special, options);
  const note = windowNote(options);
  return { features: built.features, warnings: note ? [note, ...built.warnings] : built.warnings, options };
}

/** A packed batch as the bound signature's feeds. */
export function batchFeeds(b: TokenBatch, bound: QaBinding): Feeds {
  const dims = [b.batch, b.seqLen];
  if (bound.layout === 'zoo') {
    return {
      [ZOO_UNIQUE_IDS]: int64(BigInt64Array.from({ length: b.batch }, (_, i) => BigInt(i)), [b.batch]),
      'segment_ids:0': int64(b.tokenTypeIds, dims),
      'input_mask:0': int64(b.attentionMask, dims),
      'input_ids:0': int64(b.inputIds, dims),
    };
  }
  const feeds: Feeds = { input_ids: int64(b.inputIds, dims), attention_mask: int64(b.attentionMask, dims) };
  if (bound.tokenTypeIds) feeds.token_type_ids = int64(b.tokenTypeIds, dims);
  return feeds;
}

/** What post-processing needs of one question's pre-processing: its features (offsets into the context) and rows. */
export interface QaContext {
  /** the context string the offsets point into */
  text: string;
  features: QaFeature[];
  /** the feature builder's warnings (a truncated question) and the window note */
  warnings: string[];
  maxSeqLen: number;
  /** the packed rows: [rows, seqLen], each row's unpadded length */
  rows: number;
  seqLen: number;
  lengths: number[];
}

/** One question's feeds (every window in one batch, padded to the longest or the model's fixed length) and its context. */
export function preprocessQuestion(sample: QaSample, bound: QaBinding): { inputs: Feeds; context: QaContext } {
  const { features, warnings, options } = sampleFeatures(sample, bound);
  const batch = packBatch(features, sample.special.padId, bound.fixedSeqLen ?? undefined);
  return {
    inputs: batchFeeds(batch, bound),
    context: { text: sample.context, features, warnings, maxSeqLen: options.maxSeqLen, rows: batch.batch, seqLen: batch.seqLen, lengths: batch.lengths },
  };
}
