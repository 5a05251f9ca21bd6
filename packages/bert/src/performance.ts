/**
 * BERT `performance`, as the original: each timed call answers one SQuAD record `--batch` times over (64 copies by
 * default), the records taken in turn; tokenisation happens before timing and is timed on its own. Sequences keep
 * their natural length unless `--seq-len N` pads them to a fixed length (a model with a fixed length, such as the
 * Zoo's bertsquad-12, is always padded to it).
 */
import { BenchError, Rng, timeOnce, type FlagSpecs } from '@modelbench/core';
import type { Feeds } from '@modelbench/backends';
import { assertBatchFits, type PerformanceDefinition, type PerformanceSamples } from '@modelbench/harness';
import type { QaBinding } from './adapters.ts';
import { packBatch } from './lib/batch.ts';
import { checkSeqLenFits, checkTokenizerFits, windowNote } from './lib/model-fit.ts';
import { DEFAULT_SQUAD, DEFAULT_TOKENIZER } from './lib/defaults.ts';
import { buildQaExample, type QaFeature } from './lib/features.ts';
import { batchFeeds, featureOptionsFor } from './preprocess.ts';
import { findSquadRecord, loadSquad, type SquadRecord } from './lib/squad.ts';
import { loadQaTokenizer, type QaTokenizer } from './lib/tokenizer.ts';
import { BERT_PERFORMANCE_SAMPLES } from './samples.ts';

export const bertPerformanceFlags = {
  squad: { kind: 'string', value: 'FILE', default: DEFAULT_SQUAD, description: 'SQuAD v1.1/v2.0 JSON whose records are fed (default: the 293-question fixture)' },
  'squad-id': { kind: 'string', value: 'ID', description: 'feed only this SQuAD record' },
  records: { kind: 'positiveInt', default: 32, description: 'distinct records taken in turn, one per timed call' },
  tokenizer: { kind: 'string', value: 'FILE', default: DEFAULT_TOKENIZER, description: 'tokenizer.json or vocab.txt (bert-base-uncased by default)' },
  'seq-len': { kind: 'positiveInt', value: 'N', example: 384, description: 'pad every sequence to N tokens instead of its natural length (at most the model\'s positions)' },
} as const satisfies FlagSpecs;

/**
 * Sample i of a scenario's performance set: the tokenised record i (of those chosen) as it is, and beyond them the
 * layout of record i mod R ([CLS] question [SEP] context [SEP], its lengths and token types) with every other token
 * a seeded random id above the special ones — distinct token sequences with SQuAD's length spread, made in
 * microseconds each instead of tokenising 10,833 records.
 */
export function performanceFeature(templates: readonly QaFeature[], index: number, seed: number, tokenizer: Pick<QaTokenizer, 'clsId' | 'sepId' | 'padId' | 'vocabSize'>): QaFeature {
  const t = templates[index % templates.length]!;
  if (index < templates.length) return t;
  const special = new Set([tokenizer.clsId, tokenizer.sepId, tokenizer.padId]);
  const lo = Math.max(...special) + 1;
  // core's seeded generator (mulberry32), seeded per record: the same ids as the inline copy it replaces
  const rng = new Rng((Math.imul(index, 0x9e3779b1) ^ (seed >>> 0) ^ 0x5eed) >>> 0);
  return { ...t, inputIds: t.inputIds.map((id) => (special.has(id) ? id : lo + Math.floor(rng.uniform() * (tokenizer.vocabSize - lo)))) };
}

function chooseRecords(all: readonly SquadRecord[], id: string | undefined, count: number): SquadRecord[] {
  if (id !== undefined) return [findSquadRecord(all, id)];
  return all.slice(0, count);
}

export const bertPerformance: PerformanceDefinition<QaBinding, typeof bertPerformanceFlags> = {
  flags: bertPerformanceFlags,
  defaultBatch: 64,
  async prepare({ options: own, batch, bound, seed }) {
    const fixed = bound.fixedSeqLen;
    if (fixed !== null && own['seq-len'] !== undefined && own['seq-len'] !== fixed) {
      throw new BenchError('USAGE', `--seq-len ${own['seq-len']}: this model's sequence length is fixed at ${fixed}`, { hint: `drop --seq-len or pass --seq-len ${fixed}` });
    }
    if (own['seq-len'] !== undefined) checkSeqLenFits(own['seq-len'], bound);
    const padTo = fixed ?? own['seq-len'];
    const options = featureOptionsFor(bound);
    // the feeds of one call, counted before anything is packed: batch × sequence × 8 bytes × each int64 input
    const inputs = bound.layout === 'zoo' || bound.tokenTypeIds ? 3 : 2;
    assertBatchFits(batch, batch * (padTo ?? options.maxSeqLen) * 8 * inputs);
    const tokenizer = loadQaTokenizer(own.tokenizer);
    checkTokenizerFits(tokenizer.vocabSize, bound, tokenizer.source);
    const records = chooseRecords(loadSquad(own.squad), own['squad-id'], own.records);
    const note = windowNote(options);
    const warnings: string[] = note ? [note] : [];
    const tokenised = await timeOnce(async () => {
      const firsts: QaFeature[] = [];
      for (const r of records) {
        const ex = await buildQaExample(tokenizer, r.question, r.context, options);
        warnings.push(...ex.warnings.map((w) => `${r.id}: ${w}`));
        firsts.push(ex.features[0]!);
      }
      return firsts;
    });
    const packed = await timeOnce(() => tokenised.value.map((f): Feeds => batchFeeds(packBatch(Array<QaFeature>(batch).fill(f), tokenizer.padId, padTo), bound)));
    const lengths = tokenised.value.map((f) => padTo ?? f.inputIds.length);
    const meanLen = lengths.reduce((a, b) => a + b, 0) / lengths.length;
    const feeds = packed.value;
    const sampleFeeds = (f: QaFeature): Feeds => batchFeeds(packBatch([f], tokenizer.padId, padTo), bound);
    const performanceSamples: PerformanceSamples = {
      performanceCount: BERT_PERFORMANCE_SAMPLES.count,
      countSource: BERT_PERFORMANCE_SAMPLES.source,
      totalCount: Number.MAX_SAFE_INTEGER,
      feedsOf: (i) => sampleFeeds(performanceFeature(tokenised.value, i, seed, tokenizer)),
      // a call of several samples pads each to its longest: ids with [PAD], mask and token types with 0
      padValues: Object.fromEntries(Object.keys(feeds[0]!).map((k) => [k, k.startsWith('input_ids') ? tokenizer.padId : 0])),
      describe: `${records.length} SQuAD record${records.length === 1 ? '' : 's'} tokenised, then seeded random token ids in their layouts (distinct sequences), one per sample, ${padTo !== undefined ? `padded to ${padTo}` : 'natural length'}`,
    };
    return {
      performanceSamples,
      batchMode: 'tensor',
      callsPerIteration: 1,
      samplesPerCall: batch,
      // warm-up iterations arrive with negative numbers (-1, -2, …): they walk the records from the end
      feedsFor: (i) => feeds[((i % feeds.length) + feeds.length) % feeds.length]!,
      outputNames: bound.outputs,
      input:
        `SQuAD ${records.length === 1 ? `record ${records[0]!.id}` : `${records.length} records in turn`}, ${batch} copies per call, ` +
        `${padTo !== undefined ? `padded to ${padTo}` : `natural length (mean ${meanLen.toFixed(1)} tokens)`}`,
      timers: {
        'tokenise ms per record': tokenised.ms / records.length,
        'pack feeds ms per call': packed.ms / records.length,
      },
      extra: { records: records.length, seqLens: lengths, meanSeqLen: meanLen, tokenizer: tokenizer.source, squad: own.squad },
      warnings,
    };
  },
};
