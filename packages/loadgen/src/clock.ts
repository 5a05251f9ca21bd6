/**
 * Time for the schedulers: a real monotonic clock, or a fake one that only moves when every actor waits on it, so
 * tests replay a scenario exactly (no wall time, no speed in any assertion).
 */
import { monotonicMs } from '@modelbench/core';

export interface Clock {
  nowMs(): number;
  /** resolves once the clock reads at least `timeMs` */
  sleepUntil(timeMs: number, options?: SleepOptions): Promise<void>;
  /** true where nowMs is process.hrtime in ms, the clock an instance stamps its completions with */
  readonly hrtime?: boolean;
}

/** How long before a due time the issuing thread stops sleeping on a timer (whose wake-up may be a millisecond or
 * more late) and waits on the precise one instead, ms. */
export const SPIN_MS = 1.5;

/** How a sleeper that issues at the due time wants to wait (a real clock's choice; a fake clock ignores it). */
export interface SleepOptions {
  /** how long before the due time the precise (futex) wait may start, ms (default SPIN_MS): longer is more exact,
   * but nothing else runs on the thread meanwhile, so only a caller that no completion is waiting on asks for it */
  preciseMs?: number | (() => number);
  /** take one event-loop turn before the precise wait (unless a timer's already gave one), so completions that
   * have arrived are handled first */
  turnFirst?: boolean;
  /** how long before the due time to busy-wait instead of blocking, ms (the issuer thread's clock, issuer-clock.ts;
   * default 0): a CPU left idle may be halted, and a halted virtual CPU now and then takes milliseconds to wake for a
   * timeout. Only a caller with no call in flight asks for it (nothing to miss while the thread spins). */
  spinMs?: number | (() => number);
  /** called once as the busy-wait of `spinMs` begins (the issuer thread's clock) */
  onSpin?: () => void;
}

/** How long before a due time the precise wait ends and the thread busy-waits the rest, ms. */
export const SPIN_TAIL_MS = 0.3;

/** Iterations of allocation-free work between two clock reads of a busy-wait (about half a microsecond here). */
export const SPIN_INNER = 256;
let _spin = 0;

/** SPIN_INNER iterations of plain arithmetic: no allocation, no call. */
function spinPause(): void {
  for (let i = 0; i < SPIN_INNER; i++) _spin ^= i;
}

/**
 * Busy-waits until `timeMs` (no event-loop turn in between: nothing else can take the issuing thread's turn). Every
 * clock read allocates (a BigInt, a heap number), and reading it millions of times a second fills the young
 * generation within milliseconds, so a scavenge would stop the thread mid-wait: the clock is read on
 * `performance.now()` (one heap number; the same monotonic clock, another origin) once per SPIN_INNER iterations of
 * plain arithmetic instead, and `now` itself only at the end. An injected clock (tests) is read as it is.
 */
export function spinUntil(timeMs: number, now: () => number = monotonicMs): void {
  if (now === monotonicMs) {
    const end = timeMs - now() + performance.now();
    while (performance.now() < end) spinPause();
  }
  while (now() < timeMs) spinPause();
}

/** A deadline `ms` from now on `performance.now()`'s scale, and whether it has passed, for busy-waits elsewhere. */
export function spinDeadline(ms: number): () => boolean {
  const end = performance.now() + ms;
  return () => {
    spinPause();
    return performance.now() >= end;
  };
}

const waitCell = new Int32Array(new SharedArrayBuffer(4));

/** Blocks this thread for `ms` (fractional) without using the CPU: a futex wait that nothing wakes, to its timeout. */
export function blockFor(ms: number): void {
  if (ms > 0) Atomics.wait(waitCell, 0, 0, ms);
}

/**
 * Timers fire up to a millisecond or more late, and an event-loop turn may be taken by another callback; a server
 * query issued late is charged that lateness. So sleep on a timer until SPIN_MS before the due time, block on a
 * futex (sub-millisecond timeout) until SPIN_TAIL_MS before it, busy-wait the rest, and return at once: the caller
 * issues in the same synchronous turn. Nothing else runs on this thread in those last SPIN_MS.
 */
export const realClock: Clock = {
  nowMs: monotonicMs,
  hrtime: true,
  async sleepUntil(timeMs: number, options?: SleepOptions): Promise<void> {
    const p = options?.preciseMs ?? SPIN_MS;
    let turned = false;
    for (;;) {
      // asked again after every turn: what the caller's state allows may have changed
      const precise = typeof p === 'function' ? p() : p;
      const left = timeMs - monotonicMs();
      if (left <= 0) return;
      if (left > precise + 1) {
        await new Promise((resolve) => setTimeout(resolve, Math.floor(left - precise)));
        turned = true;
        continue;
      }
      if (options?.turnFirst && !turned) {
        await new Promise((resolve) => setImmediate(resolve));
        turned = true;
        continue;
      }
      blockFor(left - SPIN_TAIL_MS);
      spinUntil(timeMs);
      return;
    }
  },
};

export { holdIssuePriority, ISSUE_NICE_STEP, ISSUE_RT_PRIORITY, priorityForRun, raiseIssuePriority, releaseIssuePriority, type PriorityHost, type RaisedPriority } from './issuer-priority.ts';

interface Timer {
  atMs: number;
  seq: number;
  resolve: () => void;
}

/**
 * A discrete-event clock. Sleepers are woken one at a time in time order (ties in the order they slept); between two
 * wake-ups every promise chain settles (a macrotask turn), so whatever the woken actor does next — finish, submit
 * work, sleep again — happens before the clock moves on.
 */
export class FakeClock implements Clock {
  private now: number;
  private seq = 0;
  private readonly timers: Timer[] = [];
  private driving = false;

  constructor(startMs = 0) {
    this.now = startMs;
  }

  nowMs(): number {
    return this.now;
  }

  sleepUntil(timeMs: number): Promise<void> {
    if (timeMs <= this.now) return Promise.resolve();
    return new Promise((resolve) => {
      this.timers.push({ atMs: timeMs, seq: this.seq++, resolve });
      this.drive();
    });
  }

  sleep(ms: number): Promise<void> {
    return this.sleepUntil(this.now + ms);
  }

  private drive(): void {
    if (this.driving) return;
    this.driving = true;
    void (async () => {
      for (;;) {
        await new Promise((resolve) => setImmediate(resolve));
        if (this.timers.length === 0) break;
        let best = 0;
        for (let i = 1; i < this.timers.length; i++) {
          const a = this.timers[i]!;
          const b = this.timers[best]!;
          if (a.atMs < b.atMs || (a.atMs === b.atMs && a.seq < b.seq)) best = i;
        }
        const [timer] = this.timers.splice(best, 1);
        this.now = Math.max(this.now, timer!.atMs);
        timer!.resolve();
      }
      this.driving = false;
    })();
  }
}
