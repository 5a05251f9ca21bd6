/**
 * The issuer thread's clock (issuer-clock.ts): one futex wait serves a due time and the instances' completions. A
 * second thread posts a message and rings the bell while the clock sleeps; the message must be handled before the
 * sleep ends (the clock took the turn that delivers it), and the sleep must not end before its due time. Nothing
 * here asserts how fast anything is.
 */
import { MessageChannel, Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { bellClock, createBell } from '../src/issuer-clock.ts';

/** A thread that waits `afterMs`, posts 'done' on `port`, then rings `bell` — as a SUT instance replies. */
function ringer(bell: Int32Array, port: import('node:worker_threads').MessagePort, afterMs: number): Worker {
  const src = `
    const { workerData } = require('node:worker_threads');
    const { bell, port, afterMs } = workerData;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, afterMs);
    port.postMessage('done');
    Atomics.add(bell, 0, 1);
    Atomics.notify(bell, 0);
    port.close();
  `;
  return new Worker(src, { eval: true, workerData: { bell, port, afterMs }, transferList: [port as never] });
}

describe('bellClock', () => {
  it('wakes for a completion rung before the due time, delivers it, then sleeps on to the due time', async () => {
    const bell = createBell();
    const clock = bellClock(bell);
    const { port1, port2 } = new MessageChannel();
    const seen: number[] = [];
    port1.on('message', () => seen.push(clock.nowMs()));
    const due = clock.nowMs() + 500;
    const w = ringer(bell, port2, 0);
    await clock.sleepUntil(due);
    const woke = clock.nowMs();
    port1.close();
    await w.terminate();
    expect(seen).toHaveLength(1);
    expect(seen[0]!).toBeLessThan(due);
    expect(woke).toBeGreaterThanOrEqual(due);
  });

  it('with nothing rung, ends at (not before) its due time, spinning the last 5 ms', async () => {
    const clock = bellClock(createBell());
    const due = clock.nowMs() + 30;
    await clock.sleepUntil(due, { spinMs: 5 });
    expect(clock.nowMs()).toBeGreaterThanOrEqual(due);
  });

  it('takes an event-loop turn every BELL_MAX_BLOCK_MS while nothing rings: a timer due meanwhile still runs', async () => {
    const clock = bellClock(createBell());
    let fired = false;
    setTimeout(() => (fired = true), 5);
    await clock.sleepUntil(clock.nowMs() + 120);
    expect(fired).toBe(true);
  });
});
