/**
 * Stop a single-stream run at a stated precision: once at least `minQueries` latencies are in and the 95 % relative
 * margin of error of their mean (Student's t, as core's `rme`) is at most `targetPercent`; or when the time budget
 * runs out, saying the target was not reached.
 */
import { tQuantile975 } from '@modelbench/core';

export interface RmeRule {
  targetPercent: number;
  minQueries: number;
  budgetMs: number;
}

export type RmeDecision = { stop: false } | { stop: true; reached: boolean; rmePercent: number };

/** `count` latencies so far with relative margin of error `rmePercent`, `elapsedMs` into the run. */
export function rmeDecision(count: number, rmePercent: number, elapsedMs: number, rule: RmeRule): RmeDecision {
  if (count >= rule.minQueries && rmePercent <= rule.targetPercent) return { stop: true, reached: true, rmePercent };
  if (elapsedMs >= rule.budgetMs) return { stop: true, reached: false, rmePercent };
  return { stop: false };
}

/** Running mean and variance (Welford), so the rule costs O(1) per query; the same figure as core's `rme`. */
export class RunningRme {
  private n = 0;
  private meanMs = 0;
  private m2 = 0;

  push(x: number): void {
    this.n++;
    const d = x - this.meanMs;
    this.meanMs += d / this.n;
    this.m2 += d * (x - this.meanMs);
  }

  get count(): number {
    return this.n;
  }

  /** percent; +Infinity below two values or at a zero mean */
  get percent(): number {
    if (this.n < 2 || this.meanMs === 0) return Number.POSITIVE_INFINITY;
    const sd = Math.sqrt(this.m2 / (this.n - 1));
    return ((tQuantile975(this.n - 1) * sd) / Math.sqrt(this.n) / this.meanMs) * 100;
  }
}
