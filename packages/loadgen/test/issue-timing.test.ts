/**
 * Issuing on time: completions stamped inside the instance, single/multi-stream queries due at the previous
 * completion, issue lateness and per-call overhead — on a hand-driven clock, every figure worked by hand.
 */
import { describe, expect, it } from 'vitest';
import { monotonicMs } from '@modelbench/core';
import { raiseIssuePriority, realClock, spinDeadline, spinUntil, type Clock } from '../src/clock.ts';
import type { CallTiming, Executor, ExecutorFactory } from '../src/executor.ts';
import { InstancePool, timeSpread } from '../src/instance-pool.ts';
import { runScenario } from '../src/run-scenario.ts';
import { issueLateness } from '../src/scheduler.ts';
import { settingsFrom } from './helpers.ts';

/** A clock on process.hrtime's scale that moves only when a test moves it. */
function handClock(): Clock & { t: number } {
  const c = { t: 0, hrtime: true as const, nowMs: () => c.t, sleepUntil: async (ms: number) => void (c.t = Math.max(c.t, ms)) };
  return c;
}

/** Each call takes 10 ms of model time, its outputs are ready (stamped) 10 ms after it was handed over, and this
 * thread notices the completion 2 ms later still. */
function lateNoticer(clock: { t: number }): ExecutorFactory {
  return async (spec): Promise<Executor> => ({
    info: { index: spec.index, threads: spec.threads, kind: 'fake', pinnedCpus: null, pinning: 'none' },
    async run(samples): Promise<CallTiming> {
      const handed = clock.t;
      clock.t = handed + 12;
      return { modelMs: 10 * samples.length, doneAtMs: handed + 10 };
    },
    dispose: async () => undefined,
  });
}

describe('the instance\'s completion stamp', () => {
  it('is the done time where the clock is hrtime: a call handed over at 0, stamped at 10, noticed at 12 took 10 ms; its overhead is 10 − 7 = 3 ms', async () => {
    const clock = handClock();
    const exec: Executor = { info: { index: 0, threads: 1, kind: 'fake', pinnedCpus: null, pinning: 'none' }, run: async () => ((clock.t = 12), { modelMs: 7, doneAtMs: 10 }), dispose: async () => undefined };
    const pool = new InstancePool([exec], clock);
    const done: number[] = [];
    pool.submit({ queryId: 0, samples: [0] }, (t) => done.push(t));
    await pool.drain();
    expect(done).toEqual([10]);
    expect(pool.instanceStats()[0]).toMatchObject({ busyMs: 10, modelMs: 7, calls: 1 });
    expect(pool.callOverhead()).toEqual({ meanMs: 3, p99Ms: 3, maxMs: 3, count: 1 });
  });

  it('a stamp outside [handed over, now] is not believed (another clock): the noticing time is used', async () => {
    const clock = handClock();
    const exec: Executor = { info: { index: 0, threads: 1, kind: 'fake', pinnedCpus: null, pinning: 'none' }, run: async () => ((clock.t = 12), { modelMs: 7, doneAtMs: 99 }), dispose: async () => undefined };
    const pool = new InstancePool([exec], clock);
    const done: number[] = [];
    pool.submit({ queryId: 0, samples: [0] }, (t) => done.push(t));
    await pool.drain();
    expect(done).toEqual([12]);
  });
});

describe('single-stream on a thread that notices completions 2 ms late', () => {
  it('each query is due at the previous stamp: lateness 0 then 2 ms, latency 10 then 12 ms, overhead 0', async () => {
    const clock = handClock();
    const s = settingsFrom(['--scenario', 'single-stream', '--min-duration', '0', '--min-queries', '5', '--scenario-warmup', '0']);
    const r = await runScenario(s, lateNoticer(clock), { clock, machineLoad: false });
    // query k is issued at 12 k (when this thread noticed k − 1), due at 12 k − 2 (k − 1's stamp), stamped at 12 k + 10
    expect(r.raw.issuedMs).toEqual([0, 12, 24, 36, 48]);
    expect(r.raw.scheduledMs).toEqual([0, 10, 22, 34, 46]);
    expect(r.raw.latencyMs).toEqual([10, 12, 12, 12, 12]);
    expect(r.totals.issueLatenessMs).toEqual({ meanMs: 1.6, p99Ms: 2, maxMs: 2, count: 5 });
    expect(r.totals.callOverheadMs).toMatchObject({ meanMs: 0, p99Ms: 0, maxMs: 0, count: 5, percentOfModel: 0 });
    expect(r.sampleIndices).toHaveLength(5);
  });
});

describe('timeSpread and issueLateness', () => {
  it('mean, loadgen p99 (sorted[floor(0.99 n)]) and max: 100 values 1..100 give 50.5, 100, 100', () => {
    expect(timeSpread(Array.from({ length: 100 }, (_, i) => i + 1))).toEqual({ meanMs: 50.5, p99Ms: 100, maxMs: 100, count: 100 });
    expect(timeSpread([])).toBeNull();
    expect(issueLateness({ scheduledMs: [0, 10, 20], issuedMs: [0.5, 10, 23] })).toEqual({ meanMs: 3.5 / 3, p99Ms: 3, maxMs: 3, count: 3 });
  });

  it('spinUntil returns once the clock reads the due time, not before', () => {
    let t = 0;
    const reads: number[] = [];
    spinUntil(3, () => (reads.push(t), t++));
    expect(reads).toEqual([0, 1, 2, 3]);
  });

  it('on the real clock spinUntil does not return before the due time; a spin deadline passes only once due', () => {
    const due = monotonicMs() + 3;
    spinUntil(due);
    expect(monotonicMs()).toBeGreaterThanOrEqual(due);
    expect(spinDeadline(0)()).toBe(true);
    expect(spinDeadline(60_000)()).toBe(false);
  });
});

describe('raiseIssuePriority', () => {
  it('off Linux it changes nothing and says why', () => {
    const p = raiseIssuePriority('darwin');
    expect(p.note).toMatch(/^normal \(darwin/);
    p.restore();
  });
});

describe('server on a timer that wakes 0.25 ms late', () => {
  it('every query is issued 0.25 ms after it was due: lateness mean, p99 and max 0.25 ms', async () => {
    const clock = handClock();
    clock.sleepUntil = async (ms: number) => void (clock.t = Math.max(clock.t, ms + 0.25));
    const s = settingsFrom(['--scenario', 'server', '--target-qps', '10', '--latency-bound-ms', '1000', '--min-duration', '0', '--min-queries', '20', '--scenario-warmup', '0']);
    const quick: ExecutorFactory = async (spec) => ({ info: { index: spec.index, threads: 1, kind: 'fake', pinnedCpus: null, pinning: 'none' }, run: async () => ({ modelMs: 0.001, doneAtMs: clock.t }), dispose: async () => undefined });
    const r = await runScenario(s, quick, { clock, machineLoad: false });
    expect(r.totals.queries).toBe(20);
    const late = r.raw.issuedMs.map((t, i) => t - r.raw.scheduledMs[i]!);
    for (const x of late) expect(x).toBeCloseTo(0.25, 3); // raw times are kept to 4 decimals
    expect(r.totals.issueLatenessMs!.meanMs).toBeCloseTo(0.25, 9);
    expect(r.totals.issueLatenessMs!.maxMs).toBeCloseTo(0.25, 9);
  });
});

describe('the real clock’s wait before an issue', () => {
  /** true once an event-loop turn (the check phase) has run since it was called */
  function turnSeen(): () => boolean {
    let seen = false;
    setImmediate(() => (seen = true));
    return () => seen;
  }

  it('waits the last moments on the thread itself (no turn), or takes one turn first when asked (turnFirst)', async () => {
    const plain = turnSeen();
    await realClock.sleepUntil(realClock.nowMs() + 0.3);
    expect(plain()).toBe(false);
    const turning = turnSeen();
    await realClock.sleepUntil(realClock.nowMs() + 2.4, { turnFirst: true }); // ≤ SPIN_MS + 1: no timer
    expect(turning()).toBe(true);
  });

  it('a longer precise window (preciseMs, asked again after each turn) skips the timer a due time 3 ms away would take', async () => {
    // with the default window (SPIN_MS 1.5) 3 ms > SPIN_MS + 1 would go to a timer first, which is a turn
    let asked = 0;
    const precise = turnSeen();
    await realClock.sleepUntil(realClock.nowMs() + 3, { preciseMs: () => (asked++, 4) });
    expect(precise()).toBe(false);
    expect(asked).toBe(1);
  });
});
