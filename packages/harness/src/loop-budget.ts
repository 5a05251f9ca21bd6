/**
 * How long the plain `performance` loop times, per workload. By default the original's batch and at most its 10
 * timed batches, but within a time budget of the workload's (at least 3 timed batches, whatever the budget), stopped
 * early once the mean is known to ±2 % (95 % relative margin of error): the run takes a bounded time on a busy machine
 * and no longer than needed on a quiet one. `--iterations N` times exactly N; `--time-budget S` times until S seconds
 * have passed (at least 3); `--quick` is a first look: batch 1 (unless --batch), 3 to 10 timed batches within 3 s,
 * stopped at ±5 %.
 */
import type { FlagSpecs, TimingPlan } from '@modelbench/core';

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

export interface LoopFlags {
  warmup: number;
  'warmup-ms': number;
  iterations?: number | undefined;
  'time-budget'?: number | undefined;
  quick?: boolean | undefined;
}

/** The timing plan of the plain loop (without --target-rme, which has its own loop). */
export function plainLoopPlan(workload: string, f: LoopFlags): TimingPlan {
  const warm = { warmupIterations: f.warmup, warmupMs: f['warmup-ms'] };
  if (f.iterations !== undefined && f['time-budget'] === undefined) return { ...warm, iterations: f.iterations, timeBudgetMs: undefined, minIterations: f.iterations };
  if (f['time-budget'] !== undefined) {
    return { ...warm, iterations: f.iterations, timeBudgetMs: f['time-budget'] * 1000, minIterations: Math.min(MIN_TIMED_BATCHES, f.iterations ?? MIN_TIMED_BATCHES) };
  }
  const budgetS = f.quick ? QUICK.budgetS : (PLAIN_LOOP_BUDGET_S[workload] ?? DEFAULT_LOOP_BUDGET_S);
  return {
    ...warm,
    iterations: ORIGINAL_ITERATIONS,
    timeBudgetMs: budgetS * 1000,
    minIterations: MIN_TIMED_BATCHES,
    targetRmePercent: f.quick ? QUICK.targetRmePercent : DEFAULT_TARGET_RME_PERCENT,
  };
}
