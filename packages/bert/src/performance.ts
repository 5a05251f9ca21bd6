/**
 * BERT `performance`, as the original: each timed call answers one SQuAD record `--batch` times over (64 copies by
 * default), the records taken in turn; tokenisation happens before timing and is timed on its own. Sequences keep
 * their natural length unless `--seq-len N` pads them to a fixed length (a model with a fixed length, such as the
 * Zoo's bertsquad-12, is always padded to it).
 */
import { BenchError, timeOnce, type FlagSpecs } from '@modelbench/core';
import type { Feeds } from '@modelbench/backends';
import { DISTILBERT_BASE, distilBertMacs } from '@modelbench/models';
import { runPerformance, type PerformanceSpec } from '@modelbench/harness';
import { qaAdapters, zooBertSquadAdapter, type QaAdapter } from './adapters.ts';
import { packBatch } from './batch.ts';
import { DEFAULT_SQUAD, DEFAULT_TOKENIZER } from './defaults.ts';
import { buildQaExample, type QaFeature } from './features.ts';
import { featureOptionsFor } from './qa-session.ts';
import { findSquadRecord, loadSquad, type SquadRecord } from './squad.ts';
import { loadQaTokenizer } from './tokenizer.ts';

export const bertPerformanceFlags = {
  squad: { kind: 'string', value: 'FILE', default: DEFAULT_SQUAD, description: 'SQuAD v1.1/v2.0 JSON whose records are fed (default: the 293-question fixture)' },
  'squad-id': { kind: 'string', value: 'ID', description: 'feed only this SQuAD record' },
  records: { kind: 'positiveInt', default: 32, description: 'distinct records taken in turn, one per timed call' },
  tokenizer: { kind: 'string', value: 'FILE', default: DEFAULT_TOKENIZER, description: 'tokenizer.json or vocab.txt (bert-base-uncased by default)' },
  'seq-len': { kind: 'positiveInt', value: 'N', description: 'pad every sequence to N tokens instead of its natural length' },
} as const satisfies FlagSpecs;

/** Matrix-product MACs of one sample: DistilBERT (6 layers) or, for bertsquad-12, BERT-base (12 layers). */
export function qaMacs(adapter: QaAdapter, seqLen: number): number {
  const layers = adapter === zooBertSquadAdapter ? 12 : DISTILBERT_BASE.layers;
  return distilBertMacs({ ...DISTILBERT_BASE, layers }, seqLen);
}

function chooseRecords(all: readonly SquadRecord[], id: string | undefined, count: number): SquadRecord[] {
  if (id !== undefined) return [findSquadRecord(all, id)];
  return all.slice(0, count);
}

export const bertPerformanceSpec: PerformanceSpec<QaAdapter, typeof bertPerformanceFlags> = {
  workload: 'bert',
  defaultBatch: 64,
  adapters: qaAdapters,
  extraFlags: bertPerformanceFlags,
  referenceMacsPerSample(model, adapter) {
    const params = model.info.parameters ?? 0;
    if (adapter === zooBertSquadAdapter) return qaMacs(adapter, 256);
    return Math.abs(params - 66_364_418) / 66_364_418 < 0.02 ? qaMacs(adapter, 384) : null;
  },
  async prepare({ flags, batch, loaded, adapter }) {
    const tokenizer = loadQaTokenizer(flags.tokenizer);
    const records = chooseRecords(loadSquad(flags.squad), flags['squad-id'], flags.records);
    const options = featureOptionsFor(adapter, loaded);
    const fixed = adapter.fixedSeqLen(loaded);
    const padTo = fixed ?? flags['seq-len'];
    if (fixed !== null && flags['seq-len'] !== undefined && flags['seq-len'] !== fixed) {
      throw new BenchError('USAGE', `--seq-len ${flags['seq-len']}: this model's sequence length is fixed at ${fixed}`, { hint: `drop --seq-len or pass ${fixed}` });
    }
    const warnings: string[] = [];
    const tokenised = await timeOnce(async () => {
      const firsts: QaFeature[] = [];
      for (const r of records) {
        const ex = await buildQaExample(tokenizer, r.question, r.context, options);
        warnings.push(...ex.warnings.map((w) => `${r.id}: ${w}`));
        firsts.push(ex.features[0]!);
      }
      return firsts;
    });
    const packed = await timeOnce(() =>
      tokenised.value.map((f): Feeds => adapter.feeds(packBatch(Array<QaFeature>(batch).fill(f), tokenizer.padId, padTo), loaded)),
    );
    const lengths = tokenised.value.map((f) => padTo ?? f.inputIds.length);
    const meanLen = lengths.reduce((a, b) => a + b, 0) / lengths.length;
    // Records run in turn, so the MACs per sample are the mean over the records at their real lengths.
    const macsPerSample = lengths.reduce((sum, len) => sum + qaMacs(adapter, len), 0) / lengths.length;
    const names = adapter.outputNames(loaded);
    const feeds = packed.value;
    return {
      batchMode: 'tensor',
      input: `SQuAD ${records.length === 1 ? `record ${records[0]!.id}` : `${records.length} records in turn`}, ${batch} copies per call, ` +
        `${padTo !== undefined ? `padded to ${padTo}` : `natural length (mean ${meanLen.toFixed(1)} tokens)`}`,
      // warm-up calls arrive with negative numbers (-1, -2, …): they walk the records from the end
      async runBatch(i) {
        await loaded.run(feeds[((i % feeds.length) + feeds.length) % feeds.length]!, names);
      },
      timers: {
        'tokenise ms per record': tokenised.ms / records.length,
        'pack feeds ms per call': packed.ms / records.length,
      },
      extra: {
        records: records.length,
        seqLens: lengths,
        meanSeqLen: meanLen,
        tokenizer: tokenizer.source,
        squad: flags.squad,
      },
      warnings,
      macsPerSample,
    };
  },
};

export function performance(argv: string[]): Promise<number> {
  return runPerformance(bertPerformanceSpec, argv);
}
