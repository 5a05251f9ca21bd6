import { describe, expect, it } from 'vitest';
import { FakeClock } from '../src/clock.ts';
import { fakeExecutorFactory } from '../src/executor.ts';
import { InstancePool } from '../src/instance-pool.ts';

async function pool(clock: FakeClock, instances: number, serviceMs: (i: number, samples: number, call: number) => number): Promise<InstancePool> {
  const factory = fakeExecutorFactory(clock, serviceMs);
  const execs = [];
  for (let i = 0; i < instances; i++) execs.push(await factory({ index: i, threads: 1 }));
  return new InstancePool(execs, clock);
}

describe('instance pool: one FIFO queue, N instances', () => {
  it('10 items of 10 ms on 2 instances: done in pairs at 10, 20, … 50 ms; queue depth peaks at 8', async () => {
    const clock = new FakeClock();
    const p = await pool(clock, 2, () => 10);
    const done: [number, number, number][] = [];
    for (let q = 0; q < 10; q++) p.submit({ queryId: q, samples: [q] }, (t, inst) => done.push([q, t, inst]));
    await p.drain();
    expect(done.map((d) => d[1])).toEqual([10, 10, 20, 20, 30, 30, 40, 40, 50, 50]);
    // FIFO: queries complete in the order they were queued
    expect(done.map((d) => d[0])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(p.queueStats()).toEqual({ submitted: 10, started: 10, completed: 10, cancelled: 0, maxDepth: 8 });
    expect(p.instanceStats().map((s) => [s.calls, s.samples, s.busyMs])).toEqual([
      [5, 5, 50],
      [5, 5, 50],
    ]);
  });

  it('a slow instance takes fewer items: 3 ms and 7 ms instances over 10 items', async () => {
    const clock = new FakeClock();
    const p = await pool(clock, 2, (i) => (i === 0 ? 3 : 7));
    for (let q = 0; q < 10; q++) p.submit({ queryId: q, samples: [q] }, () => undefined);
    await p.drain();
    // instance 0 frees at 3, 6, 9, 12, 15, 18, 21; instance 1 at 7, 14, 21: 0 takes 7 items, 1 takes 3
    expect(p.instanceStats().map((s) => s.calls)).toEqual([7, 3]);
    expect(clock.nowMs()).toBe(21);
  });

  it('cancelPending drops what waits, never what runs', async () => {
    const clock = new FakeClock();
    const p = await pool(clock, 1, () => 5);
    const done: number[] = [];
    for (let q = 0; q < 4; q++) p.submit({ queryId: q, samples: [q] }, () => done.push(q));
    expect(p.cancelPending()).toBe(3);
    await p.drain();
    expect(done).toEqual([0]);
    expect(p.queueStats()).toMatchObject({ submitted: 4, started: 1, completed: 1, cancelled: 3 });
  });

  it('an executor error stops the pool and reaches drain and failed', async () => {
    const clock = new FakeClock();
    const execs = [
      {
        info: { index: 0, threads: 1, kind: 'fake' as const, pinnedCpus: null, pinning: 'none' as const },
        run: async () => {
          await clock.sleep(1);
          throw new Error('session died');
        },
        dispose: async () => undefined,
      },
    ];
    const p = new InstancePool(execs, clock);
    p.submit({ queryId: 0, samples: [0] }, () => undefined);
    p.submit({ queryId: 1, samples: [1] }, () => undefined);
    await expect(p.drain()).rejects.toThrow('session died');
    await expect(p.failed).rejects.toThrow('session died');
    expect(p.queueStats()).toMatchObject({ started: 1, completed: 0, cancelled: 1 });
  });
});

describe('instance pool: two calls in flight per queueing instance (offline)', () => {
  /** A host that runs its calls in order, one at a time (as worker-entry.ts does): each takes 11 ms, 10 of them model
   * time, and resolves 2 ms after that (a FakeClock is not hrtime, so the pool takes its own notice as the done time:
   * every call's overhead is 13 − 10 = 3 ms when counted from the moment its turn came). */
  function queueingHost(clock: FakeClock, queues: boolean) {
    let chain = Promise.resolve();
    const handed: number[] = [];
    const exec = {
      info: { index: 0, threads: 1, kind: 'fake' as const, pinnedCpus: null, pinning: 'none' as const },
      queues,
      run(): Promise<{ modelMs: number; doneAtMs: number }> {
        handed.push(clock.nowMs());
        const r = chain.then(async () => {
          const start = clock.nowMs();
          await clock.sleep(11);
          const doneAtMs = start + 11;
          await clock.sleep(2);
          return { modelMs: 10, doneAtMs };
        });
        chain = r.then(() => undefined);
        return r;
      },
      dispose: async () => undefined,
    };
    return { exec, handed };
  }

  it('hands the next call over while one runs; each call\'s overhead counts from when its turn came: 3 ms, not 16', async () => {
    const clock = new FakeClock();
    const { exec, handed } = queueingHost(clock, true);
    const p = new InstancePool([exec], clock, 2);
    for (let q = 0; q < 3; q++) p.submit({ queryId: q, samples: [q] }, () => undefined);
    expect(p.busy).toBe(1);
    expect(p.depth).toBe(1);
    await p.drain();
    // calls 0 and 1 at 0; call 2 when call 0's completion was noticed (13)
    expect(handed).toEqual([0, 0, 13]);
    // call 1, handed over at 0, waited inside the host until call 0 was done (13) and was done at 26: 26 − 13 − 10 = 3
    // (counted from its handing over it would be 16); call 2, handed over at 13, ran 26 → 39: 3
    expect(p.callOverhead()).toMatchObject({ count: 3, meanMs: 3, maxMs: 3 });
    expect(p.queueStats()).toMatchObject({ submitted: 3, started: 3, completed: 3 });
  });

  it('an executor that does not queue its calls keeps one in flight', async () => {
    const clock = new FakeClock();
    const { exec, handed } = queueingHost(clock, false);
    const p = new InstancePool([exec], clock, 2);
    for (let q = 0; q < 2; q++) p.submit({ queryId: q, samples: [q] }, () => undefined);
    expect(p.busy).toBe(1);
    expect(p.depth).toBe(1);
    await p.drain();
    expect(handed).toEqual([0, 13]);
    expect(p.callOverhead()).toMatchObject({ count: 2, meanMs: 3, maxMs: 3 });
  });
});
