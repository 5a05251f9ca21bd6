/**
 * How long the plain `performance` loop times, per workload. By default the original's batch and at most its 10
 * timed batches, but within a time budget of the workload's (at least 3 timed batches, whatever the budget), stopped
 * early once the mean is known to ±2 % (95 % relative margin of error): the run takes a bounded time on a busy machine
 * and no longer than needed on a quiet one. `--iterations N` times exactly N; `--time-budget S` times until S seconds
 * have passed (at least 3); `--quick` is a first look: batch 1 (unless --batch), 3 to 10 timed batches within 3 s,
 * stopped at ±5 %.
 */
import type { FlagSpecs, TimingPlan } from '@modelbench/core';
import { SCENARIO_DEFAULTS } from '@modelbench/loadgen';

/** Seconds of timed batches per workload by default: the four together, with warm-up, sessions and calibration,
 * fit README command (1) in a few minutes on 2 cores. A workload not listed gets 20 s. */
export const PLAIN_LOOP_BUDGET_S: Readonly<Record<string, number>> = { resnet50: 20, ssd: 20, bert: 30, maskrcnn: 40 };
export const DEFAULT_LOOP_BUDGET_S = 20;
export const ORIGINAL_ITERATIONS = 10;
export const MIN_TIMED_BATCHES = 3;
export const DEFAULT_TARGET_RME_PERCENT = 2;
export const QUICK = { budgetS: 3, targetRmePercent: 5, batch: 1 } as const;

export const loopFlags = {
  quick: { kind: 'boolean', description: `a first look in seconds: batch ${QUICK.batch} (unless --batch), ${MIN_TIMED_BATCHES} to ${ORIGINAL_ITERATIONS} timed batches within ${QUICK.budgetS} s, stopped at ±${QUICK.targetRmePercent} % RME` },
} as const satisfies FlagSpecs;

/** The plain loop's options (performanceOptionsOf makes them of --warmup, --warmup-ms, --iterations, --time-budget,
 * --quick, and — without --scenario — --target-rme, --min-queries and --max-duration). */
export interface PlainLoopOptions {
  warmupCalls: number;
  warmupMs: number;
  iterations?: number | undefined;
  timeBudgetS?: number | undefined;
  quick?: boolean | undefined;
  /** the RME loop (scenario-plain-rme.ts): stop once the 95 % relative margin of error is at most this */
  targetRmePercent?: number | undefined;
  /** the RME loop's least timed batches (--min-queries; default SCENARIO_DEFAULTS.rmeMinQueries, as single-stream's) */
  rmeMinIterations?: number | undefined;
  /** the RME loop's budget (--max-duration; default --time-budget, else SCENARIO_DEFAULTS.rmeMaxDurationS) */
  rmeMaxDurationS?: number | undefined;
}

/** The loop's flags as parsed (what plainLoopOptionsOf reads). */
export interface PlainLoopFlags {
  warmup: number;
  'warmup-ms': number;
  iterations?: number | undefined;
  'time-budget'?: number | undefined;
  quick?: boolean | undefined;
  'target-rme'?: number | undefined;
  'min-queries'?: number | undefined;
  'max-duration'?: number | undefined;
}

/** The plain loop's flags as its options; `rme`: --target-rme, --min-queries and --max-duration are the loop's (no --scenario). */
export function plainLoopOptionsOf(f: PlainLoopFlags, rme: boolean): PlainLoopOptions {
  return {
    warmupCalls: f.warmup,
    warmupMs: f['warmup-ms'],
    iterations: f.iterations,
    timeBudgetS: f['time-budget'],
    quick: f.quick === true,
    ...(rme ? { targetRmePercent: f['target-rme'], rmeMinIterations: f['min-queries'], rmeMaxDurationS: f['max-duration'] } : {}),
  };
}

/** The RME loop's limits, defaults applied (one place: the loop, its progress line and its record read these). */
export function plainRmeLimits(o: PlainLoopOptions): { minIterations: number; maxIterations: number | undefined; budgetS: number } {
  return {
    minIterations: o.rmeMinIterations ?? SCENARIO_DEFAULTS.rmeMinQueries,
    maxIterations: o.iterations,
    budgetS: o.rmeMaxDurationS ?? o.timeBudgetS ?? SCENARIO_DEFAULTS.rmeMaxDurationS,
  };
}

/** The timing plan of the plain loop (without --target-rme, which has its own loop). */
export function plainLoopPlan(workload: string, o: PlainLoopOptions): TimingPlan {
  const warm = { warmupIterations: o.warmupCalls, warmupMs: o.warmupMs };
  if (o.iterations !== undefined && o.timeBudgetS === undefined) return { ...warm, iterations: o.iterations, timeBudgetMs: undefined, minIterations: o.iterations };
  if (o.timeBudgetS !== undefined) {
    return { ...warm, iterations: o.iterations, timeBudgetMs: o.timeBudgetS * 1000, minIterations: Math.min(MIN_TIMED_BATCHES, o.iterations ?? MIN_TIMED_BATCHES) };
  }
  const budgetS = o.quick ? QUICK.budgetS : (PLAIN_LOOP_BUDGET_S[workload] ?? DEFAULT_LOOP_BUDGET_S);
  return {
    ...warm,
    iterations: ORIGINAL_ITERATIONS,
    timeBudgetMs: budgetS * 1000,
    minIterations: MIN_TIMED_BATCHES,
    targetRmePercent: o.quick ? QUICK.targetRmePercent : DEFAULT_TARGET_RME_PERCENT,
  };
}
