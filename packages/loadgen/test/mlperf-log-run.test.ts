/**
 * A real ScenarioResult (FakeClock runs) through mlperfRunOf and the summary writer: every figure the text prints
 * is the one in the result's own `summary` (loadgen-summary.ts, the one place they are computed) and its validity,
 * in each scenario; the writers read it rather than a trace (a figure changed in `summary` is the figure printed).
 */
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../src/clock.ts';
import { fakeExecutorFactory } from '../src/executor.ts';
import { cppDouble, cppFixed, nsOf } from '../src/mlperf-log/format.ts';
import { mlperfRunOf } from '../src/mlperf-log/run.ts';
import { mlperfSummaryText } from '../src/mlperf-log/summary.ts';
import { resultEntries } from '../src/mlperf-log/detail.ts';
import { runScenario } from '../src/run-scenario.ts';
import { settingsFrom } from './helpers.ts';

const noLoad = { machineLoad: false } as const;
const line = (text: string, label: string): string => text.split('\n').find((l) => l.startsWith(label))!.slice(label.length);

describe("the summary text carries the run's own figures", () => {
  it('single-stream: the p90, its early-stopping estimate, QPS w/ and w/o overhead, the 97th percentile', async () => {
    const clock = new FakeClock();
    const s = settingsFrom(['--scenario', 'single-stream', '--min-duration', '0', '--min-queries', '64', '--scenario-warmup', '0']);
    const r = await runScenario(s, fakeExecutorFactory(clock, (_i, _n, call) => 10 + (call % 10)), { clock, ...noLoad });
    const text = mlperfSummaryText(mlperfRunOf(r, 'sut'));
    expect(line(text, 'Result is : ')).toBe(r.validity.verdict);
    expect(Number(line(text, '90.0th percentile latency (ns) : '))).toBe(nsOf(r.summary.targetPercentileLatencyMs!));
    expect(text).toContain(`Early stopping 90.0th percentile estimate: ${nsOf(r.summary.earlyStoppingEstimateMs!)}\n`);
    expect(line(text, 'QPS w/ loadgen overhead         : ')).toBe(cppFixed(r.summary.qpsWithLoadgenOverhead!));
    expect(line(text, 'QPS w/o loadgen overhead        : ')).toBe(cppFixed(r.summary.qpsWithoutLoadgenOverhead!));
    expect(Number(line(text, '97.00 percentile latency (ns)   : '))).toBe(nsOf(r.summary.latency!.p97Ms));
    expect(Number(line(text, 'max_query_count : '))).toBe(s.maxQueryCount);
  });

  it('server: completed and scheduled samples per second, the over-latency verdict', async () => {
    const clock = new FakeClock();
    const s = settingsFrom(['--scenario', 'server', '--target-qps', '50', '--latency-bound-ms', '15', '--min-duration', '1', '--min-queries', '100', '--scenario-warmup', '0']);
    const r = await runScenario(s, fakeExecutorFactory(clock, (_i, _n, call) => (call % 50 === 0 ? 20 : 5)), { clock, ...noLoad });
    const text = mlperfSummaryText(mlperfRunOf(r, 'sut'));
    expect(line(text, 'Result is : ')).toBe(r.validity.verdict);
    expect(line(text, 'Completed samples per second    : ')).toBe(cppFixed(r.summary.completedSamplesPerSecond!));
    expect(line(text, 'Scheduled samples per second : ')).toBe(cppFixed(r.summary.scheduledSamplesPerSecond!));
    expect(line(text, '  Performance constraints satisfied : ')).toBe(r.validity.checks.latencyBound ? 'Yes' : 'NO');
    expect(line(text, 'target_latency (ns): ')).toBe('15000000');
  });

  it('offline: samples per second over the last completion', async () => {
    const clock = new FakeClock();
    const s = settingsFrom(['--scenario', 'offline', '--min-duration', '0', '--min-queries', '64', '--scenario-warmup', '0']);
    const r = await runScenario(s, fakeExecutorFactory(clock, (_i, n) => 5 * n), { clock, ...noLoad });
    const text = mlperfSummaryText(mlperfRunOf(r, 'sut'));
    expect(line(text, 'Samples per second: ')).toBe(cppDouble(r.summary.samplesPerSecond!));
    expect(line(text, 'samples_per_query : ')).toBe(String(r.totals.samples));
  });

  it("one source: the text and the detail log print the result's summary as it is, not a figure of their own", async () => {
    const clock = new FakeClock();
    const s = settingsFrom(['--scenario', 'server', '--target-qps', '50', '--latency-bound-ms', '15', '--min-duration', '1', '--min-queries', '100', '--scenario-warmup', '0']);
    const r = await runScenario(s, fakeExecutorFactory(clock, () => 5), { clock, ...noLoad });
    const changed = { ...r, summary: { ...r.summary, completedSamplesPerSecond: 12.345, ns: { ...r.summary.ns, sample: { ...r.summary.ns.sample!, mean: 4242 } } } };
    const text = mlperfSummaryText(mlperfRunOf(changed, 'sut'));
    expect(line(text, 'Completed samples per second    : ')).toBe('12.35');
    expect(line(text, 'Mean latency (ns)               : ')).toBe('4242');
    const detail = new Map(resultEntries(mlperfRunOf(changed, 'sut')));
    expect(detail.get('result_completed_samples_per_sec')).toEqual({ double: 12.345 });
    expect(detail.get('result_mean_latency_ns')).toBe(4242);
  });

  it("multi-stream: each sample's own latency (its call's completion), the query's its last sample's, as LoadGen's detail log keeps them", async () => {
    const clock = new FakeClock();
    // 8 samples a query in two calls of 4 on two instances: instance 0 takes 10 ms a call, instance 1 takes 20 ms
    const s = settingsFrom(['--scenario', 'multi-stream', '--instances', '2', '--samples-per-query', '8', '--min-duration', '0', '--min-queries', '10', '--scenario-warmup', '0'], { threads: 1 });
    const r = await runScenario(s, fakeExecutorFactory(clock, (instance) => (instance === 0 ? 10 : 20)), { clock, ...noLoad });
    expect(r.totals.queries).toBe(10);
    // per query 20 ms; per sample 4 × 10 ms and 4 × 20 ms: min 10, mean 15, p50 sorted[40] of 80 = 20 ms
    expect(r.summary.ns.query).toMatchObject({ min: 20_000_000, max: 20_000_000, mean: 20_000_000 });
    expect(r.summary.ns.sample).toEqual({ min: 10_000_000, max: 20_000_000, mean: 15_000_000, percentiles: [20_000_000, 20_000_000, 20_000_000, 20_000_000, 20_000_000, 20_000_000] });
    const detail = new Map(resultEntries(mlperfRunOf(r, 'sut')));
    expect(detail.get('result_min_latency_ns')).toBe(10_000_000);
    expect(detail.get('result_mean_latency_ns')).toBe(15_000_000);
    expect(detail.get('result_min_query_latency_ns')).toBe(20_000_000);
    expect(detail.get('result_mean_query_latency_ns')).toBe(20_000_000);
  });
});
