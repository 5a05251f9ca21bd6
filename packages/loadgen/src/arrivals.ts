/**
 * Sample order and server arrival times drawn as MLPerf LoadGen draws them (loadgen.cc GenerateLoadableSets,
 * GenerateQueries, SampleDistribution, ScheduleDistribution), from std::mt19937 engines seeded with mlperf.conf's
 * three seeds, so the same settings give LoadGen's sample indices and scheduled times:
 * - the performance sample set: indices 0..N−1 shuffled by std::shuffle with `qsl_rng_seed` (multi-stream: the first
 *   samples_per_query − 1 of them appended, so a query's samples can be contiguous);
 * - per query, from `sample_index_rng_seed`: uniform_int_distribution(0, N − 1) picks a position in that set (the
 *   query's sample, or multi-stream's first of samples_per_query contiguous ones). Before the first pick the engine
 *   has gone through the shuffles LoadGen makes while building its other two distributions (the accuracy-mode order,
 *   ⌈N / stride⌉ elements; equal-issue, ⌈min_query_count / set size⌉ shuffles of the set), since they share it;
 * - offline: the set, repeated to fill the query (no draws);
 * - server, from `schedule_rng_seed`: exponential_distribution(target QPS) gaps in seconds, each truncated to whole
 *   nanoseconds (duration_cast), summed from 0 until the previous time reaches the minimum duration and the count the
 *   minimum query count (`while (prev_timestamp < duration || queries.size() < min_queries)`).
 */
import type { ScenarioName } from './mlperf-rules.ts';
import { Mt19937 } from './mt19937.ts';
import { exponential, shuffle, uniformInt } from './std-random.ts';

/** LoadGen's three seeds, as the unsigned 64-bit decimals mlperf.conf writes (JSON-safe). */
export interface LoadgenSeeds {
  qslRngSeed: string;
  sampleIndexRngSeed: string;
  scheduleRngSeed: string;
}

/** The MLPerf version whose mlperf.conf seeds are the default. */
export const MLPERF_SEEDS_VERSION = 'v6.1';

/** mlcommons/inference loadgen/mlperf.conf @ b66003e1 ("Add random seeds for v6.1", b0662794): `*.*.qsl_rng_seed` etc. */
export const MLPERF_SEEDS: Readonly<LoadgenSeeds> = {
  qslRngSeed: '2085463073848966840',
  sampleIndexRngSeed: '2747215439041700203',
  scheduleRngSeed: '16159082839903944936',
};

/** The seeds of a run: mlperf.conf's without `--seed` (or with its default 0); `--seed N` gives N, N + 1, N + 2. */
export function seedsFor(seed: number | undefined): LoadgenSeeds {
  if (seed === undefined || seed === 0) return { ...MLPERF_SEEDS };
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`--seed must be a whole number ≥ 0, got ${seed}`);
  return { qslRngSeed: String(seed), sampleIndexRngSeed: String(seed + 1), scheduleRngSeed: String(seed + 2) };
}

export interface ArrivalPlan {
  targetQps: number;
  minDurationMs: number;
  minQueries: number;
  /** loadgen schedule_rng_seed (a uint64 decimal, or a number) */
  scheduleRngSeed: string | number;
  /** stop generating here even if the minima are not reached (LoadGen's max_query_count; none when absent) */
  maxQueries?: number | undefined;
}

/** Scheduled times of the server queries in whole nanoseconds from the start; the first is 0. */
export function poissonScheduleNs(plan: ArrivalPlan): number[] {
  if (!(plan.targetQps > 0)) throw new RangeError(`target QPS must be > 0, got ${plan.targetQps}`);
  const rng = new Mt19937(plan.scheduleRngSeed);
  const minNs = plan.minDurationMs * 1e6;
  const cap = plan.maxQueries ?? Number.MAX_SAFE_INTEGER;
  const times: number[] = [];
  let timestamp = 0;
  let previous = 0;
  while ((previous < minNs || times.length < plan.minQueries) && times.length < cap) {
    times.push(timestamp);
    previous = timestamp;
    timestamp += Math.trunc(exponential(rng, plan.targetQps) * 1e9);
  }
  return times;
}

/** The same schedule in ms (nanoseconds / 1e6). */
export function poissonSchedule(plan: ArrivalPlan): number[] {
  return poissonScheduleNs(plan).map((ns) => ns / 1e6);
}

export interface SamplePlan {
  scenario: ScenarioName;
  /** N: the distinct samples the executors hold (LoadGen's performance_sample_count) */
  performanceSampleCount: number;
  samplesPerQuery: number;
  /** LoadGen's min_query_count (offline: LoadGen sets it to 1 for its one query) */
  minQueryCount: number;
  seeds: LoadgenSeeds;
}

/** The loaded performance set, as GenerateLoadableSets builds it (multi-stream with its padding). */
export function performanceSet(plan: SamplePlan): number[] {
  const n = plan.performanceSampleCount;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`the performance set needs at least one sample, got ${n}`);
  const set = shuffle(Array.from({ length: n }, (_, i) => i), new Mt19937(plan.seeds.qslRngSeed));
  if (plan.scenario === 'multi-stream') for (let i = 0; i < plan.samplesPerQuery - 1; i++) set.push(set[i]!);
  return set;
}

/** Per-query sample indices in LoadGen's order; `next()` gives the next query's samples. */
export class SampleIndexStream {
  readonly set: readonly number[];
  private readonly rng: Mt19937;
  private readonly n: number;
  private offlineNext = 0;

  constructor(readonly plan: SamplePlan) {
    this.set = performanceSet(plan);
    this.n = plan.performanceSampleCount;
    this.rng = new Mt19937(plan.seeds.sampleIndexRngSeed);
    // the engine as GenerateQueries leaves it after building the accuracy-mode and equal-issue distributions
    const stride = plan.scenario === 'multi-stream' ? plan.samplesPerQuery : 1;
    shuffle(Array.from({ length: Math.ceil(this.n / stride) }, (_, i) => i * stride), this.rng);
    const loaded = this.set.length;
    const minQueries = plan.scenario === 'offline' ? 1 : plan.minQueryCount;
    const equalIssue = Array.from({ length: loaded }, (_, i) => i);
    for (let j = 0; j < minQueries; j += loaded) shuffle(equalIssue, this.rng);
  }

  /** single-stream, server: one sample; multi-stream: samples_per_query contiguous ones from a uniform start */
  next(): number[] {
    const at = uniformInt(this.rng, 0, this.n - 1);
    if (this.plan.scenario === 'multi-stream') return this.set.slice(at, at + this.plan.samplesPerQuery);
    return [this.set[at]!];
  }

  /** offline: the next `count` samples of the set repeated (LoadGen's one query, cut into calls) */
  nextOffline(count: number): number[] {
    const out: number[] = [];
    for (let k = 0; k < count; k++) {
      out.push(this.set[this.offlineNext]!);
      this.offlineNext = (this.offlineNext + 1) % this.n;
    }
    return out;
  }
}

/** The settings fields the sample order depends on (a ScenarioSettings fits). */
export interface SampleOrderSettings {
  scenario: ScenarioName;
  sampleCount: number;
  samplesPerQuery: number;
  minQueries: number;
  seeds: LoadgenSeeds;
}

export function sampleStream(s: SampleOrderSettings): SampleIndexStream {
  return new SampleIndexStream({ scenario: s.scenario, performanceSampleCount: s.sampleCount, samplesPerQuery: s.samplesPerQuery, minQueryCount: s.minQueries, seeds: s.seeds });
}

/**
 * The sample indices of the first `queries` queries of a run with these settings, in LoadGen's order (offline: one
 * query of `queries` samples). The scheduler's queries carry these.
 */
export function sampleIndices(s: SampleOrderSettings, queries: number): number[][] {
  const stream = sampleStream(s);
  if (s.scenario === 'offline') return [stream.nextOffline(queries)];
  return Array.from({ length: queries }, () => stream.next());
}
