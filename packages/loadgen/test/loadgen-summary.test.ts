/** mlperf_log_summary.txt's figures (results.cc LogSummary) on hand-made traces; every value worked by hand. */
import { describe, expect, it } from 'vitest';
import { headlineMetric, headlineSeconds } from '../src/headline.ts';
import { loadgenSummary } from '../src/loadgen-summary.ts';
import { judgeValidity } from '../src/validity.ts';

describe('loadgen summary figures', () => {
  it('single-stream: QPS w/ loadgen overhead (n − 1) / final issue, w/o 1 / mean latency', () => {
    const trace = { scheduledMs: [0, 10, 30], issuedMs: [0, 10, 30], latencyMs: [10, 20, 5], endMs: 35 };
    const v = judgeValidity({ scenario: 'single-stream', durationMs: 30, queries: 3, minDurationMs: 0, minQueries: 1, latenciesMs: trace.latencyMs, percentile: 0.9 });
    const s = loadgenSummary('single-stream', trace, v, 0.9);
    expect(s.qpsWithLoadgenOverhead).toBeCloseTo(2 / 0.03, 9);
    // LoadGen's mean is the int64 division of the ns sum: 35,000,000 / 3 = 11,666,666 ns, so 1 / 0.011666666 s
    expect(s.ns.sample).toEqual({ min: 5_000_000, max: 20_000_000, mean: 11_666_666, percentiles: [10_000_000, 20_000_000, 20_000_000, 20_000_000, 20_000_000, 20_000_000] });
    expect(s.qpsWithoutLoadgenOverhead).toBeCloseTo(1e9 / 11_666_666, 9);
    expect(s.qpsWithoutLoadgenOverhead).not.toBeCloseTo(1000 / (35 / 3), 9);
    expect(s.latency).toMatchObject({ p50Ms: 10, p97Ms: 20, maxMs: 20 });
    // 3 queries: no early-stopping estimate (64 needed), so the headline falls back to the plain p90 (sorted[2] = 20)
    const h = headlineMetric('single-stream', s, v.earlyStoppingQueriesNeeded);
    expect(h).toMatchObject({ value: null, missing: 'early stopping needs at least 64 queries for an estimate; 3 ran', plain: { value: 20 } });
    expect(headlineSeconds(h)).toEqual({ seconds: 0.02, what: "the plain p90 latency: no Early stopping 90th percentile estimate (early stopping needs at least 64 queries for an estimate; 3 ran)" });
  });

  it('server: completed samples per second over the final issued query\'s completion, not the latest one', () => {
    // the 2nd query finishes last (at 400 ms); the final issued one (the 3rd) at 210 ms
    const trace = { scheduledMs: [0, 100, 200], issuedMs: [0, 100, 200], latencyMs: [5, 300, 10], endMs: 400 };
    const v = judgeValidity({ scenario: 'server', durationMs: 200, queries: 3, minDurationMs: 0, minQueries: 1, latenciesMs: trace.latencyMs, percentile: 0.99, latencyBoundMs: 15 });
    const s = loadgenSummary('server', trace, v, 0.99);
    expect(s.completedSamplesPerSecond).toBeCloseTo(2 / 0.21, 9);
    expect(s.scheduledSamplesPerSecond).toBeCloseTo(2 / 0.2, 9);
    expect(s.overLatencyCount).toBe(1);
    expect(s.finalQueryDoneMs).toBe(210);
    const h = headlineMetric('server', s);
    expect(headlineSeconds(h).seconds).toBeCloseTo(0.105, 12);
  });

  it('offline: samples / the last completion', () => {
    const trace = { scheduledMs: [0], issuedMs: [0], latencyMs: [50], sampleDoneMs: [10, 10, 30, 50], endMs: 50 };
    const v = judgeValidity({ scenario: 'offline', durationMs: 50, queries: 4, minDurationMs: 0, minQueries: 1, latenciesMs: [], percentile: 0.99 });
    const s = loadgenSummary('offline', trace, v, 0.99);
    expect(s.samplesPerSecond).toBe(80);
    expect(headlineMetric('offline', s)).toMatchObject({ mlperfKey: 'result_samples_per_second', value: 80, plain: null });
  });
});
