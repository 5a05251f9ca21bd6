/**
 * MLPerf's log files of one accuracy side (`<out-dir>/fp32/`, `<out-dir>/bf16-…/`): `mlperf_log_accuracy.json` (the
 * workload's encoding of each prediction, in the reference implementation's layout), and the `mlperf_log_summary.txt`
 * and `mlperf_log_detail.txt` LoadGen writes in AccuracyOnly mode (no results block: the summary holds only its
 * warning/error lines). The encoded responses are kept in a resumable `mlperf_responses.jsonl` beside the records as
 * each sample is predicted, so a resumed run's log holds every sample; the files are assembled in data set order.
 */
import { join } from 'node:path';
import { BenchError, writeFileAtomic } from '@modelbench/core';
import { ResumableJsonl } from '@modelbench/accuracy';
import {
  hexOf,
  mlperfAccuracyDetailText,
  mlperfAccuracyJson,
  MLPERF_LAYOUT,
  MLPERF_UNUSED_SETTINGS,
  trailerText,
  type MlperfAccuracyEncoder as LoadgenAccuracyEncoder,
  type MlperfAccuracyEntry,
  type MlperfTestParams,
} from '@modelbench/loadgen';

export { float32Bytes, hexOf, int64Bytes } from '@modelbench/loadgen';

/**
 * LoadGen's encoder, and for 'response' numbering the sample's first qsl_idx: BERT's first feature is the count of
 * the reference's features of every question before it, so a run from `--offset N` (or a resumed one) still logs
 * each feature under the reference's index. Without it, slots are numbered from 0 over the run.
 */
export interface MlperfAccuracyEncoder<P, S, R = unknown> extends LoadgenAccuracyEncoder<P, S, R> {
  firstSlot?(sample: S, index: number): number | undefined;
}

export const MLPERF_RESPONSES_FILE = 'mlperf_responses.jsonl';
export const MLPERF_ACCURACY_FILES = ['mlperf_log_accuracy.json', 'mlperf_log_summary.txt', 'mlperf_log_detail.txt'] as const;

/** One sample's responses, hex; null for a response slot the suite cannot give in the reference's layout. */
export interface MlperfResponseRecord {
  key: string;
  data: (string | null)[];
  /** 'response' numbering: the qsl_idx of data[0] (the encoder's firstSlot), when the encoder gives one */
  first?: number;
}

function checkResponse(v: unknown, where: string): MlperfResponseRecord {
  const o = v as Partial<MlperfResponseRecord> | null;
  const ok = typeof o === 'object' && o !== null && typeof o.key === 'string' && (o.first === undefined || (Number.isInteger(o.first) && o.first >= 0)) && Array.isArray(o.data) && o.data.every((d) => d === null || (typeof d === 'string' && /^[0-9A-F]*$/.test(d)));
  if (!ok) throw new BenchError('BAD_INPUT', `${where}: not an MLPerf response record ({"key", "data": [hex…]})`, { hint: 'remove the folder (or pass --fresh) to predict the samples again' });
  return o as MlperfResponseRecord;
}

export interface OpenedResponses {
  file: ResumableJsonl<MlperfResponseRecord>;
  records: Map<string, MlperfResponseRecord>;
}

export function openResponses(dir: string): OpenedResponses {
  const { file, records } = ResumableJsonl.open<MlperfResponseRecord>(join(dir, MLPERF_RESPONSES_FILE), (r) => r.key, checkResponse);
  return { file, records: new Map(records.map((r) => [r.key, r] as const)) };
}

/** The record of one predicted sample. */
export function responseRecord<P, S, R>(encoder: MlperfAccuracyEncoder<P, S, R>, key: string, prediction: P, sample: S, record: R, index: number): MlperfResponseRecord {
  const data = encoder.encode(prediction, sample, record, index).map((b) => (b === null ? null : hexOf(b)));
  const first = encoder.firstSlot?.(sample, index);
  return first === undefined ? { key, data } : { key, data, first };
}

const bytesOf = (hex: string): Uint8Array => Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));

/**
 * The log's entries for `keys` (the run's samples in data set order, `indexOf` their data set index): 'sample'
 * indexing gives each response its sample's index, 'response' numbers every slot in turn (null slots count, unlogged),
 * from the record's `first` where it has one.
 */
export function accuracyEntries(indexing: MlperfAccuracyEncoder<unknown, unknown>['indexing'], keys: readonly { key: string; index: number }[], responses: ReadonlyMap<string, MlperfResponseRecord>): { entries: MlperfAccuracyEntry[]; skipped: number } {
  const entries: MlperfAccuracyEntry[] = [];
  let slot = 0;
  let skipped = 0;
  for (const { key, index } of keys) {
    const r = responses.get(key);
    if (!r) throw new BenchError('INTERNAL', `no MLPerf response for ${key}`);
    if (r.first !== undefined) slot = r.first;
    for (const d of r.data) {
      const qslIdx = indexing === 'sample' ? index : slot;
      slot++;
      if (d === null) skipped++;
      else entries.push({ qslIdx, data: bytesOf(d) });
    }
  }
  return { entries, skipped };
}

export interface AccuracyLogHeader {
  startedAt: Date;
  sutName: string;
  qslName: string;
  /** samples in the whole data set, and in this run */
  totalSampleCount: number;
  runSampleCount: number;
  warnings: readonly string[];
}

/** Writes the three files into `dir`; returns how many response slots were left out (encoder's nulls). */
export function writeAccuracyLogFiles(dir: string, indexing: MlperfAccuracyEncoder<unknown, unknown>['indexing'], keys: readonly { key: string; index: number }[], responses: ReadonlyMap<string, MlperfResponseRecord>, h: AccuracyLogHeader): number {
  const { entries, skipped } = accuracyEntries(indexing, keys, responses);
  const params: MlperfTestParams = {
    samplesPerQuery: h.runSampleCount,
    targetQps: 1,
    targetLatencyNs: 0,
    targetLatencyPercentile: 0.99,
    maxAsyncQueries: 1,
    targetDurationMs: 0,
    minDurationMs: 0,
    maxDurationMs: 0,
    minQueryCount: 1,
    maxQueryCount: 0,
    minSampleCount: h.runSampleCount,
    qslRngSeed: 0n,
    sampleIndexRngSeed: 0n,
    scheduleRngSeed: 0n,
    performanceSampleCount: h.runSampleCount,
    accuracySampleCount: h.runSampleCount,
    ...MLPERF_UNUSED_SETTINGS,
  };
  const header = { startedAt: h.startedAt, sutName: h.sutName, qslName: h.qslName, totalSampleCount: h.totalSampleCount, performanceSampleCount: h.runSampleCount, layout: MLPERF_LAYOUT };
  writeFileAtomic(join(dir, 'mlperf_log_accuracy.json'), mlperfAccuracyJson(entries));
  writeFileAtomic(join(dir, 'mlperf_log_detail.txt'), mlperfAccuracyDetailText(params, header, h.warnings, { pid: process.pid, endMs: Date.now() - h.startedAt.getTime() }));
  writeFileAtomic(join(dir, 'mlperf_log_summary.txt'), trailerText(h.warnings.length, 0));
  return skipped;
}
