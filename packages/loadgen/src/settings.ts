/**
 * A scenario run's options (scenario-options.ts) resolved into checked settings. Every bad value is a USAGE BenchError
 * (exit 2) naming the problem and the fix, in the words of the harness's flags (--target-qps…), which is how a user
 * gives them; questionable but runnable choices (more instances × threads than cores) become warnings.
 */
import { BenchError } from '@modelbench/core';
import { MLPERF_SEEDS_VERSION, seedsFor, type LoadgenSeeds } from './arrivals.ts';
import { minPassingQueries } from './early-stopping.ts';
import { SCENARIO_DEFAULTS, type ScenarioOptions } from './scenario-options.ts';
import {
  SCENARIOS,
  TARGET_PERCENTILE,
  laptopMinima,
  mlperfMinima,
  mlperfServerBound,
  type ScenarioName,
} from './mlperf-rules.ts';

export interface ScenarioContext {
  /** the workload id, for MLPerf's per-workload minima and Server bound */
  workload?: string | undefined;
  /** samples per executor call (the harness's --batch); default 1, multi-stream the whole query */
  batch?: number | undefined;
  /** --threads: intra-op threads per instance (default: physical cores / instances) */
  threads?: number | undefined;
  physicalCores: number;
  /** distinct samples the executors hold (the performance set) */
  sampleCount?: number | undefined;
  seed?: number | undefined;
  /** what `--instances auto` takes instead of the cores rule: a saved `tune` result (the harness reads it) */
  tuned?: { instances: number; threads: number; batch?: number | undefined; origin: string } | undefined;
}

export interface ScenarioSettings {
  scenario: ScenarioName;
  workload?: string | undefined;
  samplesPerQuery: number;
  batch: number;
  instances: number;
  threadsPerInstance: number;
  pin: boolean;
  /** where the instances × threads came from: '--instances', the cores rule, or a tune result (its date and file) */
  instancesOrigin?: string | undefined;
  minDurationMs: number;
  minQueries: number;
  /** null: no cap (loadgen's max_duration 0, the default) */
  maxDurationMs: number | null;
  /** loadgen max_query_count: 0 is no cap */
  maxQueryCount: number;
  /** loadgen's target percentile for the scenario */
  percentile: number;
  targetQps?: number | undefined;
  latencyBoundMs?: number | undefined;
  latencyBoundSource?: string | undefined;
  findPeak: boolean;
  /** loadgen server_find_peak_qps_decimals_of_precision */
  findPeakDecimals: number;
  /** loadgen server_find_peak_qps_boundary_step_size */
  findPeakStep: number;
  targetRmePercent?: number | undefined;
  warmupCalls: number;
  sampleCount: number;
  /** the --seed given (0: none) */
  seed: number;
  /** loadgen's qsl / sample index / schedule seeds: mlperf.conf's, or derived from --seed */
  seeds: LoadgenSeeds;
  /** where the seeds came from */
  seedsSource: string;
  minimaSource: 'mlperf' | 'laptop' | 'flags';
  /**
   * Offline: LoadGen's offline_expected_qps, from a conf file's Offline `target_qps`: the one query is then sized
   * from it (offlineQuerySampleCount) as LoadGen sizes it, once, instead of from the warm-up's rate
   */
  offlineExpectedQps?: number | undefined;
  offlineExpectedQpsSource?: string | undefined;
  /** single-/multi-stream: a conf file's target_latency as LoadGen's expected latency, ns (the logs' target_qps = 10⁹ / it) */
  expectedLatencyNs?: number | undefined;
  /** a conf file's non-zero performance_sample_count_override: the performance set's size in place of the workload's */
  performanceSampleCountOverride?: { count: number; source: string } | undefined;
  warnings: string[];
}

const usage = (message: string, hint: string): BenchError => new BenchError('USAGE', message, { hint });

/**
 * Said before a run: minima under which loadgen's early stopping can never pass, so the run cannot be VALID —
 * single-/multi-stream need minPassing(1, p) + 1 queries for an estimate (64 for p90, 662 for p99), server
 * minPassing(0, p) (459 at p99) with no query over the bound.
 */
export function cannotBeValid(scenario: ScenarioName, minQueries: number, percentile: number): string | undefined {
  if (scenario === 'offline') return undefined;
  const needed = scenario === 'server' ? minPassingQueries(0, percentile) : minPassingQueries(1, percentile) + 1;
  if (minQueries >= needed) return undefined;
  const what = scenario === 'server' ? `a server run needs at least ${needed} queries (none over the bound)` : `the p${percentile * 100} estimate needs at least ${needed} queries`;
  return `this run cannot be VALID unless it runs past its minimum: loadgen's early stopping ${what}, and the minimum is ${minQueries} queries (give --min-queries ${needed} or more)`;
}

export function parseScenarioName(raw: string): ScenarioName {
  if ((SCENARIOS as readonly string[]).includes(raw)) return raw as ScenarioName;
  throw usage(`unknown scenario '${raw}'`, `use --scenario ${SCENARIOS.join(' | ')}`);
}

/** `--instances N|auto` as given: a whole number of at least 1, or 'auto'. */
export function parseInstanceCount(raw: string): number | 'auto' {
  if (raw === 'auto') return 'auto';
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isInteger(n) || n < 1) throw badInstances(raw);
  return n;
}

const badInstances = (raw: string): BenchError => usage(`--instances must be a whole number of at least 1 or 'auto', got '${raw}'`, 'for example --instances 2, or --instances auto');

/** The instance count: 'auto' covers the physical cores at `threads` each. */
export function instanceCountOf(instances: number | 'auto', threads: number | undefined, physicalCores: number): number {
  if (instances === 'auto') return Math.max(1, Math.floor(physicalCores / (threads ?? 1)));
  if (!Number.isInteger(instances) || instances < 1) throw badInstances(String(instances));
  return instances;
}

/** The options that need a scenario, in the order their absence is reported, with the flag that gives each. */
const NEEDS_SCENARIO = [
  ['findPeak', 'find-peak'],
  ['targetQps', 'target-qps'],
  ['latencyBoundMs', 'latency-bound-ms'],
  ['targetRmePercent', 'target-rme'],
  ['samplesPerQuery', 'samples-per-query'],
  ['pin', 'pin'],
  ['mlperf', 'mlperf'],
  ['minDurationS', 'min-duration'],
  ['minQueries', 'min-queries'],
  ['maxDurationS', 'max-duration'],
  ['maxQueries', 'max-queries'],
] as const satisfies readonly (readonly [keyof ScenarioOptions, string])[];

/** Resolves the options of one scenario run; undefined when no scenario is asked for (the harness's plain loop). */
export function resolveScenarioSettings(o: ScenarioOptions, ctx: ScenarioContext): ScenarioSettings | undefined {
  if (o.scenario === undefined) {
    const named = NEEDS_SCENARIO.filter(([k]) => o[k] !== undefined && o[k] !== false).map(([, flag]) => flag);
    const stray: string[] = o.instances !== undefined && o.instances !== SCENARIO_DEFAULTS.instances ? ['instances', ...named] : named;
    if (stray.length > 0) {
      const which = stray[0]!;
      const scenario = which === 'target-rme' ? 'single-stream' : which === 'samples-per-query' ? 'multi-stream' : ['find-peak', 'target-qps', 'latency-bound-ms'].includes(which) ? 'server' : 'NAME';
      throw usage(`--${which} needs a scenario`, `add --scenario ${scenario}`);
    }
    return undefined;
  }
  const scenario = parseScenarioName(o.scenario);
  const warnings: string[] = [];
  for (const [flag, value] of [['target-qps', o.targetQps], ['latency-bound-ms', o.latencyBoundMs], ['target-rme', o.targetRmePercent]] as const) {
    if (value !== undefined && !(value > 0)) throw usage(`--${flag} must be greater than zero, got ${value}`, `for example --${flag} ${flag === 'target-rme' ? 2 : 10}`);
  }
  if (o.findPeak && scenario !== 'server') throw usage('--find-peak searches the server scenario\'s peak QPS only', 'add --scenario server, or drop --find-peak');
  if (o.targetRmePercent !== undefined && scenario !== 'single-stream') throw usage('--target-rme stops single-stream runs only', 'add --scenario single-stream, or drop --target-rme');
  if (o.samplesPerQuery !== undefined && scenario !== 'multi-stream') throw usage('--samples-per-query is for --scenario multi-stream', 'drop --samples-per-query');
  if ((o.targetQps !== undefined || o.latencyBoundMs !== undefined) && scenario !== 'server') {
    throw usage(`--${o.targetQps !== undefined ? 'target-qps' : 'latency-bound-ms'} is for --scenario server`, 'add --scenario server, or drop it');
  }
  if (o.minDurationS !== undefined && !(o.minDurationS >= 0)) throw usage(`--min-duration must be 0 or more seconds, got ${o.minDurationS}`, 'for example --min-duration 10');

  const physicalCores = Math.max(1, ctx.physicalCores);
  const threadsFlag = ctx.threads;
  const tuned = o.instances === 'auto' ? ctx.tuned : undefined;
  const instances = tuned?.instances ?? instanceCountOf(o.instances ?? SCENARIO_DEFAULTS.instances, threadsFlag, physicalCores);
  const threadsPerInstance = threadsFlag ?? tuned?.threads ?? Math.max(1, Math.floor(physicalCores / instances));
  if (instances * threadsPerInstance > physicalCores) {
    warnings.push(`${instances} instances × ${threadsPerInstance} threads = ${instances * threadsPerInstance} threads on ${physicalCores} physical cores: they will share cores (fewer instances or --threads ${Math.max(1, Math.floor(physicalCores / instances))})`);
  }

  let bound = o.latencyBoundMs;
  let boundSource = bound !== undefined ? '--latency-bound-ms' : undefined;
  if (scenario === 'server' && bound === undefined) {
    const mlperf = mlperfServerBound(ctx.workload);
    if (!mlperf) {
      throw usage(`${ctx.workload ?? 'this workload'} has no MLPerf Server latency bound, so ${o.findPeak ? '--find-peak' : '--scenario server'} needs one`, 'give --latency-bound-ms MS');
    }
    bound = mlperf.ms;
    boundSource = mlperf.source;
  }
  if (scenario === 'server' && !o.findPeak && o.targetQps === undefined) {
    throw usage('--scenario server needs an arrival rate', 'give --target-qps QPS, or --find-peak to search it');
  }

  const base = o.mlperf ? mlperfMinima(scenario, ctx.workload) : laptopMinima(scenario);
  const rme = o.targetRmePercent;
  const minDurationMs = o.minDurationS !== undefined ? o.minDurationS * 1000 : rme !== undefined ? SCENARIO_DEFAULTS.rmeMinDurationS * 1000 : base.minDurationMs;
  const minQueries = o.minQueries ?? (rme !== undefined ? SCENARIO_DEFAULTS.rmeMinQueries : base.minQueries);
  const maxDurationSeconds = o.maxDurationS ?? (rme !== undefined ? SCENARIO_DEFAULTS.rmeMaxDurationS : undefined);
  const maxDurationMs = maxDurationSeconds === undefined ? null : maxDurationSeconds * 1000;
  if (maxDurationMs !== null && maxDurationMs < minDurationMs) throw usage(`--max-duration ${maxDurationMs / 1000} s is shorter than the minimum duration ${minDurationMs / 1000} s`, 'raise --max-duration or lower --min-duration');

  if (ctx.seed !== undefined && !(Number.isSafeInteger(ctx.seed) && ctx.seed >= 0)) throw usage(`--seed must be a whole number of 0 or more, got ${ctx.seed}`, 'for example --seed 7 (0, the default, keeps mlperf.conf\'s seeds)');
  const cannot = cannotBeValid(scenario, minQueries, TARGET_PERCENTILE[scenario]);
  if (cannot) warnings.push(cannot);

  const samplesPerQuery = scenario === 'multi-stream' ? (o.samplesPerQuery ?? SCENARIO_DEFAULTS.samplesPerQuery) : 1;
  const batch = ctx.batch ?? tuned?.batch ?? (scenario === 'multi-stream' ? Math.ceil(samplesPerQuery / instances) : 1);
  if ((scenario === 'single-stream' || scenario === 'server') && batch !== 1) {
    warnings.push(`${scenario} queries hold one sample; --batch ${batch} is ignored`);
  }
  const decimals = o.findPeakDecimals ?? SCENARIO_DEFAULTS.findPeakDecimals;
  if (decimals < 0 || decimals > 6) throw usage(`--find-peak-decimals must be 0 to 6, got ${decimals}`, 'for example --find-peak-decimals 1');
  const warmup = o.warmupCalls ?? SCENARIO_DEFAULTS.warmupCalls;
  if (warmup < 0) throw usage(`--scenario-warmup must be 0 or more, got ${warmup}`, 'for example --scenario-warmup 2');

  return {
    scenario,
    workload: ctx.workload,
    samplesPerQuery,
    batch: scenario === 'single-stream' || scenario === 'server' ? 1 : batch,
    instances,
    threadsPerInstance,
    pin: o.pin ?? SCENARIO_DEFAULTS.pin,
    instancesOrigin: tuned?.origin ?? (o.instances === 'auto' ? 'cores rule (physical cores / threads)' : '--instances'),
    minDurationMs,
    minQueries,
    maxDurationMs,
    maxQueryCount: o.maxQueries ?? SCENARIO_DEFAULTS.maxQueries,
    percentile: TARGET_PERCENTILE[scenario],
    targetQps: o.targetQps,
    latencyBoundMs: scenario === 'server' ? bound : undefined,
    latencyBoundSource: scenario === 'server' ? boundSource : undefined,
    findPeak: o.findPeak ?? SCENARIO_DEFAULTS.findPeak,
    findPeakDecimals: decimals,
    findPeakStep: SCENARIO_DEFAULTS.findPeakStep,
    targetRmePercent: rme,
    warmupCalls: warmup,
    sampleCount: Math.max(1, ctx.sampleCount ?? 1),
    seed: ctx.seed ?? 0,
    seeds: seedsFor(ctx.seed),
    seedsSource: ctx.seed === undefined || ctx.seed === 0 ? `mlperf.conf ${MLPERF_SEEDS_VERSION}` : `--seed ${ctx.seed}`,
    minimaSource: o.mlperf ? 'mlperf' : o.minDurationS !== undefined || o.minQueries !== undefined ? 'flags' : 'laptop',
    warnings,
  };
}
