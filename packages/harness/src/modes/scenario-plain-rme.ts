/**
 * `performance --target-rme P` without a scenario: the plain timed loop, stopped as soon as the 95 % relative margin
 * of error of the mean batch latency is at most P % (after at least `minIterations`, within `budgetMs`; at most
 * `maxIterations` when --iterations is given too). The rule and the running estimate are loadgen's (rme.ts), the
 * same figure as core's `rme` of the samples.
 */
import { collectGarbage, monotonicMs, timeLoop, warmUp, type Clock, type TimingObserver, type TimingResult } from '@modelbench/core';
import { RunningRme, rmeDecision } from '@modelbench/loadgen';
import { withInterruptGuard } from './scenario-interrupt.ts';
import { ORIGINAL_ITERATIONS, plainRmeLimits, type PlainLoopOptions } from '../loop-budget.ts';

export interface RmeLoopPlan {
  warmupIterations: number;
  warmupMs: number;
  targetPercent: number;
  minIterations: number;
  /** --iterations: a cap */
  maxIterations?: number | undefined;
  budgetMs: number;
}

export interface RmeLoopResult extends TimingResult {
  rme: { targetPercent: number; reached: boolean; percent: number | null; stopReason: 'target-rme-reached' | 'rme-budget-spent' | 'max-iterations' };
}

export async function timeLoopToRme(plan: RmeLoopPlan, run: (iteration: number) => Promise<unknown>, clock: Clock = monotonicMs, observe?: TimingObserver): Promise<RmeLoopResult> {
  const warmupSamplesMs = await warmUp(plan, run, clock, observe);
  const samplesMs: number[] = [];
  observe?.('timed', 0);
  const running = new RunningRme();
  const rule = { targetPercent: plan.targetPercent, minQueries: plan.minIterations, budgetMs: plan.budgetMs };
  const start = clock();
  let stopReason: RmeLoopResult['rme']['stopReason'];
  let reached = false;
  for (;;) {
    const t0 = clock();
    await run(samplesMs.length);
    const t1 = clock();
    samplesMs.push(t1 - t0);
    running.push(t1 - t0);
    observe?.('timed', samplesMs.length);
    const decision = rmeDecision(running.count, running.percent, t1 - start, rule);
    if (decision.stop) {
      reached = decision.reached;
      stopReason = decision.reached ? 'target-rme-reached' : 'rme-budget-spent';
      break;
    }
    if (plan.maxIterations !== undefined && samplesMs.length >= plan.maxIterations) {
      stopReason = 'max-iterations';
      break;
    }
  }
  const totalTimedMs = clock() - start;
  collectGarbage();
  const percent = Number.isFinite(running.percent) ? running.percent : null;
  return { samplesMs, warmupSamplesMs, totalTimedMs, rme: { targetPercent: plan.targetPercent, reached, percent, stopReason } };
}

/**
 * performance's timed loop under the interrupt guard: 10 iterations, or --iterations / --time-budget, as before; with
 * --target-rme, until that precision (the record's RME says what was reached; a warning when it was not).
 */
export async function timePlainLoop(
  o: PlainLoopOptions,
  run: (iteration: number) => Promise<unknown>,
  out: { warnings: string[]; timers: Record<string, number> },
  observe?: TimingObserver,
): Promise<TimingResult> {
  const target = o.targetRmePercent;
  return withInterruptGuard(async () => {
    if (target === undefined) {
      return timeLoop(
        {
          warmupIterations: o.warmupCalls,
          warmupMs: o.warmupMs,
          iterations: o.iterations ?? (o.timeBudgetS === undefined ? ORIGINAL_ITERATIONS : undefined),
          timeBudgetMs: o.timeBudgetS !== undefined ? o.timeBudgetS * 1000 : undefined,
          minIterations: 1,
        },
        run,
        monotonicMs,
        observe,
      );
    }
    const { minIterations, maxIterations, budgetS } = plainRmeLimits(o);
    const budgetMs = budgetS * 1000;
    const t = await timeLoopToRme({ warmupIterations: o.warmupCalls, warmupMs: o.warmupMs, targetPercent: target, minIterations, maxIterations, budgetMs }, run, monotonicMs, observe);
    const r = t.rme;
    // the reached RME is the record's latency.rmePercent (a percentage: not a timer, which the tables print in ms)
    if (!r.reached) {
      const where = r.stopReason === 'max-iterations' ? `--iterations ${o.iterations} reached` : `${budgetMs / 1000} s spent`;
      out.warnings.push(`target RME ${target} % not reached: ${r.percent === null ? 'n/a' : `${r.percent.toFixed(2)} %`} after ${t.samplesMs.length} iterations (${where}); raise --max-duration`);
    }
    return t;
  });
}
