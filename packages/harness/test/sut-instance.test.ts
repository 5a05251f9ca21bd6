/** The SUT's work on a call of sample indices, on a recording fake session: which feeds each model call got. */
import { describe, expect, it } from 'vitest';
import type { Feeds } from '@modelbench/backends';
import { loadSampleStore, type PerformanceSamples } from '../src/sample-set.ts';
import { sutRunner } from '../src/sut-instance.ts';

/** sample i: x = [10 i, 10 i + 1] as [1, 2] */
const set: PerformanceSamples = { performanceCount: 4, countSource: 'test', totalCount: 4, describe: 'test', feedsOf: (i) => ({ x: { type: 'float32', dims: [1, 2], data: Float32Array.of(10 * i, 10 * i + 1) } }) };

function recorder(): { calls: { dims: readonly number[]; values: number[] }[]; run(f: Feeds): Promise<Record<string, never>> } {
  const calls: { dims: readonly number[]; values: number[] }[] = [];
  return { calls, run: async (f) => (calls.push({ dims: f.x!.dims, values: [...(f.x!.data as Float32Array)] }), {}) };
}

describe('sutRunner', () => {
  const { store } = loadSampleStore(set);

  it('a batched model: one call of samples 3, 1 stacked in that order; the model time is that call\'s', async () => {
    const session = recorder();
    let t = 0;
    const run = sutRunner(session, { store, sequential: false }, () => (t += 5));
    expect(await run([3, 1])).toBe(5);
    expect(session.calls).toEqual([{ dims: [2, 2], values: [30, 31, 10, 11] }]);
  });

  it('a sequential model: one model call per sample, the model times summed', async () => {
    const session = recorder();
    let t = 0;
    const run = sutRunner(session, { store, sequential: true }, () => (t += 5));
    expect(await run([2, 0, 2])).toBe(15);
    expect(session.calls).toEqual([
      { dims: [1, 2], values: [20, 21] },
      { dims: [1, 2], values: [0, 1] },
      { dims: [1, 2], values: [20, 21] },
    ]);
  });

  it('an index outside the loaded set fails the call', async () => {
    await expect(sutRunner(recorder(), { store, sequential: false })([4])).rejects.toThrow(/sample 4 is not in the loaded set of 4/);
  });

  /** y = x + 1, the call's shape */
  const plusOne = { run: async (f: Feeds) => ({ y: { type: 'float32' as const, dims: f.x!.dims, data: (f.x!.data as Float32Array).map((v) => v + 1) } }) };

  it('asked to respond, a batched call answers each sample with its own rows of the outputs, in the call\'s order', async () => {
    let t = 0;
    const r = await sutRunner(plusOne, { store, sequential: false }, () => (t += 5))([3, 1], true);
    expect(r.modelMs).toBe(5);
    expect(r.response.map((o) => ({ dims: o.y!.dims, values: [...(o.y!.data as Float32Array)] }))).toEqual([
      { dims: [1, 2], values: [31, 32] },
      { dims: [1, 2], values: [11, 12] },
    ]);
  });

  it('asked to respond, a sequential call answers each sample with its model call\'s outputs; not asked, the model time only', async () => {
    const run = sutRunner(plusOne, { store, sequential: true });
    const r = await run([2, 0], true);
    expect(r.response.map((o) => [...(o.y!.data as Float32Array)])).toEqual([[21, 22], [1, 2]]);
    expect(typeof (await run([2]))).toBe('number');
  });

  it('an output whose leading dimension is not the call\'s rows cannot be split per sample', async () => {
    const pooled = { run: async () => ({ y: { type: 'float32' as const, dims: [1], data: Float32Array.of(0) } }) };
    await expect(sutRunner(pooled, { store, sequential: false })([0, 1], true)).rejects.toThrow(/output 'y' of a call of 2 rows has shape \[1\]/);
  });
});
