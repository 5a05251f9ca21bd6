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
