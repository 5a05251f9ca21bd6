/**
 * How many tries one URL gets: a try that moves the temp file past the furthest byte reached so far does not count,
 * so a slow link that drops every few megabytes still finishes; `maxFruitless` tries in a row that bring nothing new
 * end the URL. The same budget is spent by undici's RetryAgent (its `retry` callback, for 5xx answers, dropped
 * connections and time-outs, which it resumes with Range itself) and by the download loop (short bodies, a resume the
 * server would not honour), so the two never multiply each other's tries.
 */
import type { RetryHandler } from 'undici';
import { classifyTransferError, type TransferError } from './transfer-error.ts';

export interface RetryBudgetOptions {
  maxFruitless: number;
  /** pause before the next try after `fruitless` tries in a row brought nothing (the first wait is backoff(1)) */
  backoffMs: (fruitless: number) => number;
  log: (line: string) => void;
  label: string;
  idleTimeoutMs: number;
}

export class RetryBudget {
  private fruitless = 0;
  private furthest = 0;
  /** set when the budget ran out inside RetryAgent: the error that surfaces needs no further try */
  exhausted = false;
  /** the byte the current transfer has reached (offset + bytes received); attempt.ts keeps it up to date */
  position = 0;
  /** the URL being fetched, for messages */
  url: URL | undefined;

  constructor(private readonly o: RetryBudgetOptions) {}

  /**
   * Spends one failed try at byte `position`; returns the wait before the next one, or null when the budget is
   * exhausted.
   */
  spend(position: number): number | null {
    if (position > this.furthest) {
      this.furthest = position;
      this.fruitless = 0;
    } else this.fruitless += 1;
    if (this.fruitless >= this.o.maxFruitless) {
      this.exhausted = true;
      return null;
    }
    return this.o.backoffMs(this.fruitless || 1);
  }

  /** Records how far a try got without spending (the first try of a URL, or a resume from the file). */
  reached(position: number): void {
    if (position > this.furthest) this.furthest = position;
  }

  /** The `retry` option of RetryAgent: retries what is worth retrying while the budget lasts. */
  readonly retry: RetryHandler.RetryCallback = (err, _context, callback) => {
    const url = this.url;
    if (url === undefined) return callback(err);
    const failure: TransferError = classifyTransferError(err, url, this.o.idleTimeoutMs);
    // a resume the server would not honour is the download loop's to handle (it starts the file over)
    if (!failure.retryable || failure.failure === 'range') return callback(err);
    const waitMs = this.spend(this.position);
    if (waitMs === null) return callback(err);
    const resume = this.position > 0 ? `resuming at byte ${this.position}` : 'retrying';
    this.o.log(`${this.o.label}: ${failure.message}; ${resume} in ${(waitMs / 1000).toFixed(1)} s`);
    setTimeout(() => callback(null), waitMs);
  };
}
