/** An instance's private copy of the performance set (private-store.ts): same samples, ordinary memory, and a
 * one-sample call fed a view of it instead of a staging copy. */
import { describe, expect, it } from 'vitest';
import type { Feeds } from '@modelbench/backends';
import { copiesPrivately, isShared, privateStore, PRIVATE_COPY_SHARE, storeBytes } from '../src/private-store.ts';
import { loadSampleStore, sampleFeeds, type PerformanceSamples } from '../src/sample-set.ts';
import { sutRunner } from '../src/sut-instance.ts';

/** sample i: x = [10 i, 10 i + 1] as [1, 2] (float32), ids = [i] (int64) */
const set: PerformanceSamples = {
  performanceCount: 3,
  countSource: 'test',
  totalCount: 3,
  describe: 'test',
  feedsOf: (i) => ({ x: { type: 'float32', dims: [1, 2], data: Float32Array.of(10 * i, 10 * i + 1) }, ids: { type: 'int64', dims: [1, 1], data: BigInt64Array.of(BigInt(i)) } }),
};

describe('privateStore', () => {
  const { store } = loadSampleStore(set);

  it('holds the same samples in unshared memory: 3 × (2 float32 + 1 int64) = 48 bytes', () => {
    const own = privateStore(store);
    expect(isShared(store)).toBe(true);
    expect(isShared(own)).toBe(false);
    expect(storeBytes(own)).toBe(48);
    for (let i = 0; i < 3; i++) {
      const a = sampleFeeds(own, i);
      expect([...(a.x!.data as Float32Array)]).toEqual([10 * i, 10 * i + 1]);
      expect([...(a.ids!.data as BigInt64Array)]).toEqual([BigInt(i)]);
      expect(a.x!.dims).toEqual([1, 2]);
    }
  });

  it('is made only when the set is at most an eighth of the free memory', () => {
    expect(PRIVATE_COPY_SHARE).toBe(1 / 8);
    expect(copiesPrivately(1024, 8192)).toBe(true);
    expect(copiesPrivately(1025, 8192)).toBe(false);
    expect(copiesPrivately(0, 8192)).toBe(false);
  });

  it('feeds a one-sample call a view of the private copy, and a stacked or shared-set call a staging copy', async () => {
    const own = privateStore(store);
    const seen: Feeds[] = [];
    const session = { run: async (f: Feeds) => (seen.push(f), {}) };
    await sutRunner(session, { store: own, sequential: false })([2]);
    await sutRunner(session, { store: own, sequential: false })([2, 0]);
    await sutRunner(session, { store, sequential: false })([2]);
    expect(seen[0]!.x!.data.buffer).toBe(own.inputs.x!.data.buffer);
    expect([...(seen[0]!.x!.data as Float32Array)]).toEqual([20, 21]);
    expect(seen[1]!.x!.data.buffer).not.toBe(own.inputs.x!.data.buffer);
    expect([...(seen[1]!.x!.data as Float32Array)]).toEqual([20, 21, 0, 1]);
    expect(seen[2]!.x!.data.buffer instanceof SharedArrayBuffer).toBe(false);
    expect([...(seen[2]!.x!.data as Float32Array)]).toEqual([20, 21]);
  });
});
