/**
 * The mlperf.conf / user.conf merge LoadGen's precedence asks for: the suite's defaults (or the `mlperf` preset; with
 * conf files and no `mlperf`, LoadGen's TestSettings defaults: 10 s, 100 queries), then mlperf.conf, then user.conf,
 * then the options given (the command line's flags). mlperf.conf is `mlperfConfPath`, or — a user.conf given alone —
 * LoadGen's built-in copy, which LoadGen reads before a user.conf (test_settings_internal.cc FromConfig: the first
 * user.conf loads the compiled-in mlperf.conf first). The harness's --mlperf-conf, --user-conf and --mlperf-model
 * give the files (harness/src/scenario-flags.ts).
 */
import { BenchError } from '@modelbench/core';
import { basename, dirname, join } from 'node:path';
import { parseScenarioName, type ScenarioSettings } from './settings.ts';
import type { MlperfConfOptions, ScenarioOptions } from './scenario-options.ts';
import { readMlperfConf } from './mlperf-conf.ts';
import { builtinMlperfConf } from './mlperf-conf-builtin.ts';
import { confSettings, type ConfSettings } from './mlperf-conf-map.ts';

/** LoadGen's TestSettings defaults (test_settings.h, LoadGen 6.0.17) for what a conf may leave unset: min_duration_ms 10000, min_query_count 100. */
export const LOADGEN_TEST_SETTINGS_DEFAULTS = { minDurationS: 10, minQueries: 100 } as const;

/** The scenario options with the conf files' values under the ones given; `conf` is null without conf files. */
export function withMlperfConf<O extends ScenarioOptions>(options: O, files: MlperfConfOptions, workload: string): { options: O; conf: ConfSettings | null } {
  const { mlperfConfPath, userConfPath } = files;
  if (mlperfConfPath === undefined && userConfPath === undefined) return { options, conf: null };
  if (options.scenario === undefined) {
    throw new BenchError('USAGE', `--${mlperfConfPath !== undefined ? 'mlperf-conf' : 'user-conf'} sets a scenario's settings, and no --scenario was given`, { hint: 'add --scenario single-stream | multi-stream | offline | server' });
  }
  const scenario = parseScenarioName(options.scenario);
  const conf = confSettings(
    { mlperf: mlperfConfPath === undefined ? builtinMlperfConf() : readMlperfConf(mlperfConfPath), user: userConfPath === undefined ? undefined : readMlperfConf(userConfPath) },
    files.mlperfModel ?? workload,
    scenario,
  );
  const merged: O = { ...options };
  for (const [k, v] of Object.entries(conf.options) as [keyof ScenarioOptions, unknown][]) if (merged[k] === undefined) (merged as Record<string, unknown>)[k] = v;
  // what neither the files nor the options set is LoadGen's TestSettings default, not the suite's laptop minima: a
  // LoadGen app that reads conf files starts from those (`mlperf` keeps MLPerf's own minima instead)
  if (!options.mlperf) {
    if (merged.minDurationS === undefined) {
      merged.minDurationS = LOADGEN_TEST_SETTINGS_DEFAULTS.minDurationS;
      conf.sources.push(`--min-duration ${LOADGEN_TEST_SETTINGS_DEFAULTS.minDurationS} ← LoadGen's TestSettings default (test_settings.h)`);
    }
    if (merged.minQueries === undefined) {
      merged.minQueries = LOADGEN_TEST_SETTINGS_DEFAULTS.minQueries;
      conf.sources.push(`--min-queries ${LOADGEN_TEST_SETTINGS_DEFAULTS.minQueries} ← LoadGen's TestSettings default (test_settings.h)`);
    }
  }
  return { options: merged, conf };
}

/**
 * What the conf files set beyond the scenario options, applied to resolved settings: the seeds (withConfSeeds), Offline's
 * `target_qps` (LoadGen's offline_expected_qps: the one query is sized from it, offlineQuerySampleCount, instead of
 * from the warm-up) and a non-zero `performance_sample_count_override` (the performance set's size in place of the
 * workload's count, as TestSettingsInternal takes it over the QSL's PerformanceSampleCount); single-/multi-stream
 * `target_latency` (LoadGen's expected latency: the logs' target_qps is its inverse).
 */
export function withConfSettings(settings: ScenarioSettings, conf: ConfSettings, seed: number | undefined): ScenarioSettings {
  const out = { ...withConfSeeds(settings, conf, seed) };
  if (settings.scenario === 'offline' && conf.offlineExpectedQps !== undefined) {
    if (!(conf.offlineExpectedQps >= 0)) {
      // LoadGen logs error_invalid_test_settings and quietly sizes the query at 1 QPS instead
      throw new BenchError('USAGE', `${conf.offlineExpectedQpsWhere}: Offline target_qps ${conf.offlineExpectedQps} is negative`, { hint: 'give the rate the system is expected to reach, e.g. resnet50.Offline.target_qps = 100' });
    }
    out.offlineExpectedQps = conf.offlineExpectedQps;
    out.offlineExpectedQpsSource = `Offline target_qps = ${conf.offlineExpectedQps} (${conf.offlineExpectedQpsWhere})`;
  }
  if (conf.expectedLatencyNs !== undefined && conf.expectedLatencyNs > 0) out.expectedLatencyNs = conf.expectedLatencyNs;
  if (conf.performanceSampleCount !== undefined && conf.performanceSampleCount > 0) {
    out.performanceSampleCountOverride = { count: conf.performanceSampleCount, source: `performance_sample_count_override = ${conf.performanceSampleCount} (${conf.performanceSampleCountWhere})` };
  }
  return out;
}

/** The conf's seeds (mlperf.conf's qsl/sample-index/schedule seeds) in the settings, unless --seed chose others. */
export function withConfSeeds(settings: ScenarioSettings, conf: ConfSettings, seed: number | undefined): ScenarioSettings {
  const c = conf.seeds;
  if ((seed !== undefined && seed !== 0) || (c.qslRngSeed === undefined && c.sampleIndexRngSeed === undefined && c.scheduleRngSeed === undefined)) return settings;
  const seeds = {
    qslRngSeed: String(c.qslRngSeed ?? settings.seeds.qslRngSeed),
    sampleIndexRngSeed: String(c.sampleIndexRngSeed ?? settings.seeds.sampleIndexRngSeed),
    scheduleRngSeed: String(c.scheduleRngSeed ?? settings.seeds.scheduleRngSeed),
  };
  return { ...settings, seeds, seedsSource: conf.sources.filter((x) => x.includes('rng_seed')).join(', ') };
}

/** Where a scenario run's MLPerf logs go: --mlperf-log-dir, else a folder beside --json's file (`run.json` → `run.mlperf/`). */
export function mlperfLogDirOf(logDir: string | undefined, json: string | undefined): string | undefined {
  if (logDir !== undefined) return logDir;
  if (json === undefined) return undefined;
  return join(dirname(json), `${basename(json).replace(/\.(json|jsonl)$/i, '')}.mlperf`);
}
