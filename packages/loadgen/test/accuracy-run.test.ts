/** Accuracy mode: every loaded sample once through the scenarios' instance pool and SUT host, responses by index. */
import { describe, expect, it } from 'vitest';
import { runAccuracyQueries } from '../src/accuracy-run.ts';
import { FakeClock, realClock } from '../src/clock.ts';
import type { Executor } from '../src/executor.ts';
import { InstancePool } from '../src/instance-pool.ts';
import { workerExecutorFactory } from '../src/worker-instance.ts';

const entry = new URL('./echo-sut.ts', import.meta.url).href;

/** an executor that answers sample i with 'r' + i and records each call's indices and options */
function recording(calls: { samples: number[]; respond: boolean | undefined }[]): Executor {
  return {
    info: { index: 0, threads: 1, kind: 'fake', pinnedCpus: null, pinning: 'none' },
    run: async (samples, options) => {
      calls.push({ samples: [...samples], respond: options?.respond });
      return { modelMs: 1, ...(options?.respond ? { response: samples.map((i) => `r${i}`) } : {}) };
    },
    dispose: async () => undefined,
  };
}

describe('runAccuracyQueries', () => {
  it('issues each index once, one sample a call asking for the response, and returns the responses by index', async () => {
    const calls: { samples: number[]; respond: boolean | undefined }[] = [];
    const pool = new InstancePool([recording(calls), recording(calls)], new FakeClock());
    const got = await runAccuracyQueries(pool, [4, 0, 2]);
    expect([...got.entries()].sort((a, b) => a[0] - b[0])).toEqual([[0, 'r0'], [2, 'r2'], [4, 'r4']]);
    expect(calls.map((c) => c.samples).sort()).toEqual([[0], [2], [4]]);
    expect(calls.every((c) => c.respond === true)).toBe(true);
  });

  it('a repeated index is refused before anything is issued', async () => {
    const calls: { samples: number[]; respond: boolean | undefined }[] = [];
    await expect(runAccuracyQueries(new InstancePool([recording(calls)], new FakeClock()), [1, 1])).rejects.toThrow(/sample 1 is issued twice/);
    expect(calls).toEqual([]);
  });

  it('a scenario\'s call asks for no response (performance runs do not pay for it)', async () => {
    const calls: { samples: number[]; respond: boolean | undefined }[] = [];
    const pool = new InstancePool([recording(calls)], new FakeClock());
    const seen: unknown[] = [];
    pool.submit({ queryId: 0, samples: [3] }, (_t, _i, r) => seen.push(r));
    await pool.drain();
    expect(calls).toEqual([{ samples: [3], respond: undefined }]);
    expect(seen).toEqual([undefined]);
  });

  it('through a worker thread: a new sample set is loaded, and the responses (typed arrays) come back by index', async () => {
    const e = await workerExecutorFactory({ entry, payload: { count: 2, seen: new Int32Array(new SharedArrayBuffer(16)) } })({ index: 0, threads: 1 });
    try {
      await expect(e.run([5])).rejects.toThrow(/sample 5 is not in a set of 2/);
      await e.load!({ count: 6 });
      const got = await runAccuracyQueries(new InstancePool([e], realClock), [5, 1]);
      expect(got.get(5)).toEqual({ sample: 5, twice: Float32Array.of(10) });
      expect(got.get(1)).toEqual({ sample: 1, twice: Float32Array.of(2) });
      // a performance call on the same instance: the model time only
      expect(await e.run([3])).not.toHaveProperty('response');
    } finally {
      await e.dispose();
    }
  });
});
