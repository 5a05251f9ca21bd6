/**
 * `performance`'s flags as typed options, made once at the runner's entry (performanceOptionsOf): the shared set-up's
 * (run-options.ts: session, model, precision, adapter), the scenario's (loadgen's ScenarioOptions and the conf files),
 * the plain loop's, and the run's outputs. Only the workload's `prepare` reads the parsed flags (its own ones).
 */
import { BenchError, type ParsedFlags } from '@modelbench/core';
import type { MlperfConfOptions, ScenarioOptions } from '@modelbench/loadgen';
import type { PerformanceFlagSpecs } from '../flags.ts';
import { plainLoopOptionsOf, type PlainLoopOptions } from '../loop-budget.ts';
import { mlperfConfOptionsOf, scenarioOptionsOf } from '../scenario-flags.ts';
import { runOptionsOf, type RunOptions, type SyntheticOptionsSource } from '../run-options.ts';

export interface PerformanceOptions {
  /** the shared set-up's: the session (--backend, --threads, …), the model, the precision, the adapter */
  run: RunOptions;
  /** --batch or --batch-size (undefined: the workload's default, or --quick's) */
  batch?: number | undefined;
  /** the scenario run's options; `scenario.scenario` undefined: the plain loop */
  scenario: ScenarioOptions;
  /** --mlperf-conf, --user-conf, --mlperf-model */
  mlperfConf: MlperfConfOptions;
  /** --mlperf-log-dir (default: beside --json's file) */
  mlperfLogDir?: string | undefined;
  /** the plain loop (--target-rme, --min-queries and --max-duration are its own without --scenario) */
  loop: PlainLoopOptions;
  seed: number;
  jsonPath?: string | undefined;
  markdownPath?: string | undefined;
  quiet: boolean;
  profiling: boolean;
  profileDir: string;
  topOperators: number;
  /** false: --no-calibration */
  calibration: boolean;
}

/**
 * The options of a performance run, the scenario's checked as far as they go without the workload (the scenario name,
 * --instances, a plain-loop --target-rme ≤ 0: USAGE, exit 2). Without --scenario, --target-rme with --min-queries and
 * --max-duration are the plain loop's; with it, the scenario's. A bad --graph-optimization is USAGE too, after those.
 */
export function performanceOptionsOf(f: ParsedFlags<PerformanceFlagSpecs> & { quick?: boolean | undefined }, workload: SyntheticOptionsSource): PerformanceOptions {
  const plainRme = f.scenario === undefined ? f['target-rme'] : undefined;
  if (plainRme !== undefined && !(plainRme > 0)) throw new BenchError('USAGE', `--target-rme must be greater than zero, got ${plainRme}`, { hint: 'for example --target-rme 2' });
  const given = scenarioOptionsOf(f);
  const { targetRmePercent: _rme, minQueries: _min, maxDurationS: _max, ...withoutRme } = given;
  return {
    batch: f.batch ?? f['batch-size'],
    scenario: plainRme === undefined ? given : withoutRme,
    mlperfConf: mlperfConfOptionsOf(f),
    mlperfLogDir: f['mlperf-log-dir'],
    loop: plainLoopOptionsOf(f, plainRme !== undefined),
    seed: f.seed,
    jsonPath: f.json,
    markdownPath: f.markdown,
    quiet: f.quiet === true,
    profiling: f.profiling === true,
    profileDir: f['profile-dir'],
    topOperators: f.top,
    calibration: f['no-calibration'] !== true,
    // last: the scenario's and the loop's options are checked first, as they were before the set-up's
    run: runOptionsOf(f, workload),
  };
}
