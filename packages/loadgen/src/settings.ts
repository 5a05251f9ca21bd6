/**
 * Scenario flags (spread into a workload's `performance` flags) and their resolution into checked settings. Every
 * bad value is a USAGE BenchError (exit 2) naming the problem and the fix; questionable but runnable choices (more
 * instances × threads than cores) become warnings.
 */
import { BenchError, type FlagSpecs } from '@modelbench/core';
import { MLPERF_SEEDS_VERSION, seedsFor, type LoadgenSeeds } from './arrivals.ts';
import { minPassingQueries } from './early-stopping.ts';
import {
  SCENARIOS,
  TARGET_PERCENTILE,
  MLPERF_MULTI_STREAM_SAMPLES_PER_QUERY,
  laptopMinima,
  mlperfMinima,
  mlperfServerBound,
  type ScenarioName,
} from './mlperf-rules.ts';

export const scenarioFlags = {
  scenario: { kind: 'string', value: 'NAME', description: 'MLPerf scenario: single-stream | multi-stream | offline | server (default: the plain timed loop)' },
  'samples-per-query': { kind: 'positiveInt', description: `multi-stream: samples per query (default ${MLPERF_MULTI_STREAM_SAMPLES_PER_QUERY})` },
  instances: { kind: 'string', value: 'N|auto', default: '1', description: 'independent sessions fed from one query queue; auto: cover the physical cores' },
  pin: { kind: 'boolean', description: 'pin each instance to its own cores (child processes under taskset; Linux)' },
  'target-qps': { kind: 'positiveNumber', value: 'QPS', description: 'server: Poisson arrival rate (find-peak: the starting rate)' },
  'latency-bound-ms': { kind: 'positiveNumber', value: 'MS', description: 'server: p99 latency bound (default: MLPerf\'s Server bound for the workload)' },
  'find-peak': { kind: 'boolean', description: 'server: search the highest QPS whose p99 meets the bound (loadgen find-peak)' },
  'find-peak-decimals': { kind: 'int', default: 1, description: 'find-peak: decimals of QPS precision (loadgen server_find_peak_qps_decimals_of_precision)' },
  'min-duration': { kind: 'number', value: 'SECONDS', description: 'minimum run length for a VALID result (default: short laptop minima)' },
  'min-queries': { kind: 'positiveInt', description: 'minimum queries for a VALID result (offline: samples)' },
  'max-duration': { kind: 'positiveNumber', value: 'SECONDS', description: 'stop a run after this long whatever the minima (default: no cap, as loadgen; 60 with --target-rme)' },
  'max-queries': { kind: 'positiveInt', description: 'stop a run after this many queries (loadgen max_query_count; default: no cap)' },
  mlperf: { kind: 'boolean', description: 'MLPerf\'s own minima: 600 s, its query counts (long)' },
  'target-rme': { kind: 'positiveNumber', value: 'PERCENT', description: 'single-stream (or, without --scenario, the plain loop): stop once the 95 % relative margin of error of the mean is below this' },
  'scenario-warmup': { kind: 'int', default: 2, description: 'warm-up calls per instance before a scenario' },
} as const satisfies FlagSpecs;

/** The parsed values of scenarioFlags (what parseCommandLine returns for them). */
export interface ScenarioFlagValues {
  scenario?: string | undefined;
  'samples-per-query'?: number | undefined;
  instances?: string | undefined;
  pin?: boolean | undefined;
  'target-qps'?: number | undefined;
  'latency-bound-ms'?: number | undefined;
  'find-peak'?: boolean | undefined;
  'find-peak-decimals'?: number | undefined;
  'min-duration'?: number | undefined;
  'min-queries'?: number | undefined;
  'max-duration'?: number | undefined;
  'max-queries'?: number | undefined;
  mlperf?: boolean | undefined;
  'target-rme'?: number | undefined;
  'scenario-warmup'?: number | undefined;
}

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

export function parseInstances(raw: string, threads: number | undefined, physicalCores: number): number {
  if (raw === 'auto') return Math.max(1, Math.floor(physicalCores / (threads ?? 1)));
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isInteger(n) || n < 1) {
    throw usage(`--instances must be a whole number of at least 1 or 'auto', got '${raw}'`, 'for example --instances 2, or --instances auto');
  }
  return n;
}

/** Resolves the flags of one scenario run; undefined when no --scenario was given (the harness's plain loop). */
export function resolveScenarioSettings(flags: ScenarioFlagValues, ctx: ScenarioContext): ScenarioSettings | undefined {
  if (flags.scenario === undefined) {
    const named = (['find-peak', 'target-qps', 'latency-bound-ms', 'target-rme', 'samples-per-query', 'pin', 'mlperf', 'min-duration', 'min-queries', 'max-duration', 'max-queries'] as const).filter((f) => flags[f] !== undefined && flags[f] !== false);
    const stray = flags.instances !== undefined && flags.instances !== '1' ? ['instances', ...named] : named;
    if (stray.length > 0) {
      const which = stray[0]!;
      const scenario = which === 'target-rme' ? 'single-stream' : which === 'samples-per-query' ? 'multi-stream' : ['find-peak', 'target-qps', 'latency-bound-ms'].includes(which) ? 'server' : 'NAME';
      throw usage(`--${which} needs a scenario`, `add --scenario ${scenario}`);
    }
    return undefined;
  }
  const scenario = parseScenarioName(flags.scenario);
  const warnings: string[] = [];
  for (const [flag, value] of [['target-qps', flags['target-qps']], ['latency-bound-ms', flags['latency-bound-ms']], ['target-rme', flags['target-rme']]] as const) {
    if (value !== undefined && !(value > 0)) throw usage(`--${flag} must be greater than zero, got ${value}`, `for example --${flag} ${flag === 'target-rme' ? 2 : 10}`);
  }
  if (flags['find-peak'] && scenario !== 'server') throw usage('--find-peak searches the server scenario\'s peak QPS only', 'add --scenario server, or drop --find-peak');
  if (flags['target-rme'] !== undefined && scenario !== 'single-stream') throw usage('--target-rme stops single-stream runs only', 'add --scenario single-stream, or drop --target-rme');
  if (flags['samples-per-query'] !== undefined && scenario !== 'multi-stream') throw usage('--samples-per-query is for --scenario multi-stream', 'drop --samples-per-query');
  if ((flags['target-qps'] !== undefined || flags['latency-bound-ms'] !== undefined) && scenario !== 'server') {
    throw usage(`--${flags['target-qps'] !== undefined ? 'target-qps' : 'latency-bound-ms'} is for --scenario server`, 'add --scenario server, or drop it');
  }
  if (flags['min-duration'] !== undefined && !(flags['min-duration'] >= 0)) throw usage(`--min-duration must be 0 or more seconds, got ${flags['min-duration']}`, 'for example --min-duration 10');

  const physicalCores = Math.max(1, ctx.physicalCores);
  const threadsFlag = ctx.threads;
  const tuned = flags.instances === 'auto' ? ctx.tuned : undefined;
  const instances = tuned?.instances ?? parseInstances(flags.instances ?? '1', threadsFlag, physicalCores);
  const threadsPerInstance = threadsFlag ?? tuned?.threads ?? Math.max(1, Math.floor(physicalCores / instances));
  if (instances * threadsPerInstance > physicalCores) {
    warnings.push(`${instances} instances × ${threadsPerInstance} threads = ${instances * threadsPerInstance} threads on ${physicalCores} physical cores: they will share cores (fewer instances or --threads ${Math.max(1, Math.floor(physicalCores / instances))})`);
  }

  let bound = flags['latency-bound-ms'];
  let boundSource = bound !== undefined ? '--latency-bound-ms' : undefined;
  if (scenario === 'server' && bound === undefined) {
    const mlperf = mlperfServerBound(ctx.workload);
    if (!mlperf) {
      throw usage(`${ctx.workload ?? 'this workload'} has no MLPerf Server latency bound, so ${flags['find-peak'] ? '--find-peak' : '--scenario server'} needs one`, 'give --latency-bound-ms MS');
    }
    bound = mlperf.ms;
    boundSource = mlperf.source;
  }
  if (scenario === 'server' && !flags['find-peak'] && flags['target-qps'] === undefined) {
    throw usage('--scenario server needs an arrival rate', 'give --target-qps QPS, or --find-peak to search it');
  }

  const base = flags.mlperf ? mlperfMinima(scenario, ctx.workload) : laptopMinima(scenario);
  const rme = flags['target-rme'];
  const minDurationMs = flags['min-duration'] !== undefined ? flags['min-duration'] * 1000 : rme !== undefined ? 0 : base.minDurationMs;
  const minQueries = flags['min-queries'] ?? (rme !== undefined ? 10 : base.minQueries);
  const maxDurationSeconds = flags['max-duration'] ?? (rme !== undefined ? 60 : undefined);
  const maxDurationMs = maxDurationSeconds === undefined ? null : maxDurationSeconds * 1000;
  if (maxDurationMs !== null && maxDurationMs < minDurationMs) throw usage(`--max-duration ${maxDurationMs / 1000} s is shorter than the minimum duration ${minDurationMs / 1000} s`, 'raise --max-duration or lower --min-duration');

  if (ctx.seed !== undefined && !(Number.isSafeInteger(ctx.seed) && ctx.seed >= 0)) throw usage(`--seed must be a whole number of 0 or more, got ${ctx.seed}`, 'for example --seed 7 (0, the default, keeps mlperf.conf\'s seeds)');
  const cannot = cannotBeValid(scenario, minQueries, TARGET_PERCENTILE[scenario]);
  if (cannot) warnings.push(cannot);

  const samplesPerQuery = scenario === 'multi-stream' ? (flags['samples-per-query'] ?? MLPERF_MULTI_STREAM_SAMPLES_PER_QUERY) : 1;
  const batch = ctx.batch ?? tuned?.batch ?? (scenario === 'multi-stream' ? Math.ceil(samplesPerQuery / instances) : 1);
  if ((scenario === 'single-stream' || scenario === 'server') && batch !== 1) {
    warnings.push(`${scenario} queries hold one sample; --batch ${batch} is ignored`);
  }
  const decimals = flags['find-peak-decimals'] ?? 1;
  if (decimals < 0 || decimals > 6) throw usage(`--find-peak-decimals must be 0 to 6, got ${decimals}`, 'for example --find-peak-decimals 1');
  const warmup = flags['scenario-warmup'] ?? 2;
  if (warmup < 0) throw usage(`--scenario-warmup must be 0 or more, got ${warmup}`, 'for example --scenario-warmup 2');

  return {
    scenario,
    workload: ctx.workload,
    samplesPerQuery,
    batch: scenario === 'single-stream' || scenario === 'server' ? 1 : batch,
    instances,
    threadsPerInstance,
    pin: flags.pin ?? false,
    instancesOrigin: tuned?.origin ?? (flags.instances === 'auto' ? 'cores rule (physical cores / threads)' : '--instances'),
    minDurationMs,
    minQueries,
    maxDurationMs,
    maxQueryCount: flags['max-queries'] ?? 0,
    percentile: TARGET_PERCENTILE[scenario],
    targetQps: flags['target-qps'],
    latencyBoundMs: scenario === 'server' ? bound : undefined,
    latencyBoundSource: scenario === 'server' ? boundSource : undefined,
    findPeak: flags['find-peak'] ?? false,
    findPeakDecimals: decimals,
    findPeakStep: 1,
    targetRmePercent: rme,
    warmupCalls: warmup,
    sampleCount: Math.max(1, ctx.sampleCount ?? 1),
    seed: ctx.seed ?? 0,
    seeds: seedsFor(ctx.seed),
    seedsSource: ctx.seed === undefined || ctx.seed === 0 ? `mlperf.conf ${MLPERF_SEEDS_VERSION}` : `--seed ${ctx.seed}`,
    minimaSource: flags.mlperf ? 'mlperf' : flags['min-duration'] !== undefined || flags['min-queries'] !== undefined ? 'flags' : 'laptop',
    warnings,
  };
}
