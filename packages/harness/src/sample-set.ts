/**
 * The performance sample set of a scenario run (MLPerf's QSL `LoadSamplesToRam` before timing): the workload makes
 * `performanceCount` distinct samples' feeds (mlperf.conf's performance_sample_count where the workload is there),
 * capped by a stated memory budget, and they are held once, in SharedArrayBuffers that every worker-thread instance
 * of the SUT reads without a copy (a pinned child process gets its own copy). A call of some sample indices is fed
 * by `callFeeds`: one sample is a view, no copy; several are stacked along the leading dimension (token sequences of
 * different lengths padded to the call's longest with the input's pad value).
 */
import { BenchError, formatBytes } from '@modelbench/core';
import type { Feeds, HostTensor, TensorData, TensorType } from '@modelbench/backends';

/** The memory the performance set may take, all inputs of all samples together: 1 GiB (stated; in the record). */
export const PERFORMANCE_SET_BUDGET_BYTES = 1024 ** 3;

/** What a workload's `prepare` offers a scenario run: the samples of its performance set, made one at a time. */
export interface PerformanceSamples {
  /** MLPerf's performance_sample_count for the workload, or the stated value where MLPerf has none */
  performanceCount: number;
  /** where that count comes from ('mlperf.conf resnet50.*.performance_sample_count_override = 1024', …) */
  countSource: string;
  /** distinct samples the library can make (one --image: 1); the set holds at most this many */
  totalCount: number;
  /**
   * One sample's feeds, deterministic per index: leading dimension 1 for a model that takes a batch (calls stack
   * samples along it), the model's own one-sample shape for a sequential one. Called once per loaded index.
   */
  feedsOf(index: number): Feeds;
  /** inputs whose last dimension varies by sample (token sequences): a call pads them to its longest with this */
  padValues?: Record<string, number>;
  /** what the samples are, for the record */
  describe: string;
  /** the workload's own count where a conf's performance_sample_count_override replaced it (LoadGen's QSL count) */
  qslPerformanceCount?: number;
}

interface StoredInput {
  type: TensorType;
  /** every sample's values, one after another (SharedArrayBuffer-backed) */
  data: TensorData;
  /** element offset of each sample, and one past the last */
  offsets: number[];
  dims: number[][];
  padValue?: number | undefined;
}

/** The loaded set: plain structured-clone data (a worker thread receives it by message, its buffers shared). */
export interface SampleStore {
  count: number;
  inputs: Record<string, StoredInput>;
}

/** What the record says about the set. */
export interface SampleSetInfo {
  /** the count asked for (mlperf.conf's, or the stated one) and its source */
  performanceSampleCount: number;
  /** the workload's own count (LoadGen's QSL PerformanceSampleCount, its detail log's qsl_reported_performance_count):
   * performanceSampleCount unless a conf's override replaced it */
  qslPerformanceSampleCount: number;
  countSource: string;
  /** samples actually loaded: the count, capped by the library's size and the memory budget */
  loadedSampleCount: number;
  /** why fewer were loaded than asked for; null when none were dropped */
  cappedBy: 'memory-budget' | 'library-size' | null;
  memoryBudgetBytes: number;
  bytes: number;
  describe: string;
  loadMs: number;
}

type ArrayCtor = { new (buffer: ArrayBufferLike, byteOffset?: number, length?: number): TensorData; BYTES_PER_ELEMENT: number };

const CTORS: Record<TensorType, ArrayCtor> = {
  float32: Float32Array,
  int64: BigInt64Array,
  int32: Int32Array,
  uint8: Uint8Array,
  int8: Int8Array,
  bool: Uint8Array,
  float16: Uint16Array,
} as unknown as Record<TensorType, ArrayCtor>;

function sharedArray(type: TensorType, length: number): TensorData {
  const C = CTORS[type];
  return new C(new SharedArrayBuffer(Math.max(1, length) * C.BYTES_PER_ELEMENT), 0, length);
}

function feedBytes(f: Feeds): number {
  let n = 0;
  for (const t of Object.values(f)) n += t.data.byteLength;
  return n;
}

/** Grows a shared array to hold at least `need` elements (×1.5 steps), keeping its first `used`. */
function grown(old: TensorData, type: TensorType, used: number, need: number): TensorData {
  if (need <= old.length) return old;
  const next = sharedArray(type, Math.max(need, Math.ceil(old.length * 1.5)));
  (next as Float32Array).set((old as Float32Array).subarray(0, used));
  return next;
}

/**
 * Loads the performance set: sample 0, 1, … until the count, the library's size, or the budget (the next sample
 * would pass it) stops it. At least one sample is always loaded; one larger than the whole budget is a USAGE error.
 */
export function loadSampleStore(samples: PerformanceSamples, budgetBytes: number = PERFORMANCE_SET_BUDGET_BYTES, now: () => number = () => performance.now()): { store: SampleStore; info: SampleSetInfo } {
  const t0 = now();
  const want = Math.max(1, Math.min(samples.performanceCount, samples.totalCount));
  const first = samples.feedsOf(0);
  const firstBytes = feedBytes(first);
  if (firstBytes > budgetBytes) {
    throw new BenchError('USAGE', `one sample's inputs take ${formatBytes(firstBytes)}, more than the performance set's budget of ${formatBytes(budgetBytes)}`, { hint: 'use a smaller input (--batch does not change a sample\'s size) or a smaller model input' });
  }
  // sized for `want` samples as large as the first (exact for fixed shapes), grown where later samples are larger
  const guess = Math.min(want, Math.max(1, Math.floor(budgetBytes / Math.max(1, firstBytes))));
  const inputs: Record<string, StoredInput> = {};
  for (const [name, t] of Object.entries(first)) {
    inputs[name] = { type: t.type, data: sharedArray(t.type, t.data.length * guess), offsets: [0], dims: [], padValue: samples.padValues?.[name] };
  }
  let bytes = 0;
  let count = 0;
  let cappedBy: SampleSetInfo['cappedBy'] = want < samples.performanceCount ? 'library-size' : null;
  for (let i = 0; i < want; i++) {
    const f = i === 0 ? first : samples.feedsOf(i);
    const b = feedBytes(f);
    if (bytes + b > budgetBytes) {
      cappedBy = 'memory-budget';
      break;
    }
    for (const [name, s] of Object.entries(inputs)) {
      const t = f[name];
      if (!t || t.type !== s.type) throw new BenchError('INTERNAL', `sample ${i} has no ${s.type} input '${name}' as sample 0 has`);
      const used = s.offsets[s.offsets.length - 1]!;
      s.data = grown(s.data, s.type, used, used + t.data.length);
      (s.data as Float32Array).set(t.data as Float32Array, used);
      s.offsets.push(used + t.data.length);
      s.dims.push([...t.dims]);
    }
    bytes += b;
    count++;
  }
  return {
    store: { count, inputs },
    info: {
      performanceSampleCount: samples.performanceCount,
      qslPerformanceSampleCount: samples.qslPerformanceCount ?? samples.performanceCount,
      countSource: samples.countSource,
      loadedSampleCount: count,
      cappedBy,
      memoryBudgetBytes: budgetBytes,
      bytes,
      describe: samples.describe,
      loadMs: now() - t0,
    },
  };
}

function sampleView(s: StoredInput, i: number): HostTensor {
  return { type: s.type, dims: s.dims[i]!, data: s.data.subarray(s.offsets[i]!, s.offsets[i + 1]!) as TensorData };
}

/** One sample's feeds, as views into the store (no copy). */
export function sampleFeeds(store: SampleStore, index: number): Feeds {
  if (!(index >= 0 && index < store.count)) throw new BenchError('INTERNAL', `sample ${index} is not in the loaded set of ${store.count}`);
  const out: Feeds = {};
  for (const [name, s] of Object.entries(store.inputs)) out[name] = sampleView(s, index);
  return out;
}

/** Where a call's feeds are built: a typed array of this type and length in ordinary (not shared) memory. */
export type FeedAllocator = (input: string, type: TensorType, length: number) => TensorData;

const freshArray: FeedAllocator = (_input, type, length) => new CTORS[type](new ArrayBuffer(Math.max(1, length) * CTORS[type].BYTES_PER_ELEMENT), 0, length);

/**
 * Reuses one buffer per input, grown to the largest call: onnxruntime-node refuses tensors over a SharedArrayBuffer,
 * so an instance copies each call's samples into these (one sample of ResNet50 is 602 kB, tens of µs).
 */
export function stagingAllocator(): FeedAllocator {
  const buffers = new Map<string, TensorData>();
  return (input, type, length) => {
    let b = buffers.get(input);
    if (!b || b.length < length || b.constructor !== CTORS[type]) {
      b = freshArray(input, type, length);
      buffers.set(input, b);
    }
    return b.subarray(0, length) as TensorData;
  };
}

/**
 * One call's feeds for these sample indices, stacked along the leading dimension: [Σ d0, …rest] (rank 1: the samples
 * one after another). Samples whose last dimension differs (token sequences) are padded to the longest with the
 * input's pad value; any other difference in shape is an error. Without an allocator one sample is a view.
 */
export function callFeeds(store: SampleStore, indices: readonly number[], alloc?: FeedAllocator): Feeds {
  if (indices.length === 1 && !alloc) return sampleFeeds(store, indices[0]!);
  const make = alloc ?? freshArray;
  const out: Feeds = {};
  for (const [name, s] of Object.entries(store.inputs)) {
    const views = indices.map((i) => {
      if (!(i >= 0 && i < store.count)) throw new BenchError('INTERNAL', `sample ${i} is not in the loaded set of ${store.count}`);
      return sampleView(s, i);
    });
    const d = views[0]!.dims;
    const rank = d.length;
    if (rank <= 1 || views.length === 1) {
      // a scalar, one dimension, or one sample: the samples' values one after another
      const data = make(name, s.type, views.reduce((a, v) => a + v.data.length, 0));
      let at = 0;
      for (const v of views) {
        (data as Float32Array).set(v.data as Float32Array, at);
        at += v.data.length;
      }
      out[name] = { type: s.type, dims: views.length === 1 ? d : [at], data };
      continue;
    }
    const last = Math.max(...views.map((v) => v.dims[rank - 1]!));
    for (const v of views) {
      if (v.dims.length !== rank || v.dims.slice(1, rank - 1).some((x, k) => x !== d[k + 1])) throw new BenchError('INTERNAL', `input '${name}': samples of shapes [${d.join(',')}] and [${v.dims.join(',')}] cannot share a call`);
      if (v.dims[rank - 1] !== last && s.padValue === undefined) throw new BenchError('INTERNAL', `input '${name}': samples of different lengths need a pad value`);
    }
    const dims = [views.reduce((a, v) => a + v.dims[0]!, 0), ...d.slice(1, rank - 1), last];
    const data = make(name, s.type, dims.reduce((a, b) => a * b, 1));
    if (views.some((v) => v.dims[rank - 1] !== last)) (data as unknown as { fill(x: unknown): void }).fill(s.type === 'int64' ? BigInt(s.padValue!) : s.padValue!);
    let row = 0;
    for (const v of views) {
      const len = v.dims[rank - 1]!;
      const rows = v.data.length / Math.max(1, len);
      if (len === last) {
        // no padding: the sample's rows are contiguous in the call too, one copy (an image's 672 rows of 224 were
        // 672 copies and as many views, 2 ms and much garbage for 8 ResNet50 samples)
        (data as Float32Array).set(v.data as Float32Array, row * last);
        row += rows;
        continue;
      }
      for (let r = 0; r < rows; r++, row++) (data as Float32Array).set((v.data as Float32Array).subarray(r * len, (r + 1) * len), row * last);
    }
    out[name] = { type: s.type, dims, data };
  }
  return out;
}

/** The first `rows` rows of each tensor along its leading dimension (a view). */
export function leadingRows(feeds: Feeds, rows: number): Feeds {
  const out: Feeds = {};
  for (const [k, t] of Object.entries(feeds)) {
    const lead = t.dims[0];
    if (lead === undefined || lead === rows) {
      out[k] = t;
      continue;
    }
    if (rows > lead) throw new RangeError(`${rows} rows of '${k}' asked for, it has ${lead}`);
    const per = t.data.length / lead;
    out[k] = { type: t.type, dims: [rows, ...t.dims.slice(1)], data: t.data.subarray(0, per * rows) as TensorData };
  }
  return out;
}

/**
 * The samples a scenario loads from a prepared performance run: the workload's own set, or — a workload that gives
 * none — the prepared call's feeds as the one sample (its first row for a batched model), said in `describe`.
 */
export function scenarioSamples(
  prepared: { performanceSamples?: PerformanceSamples | undefined; feedsFor(iteration: number, call: number): Feeds },
  sequential: boolean,
  override?: PerformanceCountOverride,
): PerformanceSamples {
  if (prepared.performanceSamples) return withPerformanceCountOverride(prepared.performanceSamples, override);
  const feeds = prepared.feedsFor(0, 0);
  const one = sequential ? feeds : leadingRows(feeds, 1);
  return withPerformanceCountOverride(
    { performanceCount: 1, countSource: 'the workload gives no performance set', totalCount: 1, feedsOf: () => one, describe: 'the prepared call\'s feeds, one sample repeated (the workload gives no performance set)' },
    override,
  );
}

/** A conf file's performance_sample_count_override (ScenarioSettings.performanceSampleCountOverride). */
export interface PerformanceCountOverride {
  count: number;
  /** where it was set, for the record: 'performance_sample_count_override = 256 (user.conf:3)' */
  source: string;
}

/**
 * The set with LoadGen's performance_sample_count_override in place of the workload's count: TestSettingsInternal
 * takes a non-zero override over the QSL's PerformanceSampleCount (0 keeps it). The library's size and the memory
 * budget still cap what is loaded (LoadGen's GenerateLoadableSets caps the count at the QSL's total), said in the
 * record as for any count.
 */
export function withPerformanceCountOverride(samples: PerformanceSamples, override: PerformanceCountOverride | undefined): PerformanceSamples {
  if (override === undefined || !(override.count > 0)) return samples;
  if (!Number.isSafeInteger(override.count)) throw new BenchError('USAGE', `performance_sample_count_override ${override.count} is not a whole number of samples (${override.source})`, { hint: 'give a whole number, e.g. resnet50.*.performance_sample_count_override = 1024' });
  return { ...samples, performanceCount: override.count, countSource: override.source, qslPerformanceCount: samples.qslPerformanceCount ?? samples.performanceCount };
}

/** A one-sample store from one call's feeds (its first row for a batched model): for callers that hold only feeds. */
export function storeFromCallFeeds(feeds: Feeds, sequential: boolean): SampleStore {
  return loadSampleStore(scenarioSamples({ feedsFor: () => feeds }, sequential), Number.MAX_SAFE_INTEGER).store;
}

/** What a run's record and output should say about a set smaller than asked for, or one sample repeated. */
export function sampleSetWarnings(info: SampleSetInfo): string[] {
  if (info.loadedSampleCount === 1 && info.performanceSampleCount === 1) return [`every query runs the same sample: ${info.describe}`];
  if (info.cappedBy === 'memory-budget') return [`the performance set holds ${info.loadedSampleCount} of ${info.performanceSampleCount} samples (${info.countSource}): the next would pass the ${formatBytes(info.memoryBudgetBytes)} budget`];
  if (info.cappedBy === 'library-size') return [`the performance set holds ${info.loadedSampleCount} samples, fewer than the ${info.performanceSampleCount} asked for (${info.countSource}): the library has no more`];
  return [];
}
