/**
 * The issuer thread's clock: it waits for a due time on a futex (`Atomics.wait`, whose timeout is exact to tens of
 * microseconds, unlike a timer's wake-up, which now and then comes milliseconds late on a busy machine) that every
 * SUT instance also rings after posting a completion (worker-entry.ts, a `bell` on its attached port). So one wait
 * serves both: the thread sleeps until the due time or until a completion has arrived, whichever is first; a
 * completion is handled in one event-loop turn (which delivers the posted message and lets the pool hand the freed
 * instance its next call), and the wait resumes. No timer is used, so there is no timer to be late, and no queued
 * query waits on a completion while the issuer blocks. The last SPIN_TAIL_MS are busy-waited, as the real clock does.
 */
import { monotonicMs } from '@modelbench/core';
import { spinUntil, SPIN_TAIL_MS, type Clock, type SleepOptions } from './clock.ts';

/** The longest single futex wait, ms: a message that rings no bell (a port closing) is still seen this often. */
export const BELL_MAX_BLOCK_MS = 20;

/** A doorbell: one Int32 in shared memory, counted up by each ringer. */
export function createBell(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4));
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The real monotonic clock, waiting on `bell` (see above); of `sleepUntil`'s options only `spinMs` applies (no timer). */
export function bellClock(bell: Int32Array, now: () => number = monotonicMs): Clock {
  let seen = Atomics.load(bell, 0);
  return {
    nowMs: now,
    hrtime: true,
    async sleepUntil(timeMs: number, options?: SleepOptions): Promise<void> {
      const spin = options?.spinMs ?? 0;
      for (;;) {
        const left = timeMs - now();
        if (left <= 0) return;
        const rung = Atomics.load(bell, 0);
        if (rung !== seen) {
          // a completion was posted: take the turn that delivers it, then wait again
          seen = rung;
          await turn();
          continue;
        }
        const spinFrom = Math.max(SPIN_TAIL_MS, typeof spin === 'function' ? spin() : spin);
        if (left <= spinFrom) {
          if (spinFrom > SPIN_TAIL_MS) options?.onSpin?.();
          spinUntil(timeMs, now);
          return;
        }
        const block = Math.min(left - spinFrom, BELL_MAX_BLOCK_MS);
        if (Atomics.wait(bell, 0, seen, block) === 'timed-out' && block === BELL_MAX_BLOCK_MS) await turn();
      }
    },
  };
}
