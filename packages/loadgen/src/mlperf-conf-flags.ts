/**
 * `--mlperf-conf FILE`, `--user-conf FILE`, `--mlperf-model NAME` and `--mlperf-log-dir DIR` (spread into a workload's
 * performance flags beside scenarioFlags), and the merge LoadGen's precedence asks for: the suite's defaults (or the
 * --mlperf preset; with conf files and no --mlperf, LoadGen's TestSettings defaults: 10 s, 100 queries), then
 * mlperf.conf, then user.conf, then the flags given on the command line. mlperf.conf is
 * `--mlperf-conf FILE`, or — `--user-conf` given alone — LoadGen's built-in copy, which LoadGen reads before a
 * user.conf (test_settings_internal.cc FromConfig: the first user.conf loads the compiled-in mlperf.conf first).
 */
import { BenchError, type FlagSpecs } from '@modelbench/core';
import { basename, dirname, join } from 'node:path';
import { parseScenarioName, type ScenarioFlagValues, type ScenarioSettings } from './settings.ts';
import { readMlperfConf } from './mlperf-conf.ts';
import { builtinMlperfConf } from './mlperf-conf-builtin.ts';
import { confSettings, type ConfSettings } from './mlperf-conf-map.ts';

export const mlperfFileFlags = {
  'mlperf-conf': { kind: 'string', value: 'FILE', description: "MLPerf's mlperf.conf (LoadGen key syntax: resnet50.Server.target_qps = 10), read first (instead of LoadGen's built-in copy)" },
  'user-conf': { kind: 'string', value: 'FILE', description: "a user.conf in the same syntax, read after mlperf.conf (--mlperf-conf, else LoadGen's built-in one); its values win, flags given here win over both" },
  'mlperf-model': { kind: 'string', value: 'NAME', description: "the model name the conf files' keys use (default: the workload id, e.g. resnet50, bert)" },
  'mlperf-log-dir': { kind: 'string', value: 'DIR', description: "where a scenario run writes MLPerf's mlperf_log_summary.txt, _detail.txt, _accuracy.json (default: beside --json's file)" },
} as const satisfies FlagSpecs;

/** LoadGen's TestSettings defaults (test_settings.h, LoadGen 6.0.17) for what a conf may leave unset: min_duration_ms 10000, min_query_count 100. */
export const LOADGEN_TEST_SETTINGS_DEFAULTS = { 'min-duration': 10, 'min-queries': 100 } as const;

export interface MlperfFileFlagValues {
  'mlperf-conf'?: string | undefined;
  'user-conf'?: string | undefined;
  'mlperf-model'?: string | undefined;
  'mlperf-log-dir'?: string | undefined;
}

/** The scenario flags with the conf files' values under the command line's; `conf` is null without conf files. */
export function withMlperfConf<F extends ScenarioFlagValues & MlperfFileFlagValues>(flags: F, workload: string): { flags: F; conf: ConfSettings | null } {
  const mlperfPath = flags['mlperf-conf'];
  const userPath = flags['user-conf'];
  if (mlperfPath === undefined && userPath === undefined) return { flags, conf: null };
  if (flags.scenario === undefined) {
    throw new BenchError('USAGE', `--${mlperfPath !== undefined ? 'mlperf-conf' : 'user-conf'} sets a scenario's settings, and no --scenario was given`, { hint: 'add --scenario single-stream | multi-stream | offline | server' });
  }
  const scenario = parseScenarioName(flags.scenario);
  const conf = confSettings(
    { mlperf: mlperfPath === undefined ? builtinMlperfConf() : readMlperfConf(mlperfPath), user: userPath === undefined ? undefined : readMlperfConf(userPath) },
    flags['mlperf-model'] ?? workload,
    scenario,
  );
  const merged = { ...flags } as Record<string, unknown>;
  for (const [k, v] of Object.entries(conf.flags)) if (merged[k] === undefined) merged[k] = v;
  // what neither the files nor the command line set is LoadGen's TestSettings default, not the suite's laptop
  // minima: a LoadGen app that reads conf files starts from those (--mlperf keeps MLPerf's own minima instead)
  if (!flags.mlperf) {
    for (const [k, v] of Object.entries(LOADGEN_TEST_SETTINGS_DEFAULTS)) {
      if (merged[k] === undefined) {
        merged[k] = v;
        conf.sources.push(`--${k} ${v} ← LoadGen's TestSettings default (test_settings.h)`);
      }
    }
  }
  return { flags: merged as F, conf };
}

/**
 * What the conf files set beyond the flags, applied to resolved settings: the seeds (withConfSeeds), Offline's
 * `target_qps` (LoadGen's offline_expected_qps: the one query is sized from it, offlineQuerySampleCount, instead of
 * from the warm-up) and a non-zero `performance_sample_count_override` (the performance set's size in place of the
 * workload's count, as TestSettingsInternal takes it over the QSL's PerformanceSampleCount); single-/multi-stream
 * `target_latency` (LoadGen's expected latency: the logs' target_qps is its inverse).
 */
export function withConfSettings(settings: ScenarioSettings, conf: ConfSettings, seedFlag: number | undefined): ScenarioSettings {
  const out = { ...withConfSeeds(settings, conf, seedFlag) };
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
export function withConfSeeds(settings: ScenarioSettings, conf: ConfSettings, seedFlag: number | undefined): ScenarioSettings {
  const c = conf.seeds;
  if ((seedFlag !== undefined && seedFlag !== 0) || (c.qslRngSeed === undefined && c.sampleIndexRngSeed === undefined && c.scheduleRngSeed === undefined)) return settings;
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
