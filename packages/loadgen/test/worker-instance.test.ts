/** A real instance: a worker thread (and, where taskset exists, a pinned child process) hosting a SUT module. */
import { describe, expect, it } from 'vitest';
import { BenchError } from '@modelbench/core';
import { findOnPath } from '../src/pinning.ts';
import { workerExecutorFactory } from '../src/worker-instance.ts';

const entry = new URL('./echo-sut.ts', import.meta.url).href;
const hrMs = (): number => Number(process.hrtime.bigint()) / 1e6;

describe('worker instances host the caller\'s SUT', () => {
  it('a worker thread gets the call\'s sample indices, shares the payload\'s SharedArrayBuffer, and stamps its completion', async () => {
    const seen = new Int32Array(new SharedArrayBuffer(16));
    const e = await workerExecutorFactory({ entry, payload: { count: 10, seen } })({ index: 0, threads: 3 });
    try {
      expect(e.info).toEqual({ index: 0, threads: 3, kind: 'worker-thread', pinnedCpus: null, pinning: 'none' });
      expect(e.sessionOptions).toEqual({ threads: 3 });
      const before = hrMs();
      const r = await e.run([7, 2, 9]);
      const after = hrMs();
      // model time = 7 + 2 + 9 (the echo SUT's worked value); the stamp is on this process's monotonic clock
      expect(r).toMatchObject({ modelMs: 18 });
      const done = (r as { doneAtMs: number }).doneAtMs;
      expect(done).toBeGreaterThanOrEqual(before);
      expect(done).toBeLessThanOrEqual(after);
      expect([...seen.slice(0, 3)]).toEqual([7, 2, 9]);
      await expect(e.run([10])).rejects.toThrow(/sample 10 is not in a set of 10/);
    } finally {
      await e.dispose();
    }
  });

  it('the SUT\'s own error at start is passed back with its code', async () => {
    const err = await workerExecutorFactory({ entry, payload: { count: 0, seen: new Int32Array(1) } })({ index: 0, threads: 1 }).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(BenchError);
    expect((err as BenchError).code).toBe('USAGE');
  });

  const taskset = findOnPath('taskset');
  it.skipIf(!taskset)('a pinned instance is a child process under taskset on the CPUs asked for (the payload copied)', async () => {
    const e = await workerExecutorFactory({ entry, payload: { count: 4, seen: new Int32Array(new SharedArrayBuffer(16)) }, tasksetPath: taskset })({ index: 0, threads: 1, cpus: [0] });
    try {
      expect(e.info).toMatchObject({ kind: 'child-process', pinnedCpus: [0], pinning: 'taskset' });
      expect(await e.run([3, 1])).toMatchObject({ modelMs: 4 });
    } finally {
      await e.dispose();
    }
    expect(e.outsideCpuMs!()).toBeGreaterThan(0);
  });
});
