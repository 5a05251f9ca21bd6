/**
 * The plain loop's `loop` section of the record: how it stopped, what bounded it, how busy the machine was while it
 * ran (loadgen's machine-load check, the one the scenarios use), the session load time, and the efficiency against
 * the GEMM yardstick measured right before and right after the loop (a range: the two sides' best runs).
 */
import type { LoopStopReason, RunRecord, TimingPlan, TimingResult } from '@modelbench/core';
import type { MachineLoad } from '@modelbench/loadgen';
import { plainRmeLimits, type PlainLoopOptions } from './loop-budget.ts';

export type LoopInfo = NonNullable<RunRecord['loop']>;

/** Efficiency against the faster and the slower side's best GEMM run (low, high), or null without both sides. */
export function efficiencyRange(gflopsPerSecond: number | null, gemmBefore: readonly number[], gemmAfter: readonly number[]): LoopInfo['efficiencyRange'] {
  if (gflopsPerSecond === null || gemmBefore.length === 0 || gemmAfter.length === 0) return null;
  const a = Math.max(...gemmBefore);
  const b = Math.max(...gemmAfter);
  return { low: gflopsPerSecond / Math.max(a, b), high: gflopsPerSecond / Math.min(a, b) };
}

/** --target-rme's own loop says it in its words; the record has one vocabulary. */
function rmeStop(t: TimingResult): LoopStopReason | 'max-duration' {
  const r = (t as TimingResult & { rme?: { stopReason: string } }).rme?.stopReason;
  return r === 'target-rme-reached' ? 'rme-target' : r === 'max-iterations' ? 'iterations' : 'max-duration';
}

export interface LoopInfoParts {
  timing: TimingResult;
  rmeLoop: boolean;
  plan: TimingPlan;
  loop: PlainLoopOptions;
  machineLoad: MachineLoad;
  sessionLoadMs: number;
  efficiency: LoopInfo['efficiencyRange'];
}

export function loopInfo(p: LoopInfoParts): LoopInfo {
  const rme = plainRmeLimits(p.loop);
  const load = p.machineLoad;
  return {
    stopReason: p.rmeLoop ? rmeStop(p.timing) : (p.timing.stopReason ?? 'iterations'),
    minIterations: p.rmeLoop ? rme.minIterations : Math.max(1, p.plan.minIterations),
    maxIterations: p.rmeLoop ? (rme.maxIterations ?? null) : (p.plan.iterations ?? null),
    timeBudgetSeconds: p.rmeLoop ? rme.budgetS : p.plan.timeBudgetMs !== undefined ? p.plan.timeBudgetMs / 1000 : null,
    targetRmePercent: p.rmeLoop ? (p.loop.targetRmePercent ?? null) : (p.plan.targetRmePercent ?? null),
    timedSeconds: p.timing.totalTimedMs / 1000,
    othersBusyPercent: load.othersBusyFraction !== undefined ? load.othersBusyFraction * 100 : null,
    loadAverage1m: [load.loadAverageStart, load.loadAverageEnd].filter((x): x is number => x !== undefined),
    sessionLoadMs: p.sessionLoadMs,
    efficiencyRange: p.efficiency,
  };
}
