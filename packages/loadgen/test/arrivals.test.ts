/**
 * LoadGen's sample order and server schedule. The worked values come from a C++17 program built with g++ 12.2.0 and
 * its libstdc++ that makes GenerateLoadableSets' and GenerateQueries' RNG calls (loadgen.cc @ b66003e1, performance
 * mode): std::shuffle of iota(N) with qsl_rng_seed (multi-stream padded by samples_per_query − 1), then on
 * std::mt19937(sample_index_rng_seed) the accuracy-order shuffle of ⌈N / stride⌉ indices and ⌈min_query_count / set
 * size⌉ equal-issue shuffles before uniform_int_distribution<>(0, N − 1) picks each query's position; the server
 * schedule sums duration_cast<nanoseconds>(exponential_distribution<>(qps)(schedule_rng)) until `prev < 600 s ||
 * count < 100` fails. Seeds: mlperf.conf v6.1 unless said.
 */
import { describe, expect, it } from 'vitest';
import { MLPERF_SEEDS, performanceSet, poissonSchedule, poissonScheduleNs, sampleIndices, seedsFor, type SampleOrderSettings } from '../src/arrivals.ts';

const plan = (o: Partial<SampleOrderSettings>): SampleOrderSettings => ({ scenario: 'single-stream', sampleCount: 1024, samplesPerQuery: 1, minQueries: 100, seeds: MLPERF_SEEDS, ...o });

describe('the performance sample set (qsl_rng_seed)', () => {
  it('1024 samples shuffled; 5 samples padded by 7 for 8-sample multi-stream queries', () => {
    expect(performanceSet({ scenario: 'single-stream', performanceSampleCount: 1024, samplesPerQuery: 1, minQueryCount: 100, seeds: MLPERF_SEEDS }).slice(0, 8)).toEqual([216, 267, 822, 906, 663, 580, 710, 908]);
    expect(performanceSet({ scenario: 'multi-stream', performanceSampleCount: 5, samplesPerQuery: 8, minQueryCount: 662, seeds: MLPERF_SEEDS })).toEqual([2, 0, 1, 4, 3, 2, 0, 1, 4, 3, 2, 0]);
  });
});

describe('per-query samples (sample_index_rng_seed)', () => {
  it('single-stream over 1024 samples, min_query_count 100 or 64 (one equal-issue shuffle either way)', () => {
    const first = [784, 618, 960, 248, 513, 635, 155, 667, 431, 242];
    expect(sampleIndices(plan({}), 10).flat()).toEqual(first);
    expect(sampleIndices(plan({ minQueries: 64 }), 10).flat()).toEqual(first);
  });

  it('5 samples with min_query_count 64: 13 equal-issue shuffles before the first pick', () => {
    expect(sampleIndices(plan({ sampleCount: 5, minQueries: 64 }), 12).flat()).toEqual([4, 3, 0, 1, 4, 4, 0, 0, 1, 0, 2, 2]);
  });

  it('multi-stream: 8 contiguous samples of the padded set from one uniform start', () => {
    expect(sampleIndices(plan({ scenario: 'multi-stream', samplesPerQuery: 8, minQueries: 662 }), 3)).toEqual([
      [678, 266, 573, 278, 241, 816, 958, 576],
      [935, 222, 123, 954, 24, 488, 1008, 889],
      [80, 581, 609, 528, 348, 321, 483, 35],
    ]);
    expect(sampleIndices(plan({ scenario: 'multi-stream', sampleCount: 3, samplesPerQuery: 8, minQueries: 662 }), 3)).toEqual([
      [0, 1, 2, 0, 1, 2, 0, 1],
      [0, 1, 2, 0, 1, 2, 0, 1],
      [2, 0, 1, 2, 0, 1, 2, 0],
    ]);
  });

  it('server with --seed 7 (seeds 7, 8, 9): another order', () => {
    expect(seedsFor(7)).toEqual({ qslRngSeed: '7', sampleIndexRngSeed: '8', scheduleRngSeed: '9' });
    expect(seedsFor(0)).toEqual(MLPERF_SEEDS);
    expect(sampleIndices(plan({ scenario: 'server', seeds: seedsFor(7) }), 6).flat()).toEqual([221, 29, 761, 253, 265, 422]);
  });

  it('offline: the shuffled set repeated, no draws', () => {
    const [q] = sampleIndices(plan({ scenario: 'offline', sampleCount: 5, minQueries: 64 }), 12);
    expect(q).toEqual([2, 0, 1, 4, 3, 2, 0, 1, 4, 3, 2, 0]);
  });
});

describe('server arrivals (schedule_rng_seed)', () => {
  it('10 QPS, 600 s, 100 queries: 6012 queries in whole nanoseconds, the last at 600.059632135 s', () => {
    const t = poissonScheduleNs({ targetQps: 10, minDurationMs: 600_000, minQueries: 100, scheduleRngSeed: MLPERF_SEEDS.scheduleRngSeed });
    expect(t).toHaveLength(6012);
    expect(t.slice(0, 5)).toEqual([0, 184365401, 230157769, 358744000, 430043472]);
    expect(t[t.length - 1]).toBe(600059632135);
  });

  it('0.5 QPS over 600 s: 298 queries; 20 QPS over 5 s: the 100-query minimum decides (last 5.412138842 s)', () => {
    const slow = poissonScheduleNs({ targetQps: 0.5, minDurationMs: 600_000, minQueries: 100, scheduleRngSeed: MLPERF_SEEDS.scheduleRngSeed });
    expect(slow).toHaveLength(298);
    expect(slow.slice(0, 5)).toEqual([0, 3687308033, 4603155410, 7174880043, 8600869490]);
    expect(slow[297]).toBe(605852471748);
    const short = poissonSchedule({ targetQps: 20, minDurationMs: 5000, minQueries: 100, scheduleRngSeed: MLPERF_SEEDS.scheduleRngSeed });
    expect(short).toHaveLength(100);
    expect(short[99]).toBe(5412.138842);
  });

  it('a max query count stops the schedule; a rate ≤ 0 is refused', () => {
    expect(poissonSchedule({ targetQps: 10, minDurationMs: 600_000, minQueries: 100, scheduleRngSeed: 1, maxQueries: 7 })).toHaveLength(7);
    expect(() => poissonSchedule({ targetQps: 0, minDurationMs: 1, minQueries: 1, scheduleRngSeed: 0 })).toThrow(RangeError);
  });

  it('over 4000 s at 10 QPS: mean gap 100 ms, coefficient of variation 1, P(gap > mean) = e^−1', () => {
    const t = poissonSchedule({ targetQps: 10, minDurationMs: 4_000_000, minQueries: 1, scheduleRngSeed: 2026 });
    const gaps = t.slice(1).map((x, i) => x - t[i]!);
    const n = gaps.length;
    const mean = gaps.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(gaps.reduce((a, g) => a + (g - mean) ** 2, 0) / (n - 1));
    // n ≈ 40,000: the mean's standard error is 100 / √n = 0.5 ms; allow 4 of them
    expect(Math.abs(mean - 100)).toBeLessThan(2);
    expect(Math.abs(sd / mean - 1)).toBeLessThan(0.03);
    expect(Math.abs(gaps.filter((g) => g > 100).length / n - Math.exp(-1))).toBeLessThan(0.01);
  });
});

/**
 * Against MLPerf LoadGen itself: mlcommons/inference loadgen @ b66003e1 built with g++ 12.2.0 and run with mlperf.conf
 * v6.1's seeds, performance mode, min_duration_ms 0, a QSL of N samples (performance count N) and a SUT that records
 * each query's QuerySample indices and completes them at once; the server figures are mlperf_log_detail.txt's
 * generated_query_count and generated_query_duration (the timestamp after the last query).
 */
describe('the same as LoadGen built from its source', () => {
  it('single-stream, 1024 samples, min_query_count 100: 784 618 960 248 513 635 155 667 431 242', () => {
    expect(sampleIndices(plan({}), 10).flat()).toEqual([784, 618, 960, 248, 513, 635, 155, 667, 431, 242]);
  });

  it('single-stream, 5 samples, min_query_count 100 (20 equal-issue shuffles first): 3 0 1 4 0 1 2 3 3 0 4 1', () => {
    expect(sampleIndices(plan({ sampleCount: 5 }), 12).flat()).toEqual([3, 0, 1, 4, 0, 1, 2, 3, 3, 0, 4, 1]);
  });

  it('multi-stream 8 per query, 1024 samples, min_query_count 662; offline 5 samples, a 12-sample query', () => {
    expect(sampleIndices(plan({ scenario: 'multi-stream', samplesPerQuery: 8, minQueries: 662 }), 2)).toEqual([
      [678, 266, 573, 278, 241, 816, 958, 576],
      [935, 222, 123, 954, 24, 488, 1008, 889],
    ]);
    expect(sampleIndices(plan({ scenario: 'offline', sampleCount: 5, minQueries: 12 }), 12)).toEqual([[2, 0, 1, 4, 3, 2, 0, 1, 4, 3, 2, 0]]);
  });

  it('server at 2000 QPS, min_duration 50 ms, min_query_count 100: 100 queries, the next timestamp 54514611 ns', () => {
    const seed = MLPERF_SEEDS.scheduleRngSeed;
    expect(poissonScheduleNs({ targetQps: 2000, minDurationMs: 50, minQueries: 100, scheduleRngSeed: seed })).toHaveLength(100);
    expect(poissonScheduleNs({ targetQps: 2000, minDurationMs: 0, minQueries: 101, scheduleRngSeed: seed })[100]).toBe(54514611);
    expect(sampleIndices(plan({ scenario: 'server' }), 8).flat()).toEqual([784, 618, 960, 248, 513, 635, 155, 667]);
  });
});
