/**
 * The progress of one run on stderr (core's createProgress: a live line on a terminal, a plain line every ~10 s
 * elsewhere, nothing with --quiet) and the adapters that feed it: the timing loop's stages, a catalogue download.
 * stdout is never touched. The mode runner makes one per run and ends it (`done()`) before its tables print;
 * `endRunProgress()` ends it too when a run fails, so the error line never lands on a half-drawn progress line.
 */
import { createProgress, type Progress, type TimingObserver, type TimingPlan } from '@modelbench/core';
import type { ProgressSink } from '@modelbench/models';
import { ORIGINAL_ITERATIONS, type PlainLoopOptions } from './loop-budget.ts';

let active: Progress | undefined;

/**
 * The run's progress, labelled `<workload> <mode>`. With --quiet, or MODELBENCH_PROGRESS=0 in the environment (as for
 * the download bar), the phases show nothing, but a note (a cached model rebuilt, a download retried) is still a
 * plain stderr line, as it was before progress existed.
 */
export function runProgress(workload: string, mode: string, quiet: boolean | undefined, stream: NodeJS.WriteStream = process.stderr, env: NodeJS.ProcessEnv = process.env): Progress {
  active?.done();
  const p: Progress = quiet || env.MODELBENCH_PROGRESS === '0'
    ? { phase: () => undefined, tick: () => undefined, done: () => undefined, note: (line) => void stream.write(`${line}\n`) }
    : createProgress({ quiet: false, label: `${workload} ${mode}`, stream });
  active = p;
  return p;
}

/** Clears the live line of the run in flight, if any (workload-main calls it after every mode, failed or not). */
export function endRunProgress(): void {
  active?.done();
  active = undefined;
}

/** What bounds the timed loop, for the phase's name: a count, a time budget, or a target RME (then a cap). */
export interface LoopBounds extends Pick<TimingPlan, 'warmupIterations' | 'warmupMs' | 'iterations' | 'timeBudgetMs'> {
  targetRmePercent?: number | undefined;
  /** the plain loop's minimum count under a time budget (its TimingPlan): with it, the count follows the budget */
  minIterations?: number | undefined;
}

/**
 * Pure: how many timed batches a time budget lets the plain loop run, from its mean batch so far. The loop (core's
 * timeLoop) stops at the first count of at least `min` whose elapsed time has reached the budget, and at the cap, so
 * with batches of the mean so far that is max(min, ceil(budget / mean)), at most the cap, never below what ran.
 * Undefined when nothing bounds it (no cap and no time measured yet).
 */
export function budgetedCount(b: { min: number; cap: number | undefined; budgetMs: number }, done: number, elapsedMs: number): number | undefined {
  if (done >= b.min && elapsedMs >= b.budgetMs) return done;
  const byBudget = elapsedMs > 0 ? Math.max(b.min, Math.ceil(b.budgetMs / (elapsedMs / done))) : Infinity;
  const n = b.cap !== undefined ? Math.min(b.cap, byBudget) : byBudget;
  return Number.isFinite(n) ? Math.max(done, n) : undefined;
}

/**
 * The timing loop's stages as phases: `warm-up i of N` (no N when a warm-up time floor makes the count open), then
 * `timed iterations i of N`, or with no count `timed iterations (time budget S s)` / `(until RME ≤ P %)`. Under the
 * plain loop's time budget (bounds with `minIterations`) N is what the budget allows at the batches' pace so far
 * (budgetedCount, updated after each batch, no N before the first), so the ETA is the run's, not the cap's: 3 batches
 * of Mask R-CNN on a busy machine show `1 of 3`, not `1 of 10` with an ETA of nine more.
 */
export function timingObserver(progress: Progress, b: LoopBounds, clock: () => number = () => performance.now()): TimingObserver {
  const budget = b.timeBudgetMs !== undefined && b.minIterations !== undefined ? { min: b.minIterations, cap: b.iterations, budgetMs: b.timeBudgetMs } : undefined;
  let timedStartMs = 0;
  return (stage, done) => {
    if (done > 0) {
      if (stage === 'timed' && budget) progress.retotal?.(budgetedCount(budget, done, clock() - timedStartMs));
      return progress.tick(done);
    }
    if (stage === 'warm-up') return progress.phase('warm-up', b.warmupMs > 0 ? undefined : b.warmupIterations);
    timedStartMs = clock();
    if (budget) {
      const rme = b.targetRmePercent !== undefined ? `until RME ≤ ${b.targetRmePercent} % or ` : '';
      return progress.phase(`timed iterations (${rme}${budget.budgetMs / 1000} s, at least ${budget.min}${budget.cap !== undefined ? `, at most ${budget.cap}` : ''})`);
    }
    const until = b.targetRmePercent !== undefined ? ` (until RME ≤ ${b.targetRmePercent} %)` : b.iterations === undefined ? ` (time budget ${(b.timeBudgetMs ?? 0) / 1000} s)` : '';
    progress.phase(`timed iterations${until}`, b.iterations);
  };
}

/** What bounds the plain loop, from its options (performance's defaults: 10 iterations unless a time budget is given). */
export function plainLoopBounds(o: PlainLoopOptions): LoopBounds {
  const rme = o.targetRmePercent;
  return {
    warmupIterations: o.warmupCalls,
    warmupMs: o.warmupMs,
    iterations: rme !== undefined ? o.iterations : (o.iterations ?? (o.timeBudgetS === undefined ? ORIGINAL_ITERATIONS : undefined)),
    timeBudgetMs: o.timeBudgetS !== undefined ? o.timeBudgetS * 1000 : undefined,
    targetRmePercent: rme,
  };
}

const MB = 1e6;

/** A catalogue download shown as the run's phase, `downloading <file> (MB) i of N`, instead of a bar of its own. */
export function downloadSink(progress: Progress): ProgressSink {
  let receivedBytes = 0;
  return {
    start(info) {
      receivedBytes = 0;
      const leftBytes = info.totalBytes !== undefined ? info.totalBytes - info.resumedFromBytes : undefined;
      const resumed = info.resumedFromBytes > 0 ? `, resumed after ${Math.round(info.resumedFromBytes / MB)} MB` : '';
      progress.phase(`downloading ${info.label} (MB${resumed})`, leftBytes !== undefined && leftBytes > 0 ? Math.ceil(leftBytes / MB) : undefined);
    },
    advance(bytes) {
      receivedBytes += bytes;
      progress.tick(Math.floor(receivedBytes / MB));
    },
    end() {
      /* the next phase replaces the line */
    },
  };
}
