/**
 * A scenario run's MLPerf files (beside --json's record, or in --mlperf-log-dir) and --mlperf-conf / --user-conf, on
 * the fake workload with loadgen's FakeClock (10 ms a sample, so every figure is worked by hand).
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseCommandLine } from '@modelbench/core';
import { FakeClock, fakeExecutorFactory } from '@modelbench/loadgen';
import { runPerformance } from '../src/modes/performance.ts';
import { modeFlags } from '../src/workload-main.ts';
import { fakeRegistry, fakeWorkload, writeTinyModel } from './fake-workload.ts';

const dir = mkdtempSync(join(tmpdir(), 'mb-mlperf-files-'));
const model = writeTinyModel(dir);
beforeEach(() => {
  vi.stubEnv('MODELBENCH_PROGRESS', '0');
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

async function run(name: string, args: string[]): Promise<{ record: Record<string, any> }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const json = join(dir, `${name}.json`);
  const { flags, positionals } = parseCommandLine(['--model', model, '--backend', 'fake', '--json', json, '--threads', '1', ...args], modeFlags(fakeWorkload, 'performance'), 'fake performance');
  const clock = new FakeClock();
  const code = await runPerformance({ workload: fakeWorkload, flags: flags as never, positionals, registry: fakeRegistry(), startedAt: new Date() }, {
    makeFactory: () => fakeExecutorFactory(clock, (_i, samples) => 10 * samples),
    runOptions: { clock, machineLoad: false },
  });
  expect(code).toBe(0);
  const saved = JSON.parse(readFileSync(json, 'utf8'));
  return { record: Array.isArray(saved) ? saved[0] : saved };
}

describe("a scenario run writes MLPerf's log files", () => {
  it('beside --json: the summary in LoadGen\'s words and numbers, the detail log, an empty accuracy log', async () => {
    await run('ss', ['--scenario', 'single-stream', '--min-duration', '0.5', '--min-queries', '64']);
    const logs = join(dir, 'ss.mlperf');
    const summary = readFileSync(join(logs, 'mlperf_log_summary.txt'), 'utf8');
    // 64 queries of 10 ms, issued at 0, 10, …, 630 ms: QPS w/ overhead 63 / 0.63 s = 100, w/o 1 / 10 ms = 100
    expect(summary).toContain('Scenario : SingleStream\nMode     : PerformanceOnly\n90.0th percentile latency (ns) : 10000000\nResult is : VALID\n');
    expect(summary).toContain(' * Processed at least 64 queries (64).\n * Would discard 0 highest latency queries.\n * Early stopping 90.0th percentile estimate: 10000000\n');
    expect(summary).toContain('QPS w/ loadgen overhead         : 100.00\nQPS w/o loadgen overhead        : 100.00\n');
    expect(summary).toContain('min_duration (ms): 500\nmax_duration (ms): 0\nmin_query_count : 64\n');
    expect(summary).toContain('qsl_rng_seed : 2085463073848966840\n');
    const detail = readFileSync(join(logs, 'mlperf_log_detail.txt'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l.replace(/^:::MLLOG /, '')) as { key: string; value: unknown });
    expect(detail.find((e) => e.key === 'result_validity')?.value).toBe('VALID');
    expect(detail.find((e) => e.key === 'early_stopping_latency_ss')?.value).toBe(10000000);
    expect(readFileSync(join(logs, 'mlperf_log_accuracy.json'), 'utf8')).toBe('[\n]\n');
  });

  it('in --mlperf-log-dir when given', async () => {
    const logs = join(dir, 'chosen');
    await run('chosen', ['--scenario', 'single-stream', '--min-duration', '0', '--min-queries', '64', '--mlperf-log-dir', logs]);
    expect(existsSync(join(logs, 'mlperf_log_summary.txt'))).toBe(true);
    expect(existsSync(join(dir, 'chosen.mlperf'))).toBe(false);
  });
});

describe('--mlperf-conf / --user-conf', () => {
  it("user.conf's settings apply under the command line's; its ms are seconds", async () => {
    const conf = join(dir, 'user.conf');
    writeFileSync(conf, '# laptop\n*.SingleStream.min_duration = 500\n*.*.min_query_count = 64\nfake.SingleStream.min_query_count = 66\n');
    const { record } = await run('conf', ['--scenario', 'single-stream', '--user-conf', conf]);
    // fake.SingleStream beats *.*: 66 queries; 500 ms = 0.5 s is met by the 51st
    expect(record.scenario.settings).toMatchObject({ minDurationMs: 500, minQueries: 66 });
    expect(record.scenario.raw.latencyMs).toHaveLength(66);
    const flag = await run('conf-flag', ['--scenario', 'single-stream', '--user-conf', conf, '--min-queries', '70']);
    expect(flag.record.scenario.settings).toMatchObject({ minDurationMs: 500, minQueries: 70 });
  });

  it("Offline target_qps sizes the one query as LoadGen does; performance_sample_count_override sets the set's size", async () => {
    const conf = join(dir, 'offline.conf');
    writeFileSync(conf, '*.Offline.target_qps = 50\n*.Offline.min_duration = 1000\n*.Offline.min_query_count = 10\nfake.*.performance_sample_count_override = 256\n');
    const { record } = await run('offline-conf', ['--scenario', 'offline', '--user-conf', conf]);
    // uint64(1.1 × 1 s × 50) = 55 samples, sized once: 55 × 10 ms = 0.55 s < 1 s, INVALID (not rerun from the warm-up)
    expect(record.scenario.totals.samples).toBe(55);
    expect(record.scenario.offlineAttempts).toBe(1);
    expect(record.scenario.validity.verdict).toBe('INVALID');
    // the fake workload makes one sample: 256 asked for by the conf, 1 loaded, and the record says why
    expect(record.scenario.sampleSet).toMatchObject({ performanceSampleCount: 256, countSource: `performance_sample_count_override = 256 (${conf}:4)`, loadedSampleCount: 1, cappedBy: 'library-size' });
    const summary = readFileSync(join(dir, 'offline-conf.mlperf', 'mlperf_log_summary.txt'), 'utf8');
    expect(summary).toContain('samples_per_query : 55\ntarget_qps : 50\n');
    expect(summary).toContain(' * Increase expected QPS so the loadgen pre-generates a larger (coalesced) query.\n');
    // the detail log: the QSL's own count (the fake workload's 1) as LoadGen reports it, the count run as effective
    const detail = new Map(readFileSync(join(dir, 'offline-conf.mlperf', 'mlperf_log_detail.txt'), 'utf8').trimEnd().split('\n').map((l) => { const o = JSON.parse(l.replace(/^:::MLLOG /, '')) as { key: string; value: unknown }; return [o.key, o.value]; }));
    expect(detail.get('qsl_reported_performance_count')).toBe(1);
    expect(detail.get('effective_performance_sample_count')).toBe(1);
    expect(detail.get('effective_target_qps')).toBe(50);
    expect(detail.get('effective_samples_per_query')).toBe(55);
  });
});
