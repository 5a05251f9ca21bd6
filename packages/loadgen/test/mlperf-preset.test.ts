/**
 * The `--mlperf` preset run end to end for every scenario on a fake clock (600 s of fake time each): VALID when the
 * latencies allow, INVALID with loadgen's own reason (results.cc's recommendations) when not. Every count is worked
 * by hand from the fake service times.
 */
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../src/clock.ts';
import { fakeExecutorFactory } from '../src/executor.ts';
import { runScenario } from '../src/run-scenario.ts';
import { settingsFrom } from './helpers.ts';

const noLoad = { machineLoad: false } as const;

describe('--mlperf single-stream', () => {
  it('1 s and 1.5 s queries: no --max-duration cap, the first query issued at ≥ 600 s is the last (573), VALID; the headline is the early-stopping p90 estimate', async () => {
    const clock = new FakeClock();
    const s = settingsFrom(['--scenario', 'single-stream', '--mlperf', '--scenario-warmup', '0']);
    expect(s.maxDurationMs).toBeNull();
    // every 10th query takes 1.5 s, the rest 1 s
    const r = await runScenario(s, fakeExecutorFactory(clock, (_i, _n, call) => (call % 10 === 9 ? 1500 : 1000)), { clock, ...noLoad });
    // issue times grow by 1 or 1.5 s; the run ends with the first query issued at ≥ 600 s: 9 × 1 + 1.5 = 10.5 s per 10
    // queries → 57 blocks (598.5 s), then queries issued at 598.5, 599.5, 600.5: 573 queries
    expect(r.totals.queries).toBe(573);
    expect(r.validity).toMatchObject({ verdict: 'VALID', reasons: [], loadgenReasons: [] });
    expect(r.stopReason).toBe('minimums-met');
    expect(r.warnings.some((w) => /max-duration/.test(w))).toBe(false);
    // 57 slow queries among 573: the p90 (sorted[515]) is 1000 ms, the early-stopping estimate discards fewer of the
    // highest (t − 1 < 57) so it is 1500 ms
    expect(r.headline).toMatchObject({ mlperfKey: 'early_stopping_latency_ss', value: 1500, unit: 'ms', better: 'lower', plain: { name: 'p90 latency', value: 1000 } });
  });

  it('--max-duration 600 with 2 s queries stops before a query is issued at 600 s: INVALID, "Decrease the expected latency …"', async () => {
    const clock = new FakeClock();
    const s = settingsFrom(['--scenario', 'single-stream', '--mlperf', '--min-duration', '600', '--max-duration', '600', '--scenario-warmup', '0']);
    // 2 s queries reach the 600 s cap at the 300th completion, before a query was issued at ≥ 600 s
    const r = await runScenario(s, fakeExecutorFactory(clock, () => 2000), { clock, ...noLoad });
    expect(r.totals.queries).toBe(300);
    expect(r.validity.verdict).toBe('INVALID');
    expect(r.validity.loadgenReasons).toEqual(['Decrease the expected latency so the loadgen pre-generates more queries.']);
  });
});

describe('--mlperf multi-stream', () => {
  it('1 s queries of 8 samples: 662 queries (the minimum outlasts 600 s), VALID, the p99 estimate', async () => {
    const clock = new FakeClock();
    const s = settingsFrom(['--scenario', 'multi-stream', '--mlperf', '--scenario-warmup', '0'], { threads: 1 });
    const r = await runScenario(s, fakeExecutorFactory(clock, () => 1000), { clock, ...noLoad });
    expect(r.totals).toMatchObject({ queries: 662, samples: 662 * 8 });
    expect(r.validity.verdict).toBe('VALID');
    expect(r.headline).toMatchObject({ mlperfKey: 'early_stopping_latency_ms', value: 1000 });
  });

  it('too slow for 662 queries in a 600 s cap: INVALID with early stopping\'s own count', async () => {
    const clock = new FakeClock();
    const s = settingsFrom(['--scenario', 'multi-stream', '--mlperf', '--max-duration', '600', '--scenario-warmup', '0'], { threads: 1 });
    const r = await runScenario(s, fakeExecutorFactory(clock, () => 1000), { clock, ...noLoad });
    expect(r.totals.queries).toBe(600);
    expect(r.validity.verdict).toBe('INVALID');
    expect(r.validity.loadgenReasons).toEqual([
      'Decrease the expected latency so the loadgen pre-generates more queries.',
      'The test exited early, before enough queries were issued.',
      'Only processed 600 queries. Need to process at least 662 queries for early stopping.',
    ]);
    expect(r.headline.value).toBeNull();
  });
});

describe('--mlperf server (ResNet50: 15 ms bound)', () => {
  it('5 ms queries at 10 QPS: 6012 queries over 600 s (LoadGen\'s schedule), none over 15 ms, VALID', async () => {
    const clock = new FakeClock();
    const s = settingsFrom(['--scenario', 'server', '--mlperf', '--target-qps', '10', '--scenario-warmup', '0']);
    const r = await runScenario(s, fakeExecutorFactory(clock, () => 5), { clock, ...noLoad });
    expect(r.totals.queries).toBe(6012);
    expect(r.cancelledQueries).toBe(0);
    expect(r.raw.scheduledMs[6011]).toBeCloseTo(600059.632135, 3); // the record rounds to 0.1 µs
    expect(r.summary.overLatencyCount).toBe(0);
    expect(r.validity).toMatchObject({ verdict: 'VALID', reasons: [] });
    // the final query's completion: scheduled + its latency
    const doneMs = r.raw.scheduledMs[6011]! + r.raw.latencyMs[6011]!;
    expect(r.headline).toMatchObject({ mlperfKey: 'result_completed_samples_per_sec', unit: 'samples/s', better: 'higher' });
    expect(r.headline.value).toBeCloseTo((6011 * 1000) / doneMs, 6);
    expect(r.totals.scheduledQps).toBeCloseTo((6011 * 1000) / 600059.632135, 9);
  });

  it('50 ms queries against 15 ms at 0.5 QPS (298 queries): INVALID, "Reduce target QPS to improve latency." and early stopping', async () => {
    const clock = new FakeClock();
    const s = settingsFrom(['--scenario', 'server', '--mlperf', '--target-qps', '0.5', '--scenario-warmup', '0']);
    const r = await runScenario(s, fakeExecutorFactory(clock, () => 50), { clock, ...noLoad });
    expect(r.totals.queries).toBe(298);
    expect(r.validity.verdict).toBe('INVALID');
    expect(r.summary.overLatencyCount).toBe(298);
    expect(r.validity.loadgenReasons[0]).toBe('Reduce target QPS to improve latency.');
    expect(r.validity.loadgenReasons[1]).toMatch(/^Run unsuccessful\. Processed 298 queries\. Would need to run at least \d+ more queries/);
  });
});

describe('--mlperf offline (24,576 ResNet50 samples)', () => {
  it('a timed phase 1 % faster than the warm-up still lasts ≥ 600 s thanks to the 1.1 slack: VALID, one attempt, no max-duration note', async () => {
    const clock = new FakeClock();
    const s = settingsFrom(['--scenario', 'offline', '--mlperf', '--scenario-warmup', '2'], { batch: 64, threads: 1 });
    // warm-up calls of 64 samples take 1000 ms (64 samples/s); timed calls 990 ms
    const r = await runScenario(s, fakeExecutorFactory(clock, (_i, _n, call) => (call < 2 ? 1000 : 990)), { clock, ...noLoad });
    // query: max(24576, floor(1.1 × 600 × 64)) = 42240 samples = 660 calls × 990 ms = 653.4 s
    expect(r.offlineAttempts).toBe(1);
    expect(r.totals).toMatchObject({ samples: 42240, durationMs: 653_400 });
    expect(r.validity.verdict).toBe('VALID');
    expect(r.warnings.some((w) => /max-duration/.test(w))).toBe(false);
    expect(r.headline).toMatchObject({ mlperfKey: 'result_samples_per_second', value: (42240 * 1000) / 653_400 });
  });

  it('a system that keeps speeding up ends every attempt short: INVALID, "Increase expected QPS …"', async () => {
    const clock = new FakeClock();
    const s = settingsFrom(['--scenario', 'offline', '--mlperf', '--scenario-warmup', '1'], { batch: 64, threads: 1 });
    // warm-up 1000 ms per 64-sample call (64 samples/s); attempt 1: 42240 samples = 660 calls of 500 ms (330 s);
    // attempt 2 from 128 samples/s: 84480 = 1320 calls of 250 ms (330 s); attempt 3: 168960 = 2640 calls of 125 ms
    const serviceMs = (call: number): number => (call === 0 ? 1000 : call <= 660 ? 500 : call <= 1980 ? 250 : 125);
    const r = await runScenario(s, fakeExecutorFactory(clock, (_i, _n, call) => serviceMs(call)), { clock, ...noLoad });
    expect(r.totals).toMatchObject({ samples: 168960, durationMs: 330_000 });
    expect(r.offlineAttempts).toBe(3);
    expect(r.validity.verdict).toBe('INVALID');
    expect(r.validity.loadgenReasons).toEqual(['Increase expected QPS so the loadgen pre-generates a larger (coalesced) query.']);
  });
});

describe('a server bound the model cannot meet', () => {
  it('is said before the timed phase, from the warm-up: 20 ms calls against ResNet50\'s 15 ms', async () => {
    const clock = new FakeClock();
    const lines: string[] = [];
    const s = settingsFrom(['--scenario', 'server', '--target-qps', '1', '--min-duration', '0', '--min-queries', '3', '--scenario-warmup', '2']);
    const r = await runScenario(s, fakeExecutorFactory(clock, () => 20), { clock, ...noLoad, log: (l) => lines.push(l) });
    const said = "the warm-up's calls took 20.00 ms on average, more than the 15 ms latency bound (MLPerf Inference mlperf.conf resnet50.Server.target_latency = 15 ms): no rate can be VALID here (give --latency-bound-ms above it)";
    expect(lines[0]).toBe(`  warning: ${said}`);
    expect(r.warnings).toContain(said);
    expect(r.validity.verdict).toBe('INVALID');
  });
});
