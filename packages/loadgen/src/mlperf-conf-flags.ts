/**
 * `--mlperf-conf FILE`, `--user-conf FILE`, `--mlperf-model NAME` and `--mlperf-log-dir DIR` (spread into a workload's
 * performance flags beside scenarioFlags), and the merge LoadGen's precedence asks for: the suite's defaults (or the
 * --mlperf preset), then mlperf.conf, then user.conf, then the flags given on the command line.
 */
import { BenchError, type FlagSpecs } from '@modelbench/core';
import { basename, dirname, join } from 'node:path';
import { parseScenarioName, type ScenarioFlagValues, type ScenarioSettings } from './settings.ts';
import { readMlperfConf } from './mlperf-conf.ts';
import { confSettings, type ConfSettings } from './mlperf-conf-map.ts';

export const mlperfFileFlags = {
  'mlperf-conf': { kind: 'string', value: 'FILE', description: "MLPerf's mlperf.conf (LoadGen key syntax: resnet50.Server.target_qps = 10), read first" },
  'user-conf': { kind: 'string', value: 'FILE', description: 'a user.conf in the same syntax, read after --mlperf-conf (its values win; flags given here win over both)' },
  'mlperf-model': { kind: 'string', value: 'NAME', description: "the model name the conf files' keys use (default: the workload id, e.g. resnet50, bert)" },
  'mlperf-log-dir': { kind: 'string', value: 'DIR', description: "where a scenario run writes MLPerf's mlperf_log_summary.txt, _detail.txt, _accuracy.json (default: beside --json's file)" },
} as const satisfies FlagSpecs;

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
    { mlperf: mlperfPath === undefined ? undefined : readMlperfConf(mlperfPath), user: userPath === undefined ? undefined : readMlperfConf(userPath) },
    flags['mlperf-model'] ?? workload,
    scenario,
  );
  const merged = { ...flags } as Record<string, unknown>;
  for (const [k, v] of Object.entries(conf.flags)) if (merged[k] === undefined) merged[k] = v;
  return { flags: merged as F, conf };
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
