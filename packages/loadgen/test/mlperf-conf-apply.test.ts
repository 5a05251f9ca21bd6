/**
 * `--user-conf` alone reads LoadGen's built-in mlperf.conf first, and what a conf sets is applied as LoadGen applies
 * it: checked against the settings MLPerf LoadGen itself made of the same user.conf (fixtures/mlperf-conf/README.md),
 * and Offline target_qps run on a fake clock.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BenchError } from '@modelbench/core';
import { FakeClock } from '../src/clock.ts';
import { fakeExecutorFactory } from '../src/executor.ts';
import { builtinMlperfConf, BUILTIN_MLPERF_CONF_TEXT } from '../src/mlperf-conf-builtin.ts';
import { withConfSettings, withMlperfConf } from '../src/mlperf-conf-merge.ts';
import { confSettings } from '../src/mlperf-conf-map.ts';
import { parseMlperfConf } from '../src/mlperf-conf.ts';
import { offlineQuerySampleCount, type ScenarioName } from '../src/mlperf-rules.ts';
import { mlperfRunOf } from '../src/mlperf-log/run.ts';
import type { ScenarioResult } from '../src/report.ts';
import { runScenario } from '../src/run-scenario.ts';
import { resolveScenarioSettings, type ScenarioSettings } from '../src/settings.ts';
import type { MlperfConfOptions, ScenarioOptions } from '../src/scenario-options.ts';
import { settingsFrom } from './helpers.ts';

const DIR = join(import.meta.dirname, 'fixtures', 'mlperf-conf');
const USER_CONF = join(DIR, 'laptop-user.conf');
const LOADGEN = JSON.parse(readFileSync(join(DIR, 'laptop-user.loadgen.json'), 'utf8')) as { effective: Record<string, Record<string, string>> };
const LOADGEN_NAME: Record<ScenarioName, string> = { 'single-stream': 'SingleStream', 'multi-stream': 'MultiStream', server: 'Server', offline: 'Offline' };

/** Just what mlperfRunOf reads of a result for the test parameters (the run's figures are not needed here). */
function fakeResult(s: ScenarioSettings): ScenarioResult {
  const { warnings: _w, ...settings } = s;
  return { scenario: s.scenario, settings, totals: { queries: 0, samples: 0, durationMs: 0, samplesPerSecond: 0 }, validity: { checks: {} }, warnings: [] } as unknown as ScenarioResult;
}

/** What the harness does with the options of its flags (harness/src/modes/scenario.ts scenarioSettingsOf). */
function confd(options: ScenarioOptions, files: MlperfConfOptions, seed?: number): ScenarioSettings {
  const { options: merged, conf } = withMlperfConf(options, files, 'resnet50');
  const s = resolveScenarioSettings(merged, { workload: 'resnet50', physicalCores: 4, sampleCount: 1024 })!;
  return conf ? withConfSettings(s, conf, seed) : s;
}

describe("--user-conf alone: LoadGen's built-in mlperf.conf first, then user.conf (LoadGen 6.0.17's effective settings)", () => {
  for (const scenario of ['single-stream', 'multi-stream', 'server', 'offline'] as const) {
    it(`${scenario}: the durations, counts, rate, bound, seeds and performance sample count LoadGen made of the same conf`, () => {
      const lg = LOADGEN.effective[LOADGEN_NAME[scenario]]!;
      expect(lg.rc).toBe('0');
      const s = confd({ scenario }, { userConfPath: USER_CONF });
      expect(s.minDurationMs).toBe(Number(lg.min_duration_ms));
      expect(s.maxDurationMs ?? 0).toBe(Number(lg.max_duration_ms));
      expect(s.maxQueryCount).toBe(Number(lg.max_query_count));
      expect(s.percentile).toBe(Number(lg.target_latency_percentile));
      expect(s.seeds).toEqual({ qslRngSeed: lg.qsl_rng_seed, sampleIndexRngSeed: lg.sample_index_rng_seed, scheduleRngSeed: lg.schedule_rng_seed });
      expect(s.performanceSampleCountOverride?.count).toBe(Number(lg.performance_sample_count));
      if (scenario === 'offline') {
        // LoadGen's one query: samples_per_query (its min_query_count becomes 1)
        expect(s.offlineExpectedQps).toBe(Number(lg.target_qps));
        expect(offlineQuerySampleCount(s.minDurationMs, s.offlineExpectedQps!, s.minQueries)).toBe(Number(lg.samples_per_query));
      } else {
        expect(s.minQueries).toBe(Number(lg.min_query_count));
        expect(s.samplesPerQuery).toBe(Number(lg.samples_per_query));
      }
      if (scenario === 'single-stream' || scenario === 'multi-stream') {
        // the built-in *.SingleStream.target_latency = 10 / *.MultiStream.target_latency = 80: LoadGen's expected latency
        expect(mlperfRunOf(fakeResult(s), 'sut').params.targetQps).toBe(Number(lg.target_qps));
      }
      if (scenario === 'server') {
        expect(s.targetQps).toBe(Number(lg.target_qps));
        expect(s.latencyBoundMs! * 1e6).toBe(Number(lg.target_latency_ns));
      }
    });
  }

  it('says where each value came from: the built-in file by its own line numbers, user.conf by its', () => {
    const { conf } = withMlperfConf({ scenario: 'server' }, { userConfPath: USER_CONF }, 'resnet50');
    expect(conf!.sources).toContain(`--latency-bound-ms 15 ← built-in mlperf.conf:${BUILTIN_MLPERF_CONF_TEXT.split('\n').indexOf('resnet50.Server.target_latency = 15') + 1}`);
    expect(conf!.sources).toContain(`--min-duration 30 ← ${USER_CONF}:7`);
    expect(confd({ scenario: 'server' }, { userConfPath: USER_CONF }).seedsSource).toContain('built-in mlperf.conf:');
  });

  it('--mlperf-conf FILE takes the built-in copy\'s place (its values, not the built-in ones)', () => {
    const own = join(DIR, 'mlperf.conf');
    const s = confd({ scenario: 'server' }, { mlperfConfPath: own, userConfPath: USER_CONF });
    expect(s.latencyBoundMs).toBe(15);
    const { conf } = withMlperfConf({ scenario: 'server' }, { mlperfConfPath: own, userConfPath: USER_CONF }, 'resnet50');
    expect(conf!.sources.some((x) => x.includes('built-in'))).toBe(false);
    expect(conf!.sources).toContain(`--latency-bound-ms 15 ← ${own}:55`);
  });

  it('the built-in copy is the whole of LoadGen\'s file and every key in it is one LoadGen reads', () => {
    const f = builtinMlperfConf();
    expect(f.values.get('*.*.schedule_rng_seed')?.text).toBe('16159082839903944936');
    expect(f.values.get('*.Offline.target_qps')?.text).toBe('1.0');
    expect(f.values.get('llama2-70b.Server.ttft_latency')?.text).toBe('2000');
    expect(() => confSettings({ mlperf: f }, 'resnet50', 'offline')).not.toThrow();
    // an LLM's token latencies in the built-in file: refused for that model, as the fixture excerpt cannot show
    expect(() => confSettings({ mlperf: f }, 'llama2-70b', 'server')).toThrow(/use_token_latencies = 1 applies to llama2-70b/);
  });
});

describe("Offline target_qps is LoadGen's offline_expected_qps", () => {
  it('the query is uint64(1.1 × min duration s × QPS) samples, truncated, and at least min_query_count', () => {
    // 1.1 × 60 × 12.3 = 811.8 → 811 (LoadGen: 811, laptop-user.loadgen.json)
    expect(offlineQuerySampleCount(60_000, 12.3, 100)).toBe(811);
    expect(offlineQuerySampleCount(60_000, 12.3, 1000)).toBe(1000);
    // the built-in mlperf.conf alone: 1.0 QPS over 600 s is 660 samples, so resnet50's 24,576 minimum rules
    expect(offlineQuerySampleCount(600_000, 1, 24576)).toBe(24576);
    expect(offlineQuerySampleCount(1_000, 0, 7)).toBe(7);
  });

  it('a run is sized from it once, not from the warm-up, and not rerun when it ends short', async () => {
    const clock = new FakeClock();
    const conf = parseMlperfConf('*.Offline.target_qps = 20\n*.Offline.min_duration = 1000\n*.Offline.min_query_count = 5\n', 'user.conf');
    const base = settingsFrom(['--scenario', 'offline', '--scenario-warmup', '2']);
    const s = withConfSettings(base, confSettings({ user: conf }, 'resnet50', 'offline'), undefined);
    expect(s.offlineExpectedQpsSource).toBe('Offline target_qps = 20 (user.conf:1)');
    // 10 ms a sample: the warm-up would say 100 samples/s (110 samples); the conf's 20 QPS says floor(1.1 × 1 × 20) = 22
    const r = await runScenario({ ...s, minDurationMs: 1000, minQueries: 5 }, fakeExecutorFactory(clock, () => 10), { clock, machineLoad: false });
    expect(r.totals.samples).toBe(22);
    expect(r.offlineExpectedQps).toBe(20);
    expect(r.offlineAttempts).toBe(1);
    // 22 samples × 10 ms = 220 ms < 1 s: INVALID with LoadGen's advice, as LoadGen would end it
    expect(r.validity.verdict).toBe('INVALID');
    expect(r.validity.loadgenReasons).toContain('Increase expected QPS so the loadgen pre-generates a larger (coalesced) query.');
  });

  it('a negative rate is refused (LoadGen logs an error and quietly uses 1)', () => {
    const conf = confSettings({ user: parseMlperfConf('*.Offline.target_qps = -5', 'user.conf') }, 'resnet50', 'offline');
    const base = settingsFrom(['--scenario', 'offline']);
    try {
      withConfSettings(base, conf, undefined);
      throw new Error('expected a USAGE error');
    } catch (e) {
      expect(e).toBeInstanceOf(BenchError);
      expect((e as BenchError).message).toBe('user.conf:1: Offline target_qps -5 is negative');
    }
  });

  it("performance_sample_count_override 0 keeps the workload's count (LoadGen: 0 is no override)", () => {
    const conf = confSettings({ user: parseMlperfConf('resnet50.*.performance_sample_count_override = 0', 'user.conf') }, 'resnet50', 'server');
    const s = withConfSettings(settingsFrom(['--scenario', 'server', '--target-qps', '5']), conf, undefined);
    expect(s.performanceSampleCountOverride).toBeUndefined();
  });
});

describe("a conf's mode (LoadGen's TestMode)", () => {
  const conf = (text: string, scenario: ScenarioName) => confSettings({ user: parseMlperfConf(text, 'user.conf') }, 'resnet50', scenario);
  it('3, FindPeakPerformance, is --find-peak for the Server scenario; 2, PerformanceOnly, changes nothing', () => {
    expect(conf('*.Server.mode = 3', 'server').options).toEqual({ findPeak: true });
    expect(conf('*.*.mode = 2', 'server').options).toEqual({});
  });
  it('an accuracy mode, FindPeak elsewhere or an unknown mode: one line naming it and the fix', () => {
    expect(() => conf('*.*.mode = 1', 'offline')).toThrow('user.conf:1: mode = 1 (AccuracyOnly) asks for an accuracy run; this is performance');
    expect(() => conf('*.*.mode = 3', 'offline')).toThrow('user.conf:1: mode = 3 (FindPeakPerformance): LoadGen finds a peak for the Server scenario only, this is Offline');
    expect(() => conf('*.*.mode = 7', 'server')).toThrow("user.conf:1: mode = 7 is none of LoadGen's test modes");
  });
});

describe('Server keys the suite does not do are refused, not ignored', () => {
  it('max_async_queries and coalesce_queries other than 0', () => {
    const conf = (text: string) => confSettings({ user: parseMlperfConf(text, 'user.conf') }, 'resnet50', 'server');
    expect(() => conf('*.Server.max_async_queries = 4')).toThrow('user.conf:1: max_async_queries = 4: this suite issues each server query when it is due, without a limit on queries in flight');
    expect(() => conf('*.Server.coalesce_queries = 1')).toThrow('user.conf:1: coalesce_queries = 1: this suite issues each server query when it is due, without coalescing queries');
    expect(conf('*.Server.max_async_queries = 0\n*.Server.coalesce_queries = 0').options).toEqual({});
  });
});
