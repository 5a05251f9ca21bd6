/**
 * Time for the schedulers: a real monotonic clock, or a fake one that only moves when every actor waits on it, so
 * tests replay a scenario exactly (no wall time, no speed in any assertion).
 */
import { getPriority, setPriority } from 'node:os';
import { monotonicMs } from '@modelbench/core';

export interface Clock {
  nowMs(): number;
  /** resolves once the clock reads at least `timeMs` */
  sleepUntil(timeMs: number): Promise<void>;
  /** true where nowMs is process.hrtime in ms, the clock an instance stamps its completions with */
  readonly hrtime?: boolean;
}

/** How long before a due time the issuing thread stops sleeping on a timer and busy-waits, ms. */
export const SPIN_MS = 1.5;

/** Busy-waits until `timeMs` (no event-loop turn in between: nothing else can take the issuing thread's turn). */
export function spinUntil(timeMs: number, now: () => number = monotonicMs): void {
  while (now() < timeMs) {
    // spin
  }
}

/**
 * Timers fire up to a millisecond or more late, and an event-loop turn may be taken by another callback; a server
 * query issued late is charged that lateness. So sleep on a timer until SPIN_MS before the due time, then busy-wait
 * the rest, and return at once: the caller issues in the same synchronous turn.
 */
export const realClock: Clock = {
  nowMs: monotonicMs,
  hrtime: true,
  async sleepUntil(timeMs: number): Promise<void> {
    for (;;) {
      const left = timeMs - monotonicMs();
      if (left <= 0) return;
      if (left > SPIN_MS + 1) {
        await new Promise((resolve) => setTimeout(resolve, Math.floor(left - SPIN_MS)));
        continue;
      }
      spinUntil(timeMs);
      return;
    }
  },
};

/** How much the issuing thread's nice value is lowered while a run is timed. */
export const ISSUE_NICE_STEP = 10;

/**
 * Raises the calling thread's scheduling priority for the timed phase, so the thread that issues queries gets its
 * core back promptly when its timer fires even while the instances' threads keep every core busy. Linux only, where
 * the nice value is per thread (setpriority on "process" 0 changes the calling thread alone, not the instances'
 * threads); lowering it needs root or CAP_SYS_NICE — without it the run goes on at the normal priority and `note`
 * says so. `restore` puts the old value back.
 */
export function raiseIssuePriority(platform: string = process.platform): { note: string; restore(): void } {
  if (platform !== 'linux') return { note: `normal (${platform}: a thread's priority cannot be raised alone)`, restore: () => undefined };
  let before: number;
  try {
    before = getPriority(0);
    setPriority(0, Math.max(-20, before - ISSUE_NICE_STEP));
  } catch {
    return { note: 'normal (no permission to lower the issuing thread\'s nice value: root or CAP_SYS_NICE gives steadier issue times)', restore: () => undefined };
  }
  return {
    note: `raised: the issuing thread's nice ${before} → ${getPriority(0)} while timed`,
    restore: () => {
      try {
        setPriority(0, before);
      } catch {
        // raising a nice value back up needs no privilege; nothing to do if it fails
      }
    },
  };
}

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
