/**
 * The timing loop. Warm-up by count and/or time, then timed iterations by count and/or time budget, stopped early
 * once the mean is known to a target relative margin of error. Only `run` is timed, with the monotonic clock; `gc`
 * (when Node runs with --expose-gc) is called between phases, never inside one. An optional observer hears of each
 * stage and call (a progress line), outside the timed calls.
 */
import { rme } from './stats.ts';

export interface TimingPlan {
  /** warm-up calls at least this many times (0 = none) */
  warmupIterations: number;
  /** ...and keeps warming up until this many ms have passed (0 = no time floor) */
  warmupMs: number;
  /** timed calls: at least `minIterations`, at most `iterations` (when set) */
  iterations: number | undefined;
  /** stop timing once this much time has passed (ms) and at least `minIterations` calls were made */
  timeBudgetMs: number | undefined;
  minIterations: number;
  /** stop once the 95 % relative margin of error of the mean is at most this (after `minIterations`); undefined: never */
  targetRmePercent?: number | undefined;
}

/** Why the timed loop stopped: the count asked for, the time budget (after the minimum), or the RME target. */
export type LoopStopReason = 'iterations' | 'time-budget' | 'rme-target';

export interface TimingResult {
  samplesMs: number[];
  warmupSamplesMs: number[];
  totalTimedMs: number;
  stopReason?: LoopStopReason;
}

export type Clock = () => number;

/**
 * Told where the loop is (for a progress line), always outside the timed calls: a stage as it starts (`done` 0, and
 * only for a stage that runs: no warm-up call is made when both warm-up settings are 0), then after each call.
 */
export type TimingObserver = (stage: 'warm-up' | 'timed', done: number) => void;

/** Monotonic clock in milliseconds with sub-microsecond resolution. */
export const monotonicMs: Clock = () => Number(process.hrtime.bigint()) / 1e6;

export function collectGarbage(): boolean {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc === 'function') {
    gc();
    return true;
  }
  return false;
}

export function validatePlan(plan: TimingPlan): void {
  if (plan.iterations === undefined && plan.timeBudgetMs === undefined) {
    throw new RangeError('a timing plan needs iterations, a time budget, or both');
  }
  if (plan.iterations !== undefined && plan.iterations < 1) throw new RangeError('iterations must be at least 1');
  if (plan.timeBudgetMs !== undefined && plan.timeBudgetMs <= 0) throw new RangeError('time budget must be positive');
}

/**
 * The warm-up phase every timed loop shares: at least `warmupIterations` calls, and until `warmupMs` have passed
 * (calls numbered -1, -2, …), then `gc` where Node exposes it. Returns each warm-up call's time.
 */
export async function warmUp(
  plan: Pick<TimingPlan, 'warmupIterations' | 'warmupMs'>,
  run: (iteration: number) => Promise<unknown>,
  clock: Clock = monotonicMs,
  observe?: TimingObserver,
): Promise<number[]> {
  const warmupSamplesMs: number[] = [];
  if (plan.warmupIterations > 0 || plan.warmupMs > 0) observe?.('warm-up', 0);
  const warmStart = clock();
  while (warmupSamplesMs.length < plan.warmupIterations || clock() - warmStart < plan.warmupMs) {
    const t0 = clock();
    await run(-1 - warmupSamplesMs.length);
    warmupSamplesMs.push(clock() - t0);
    observe?.('warm-up', warmupSamplesMs.length);
  }
  collectGarbage();
  return warmupSamplesMs;
}

export async function timeLoop(
  plan: TimingPlan,
  run: (iteration: number) => Promise<unknown>,
  clock: Clock = monotonicMs,
  observe?: TimingObserver,
): Promise<TimingResult> {
  validatePlan(plan);
  const warmupSamplesMs = await warmUp(plan, run, clock, observe);

  const samplesMs: number[] = [];
  observe?.('timed', 0);
  const start = clock();
  let stopReason: LoopStopReason;
  for (;;) {
    const done = samplesMs.length;
    if (plan.iterations !== undefined && done >= plan.iterations) {
      stopReason = 'iterations';
      break;
    }
    if (done >= Math.max(2, plan.minIterations) && plan.targetRmePercent !== undefined && rme(samplesMs) <= plan.targetRmePercent) {
      stopReason = 'rme-target';
      break;
    }
    if (plan.timeBudgetMs !== undefined && done >= plan.minIterations && clock() - start >= plan.timeBudgetMs) {
      stopReason = 'time-budget';
      break;
    }
    const t0 = clock();
    await run(done);
    samplesMs.push(clock() - t0);
    observe?.('timed', samplesMs.length);
  }
  const totalTimedMs = clock() - start;
  collectGarbage();
  return { samplesMs, warmupSamplesMs, totalTimedMs, stopReason };
}

/** Times a synchronous or asynchronous step outside the loop (pre/post-processing get their own timers). */
export async function timeOnce<T>(fn: () => T | Promise<T>, clock: Clock = monotonicMs): Promise<{ value: T; ms: number }> {
  const t0 = clock();
  const value = await fn();
  return { value, ms: clock() - t0 };
}
