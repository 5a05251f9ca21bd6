/** The performance sample set: loading to a count or a budget, and a call's feeds stacked / padded (worked values). */
import { describe, expect, it } from 'vitest';
import { callFeeds, loadSampleStore, sampleFeeds, sampleSetWarnings, scenarioSamples, stagingAllocator, withPerformanceCountOverride, type PerformanceSamples } from '../src/sample-set.ts';

/** sample i: x = [i, i + 0.5] as [1, 2] (8 bytes) */
const pairs = (count: number, totalCount = 1000): PerformanceSamples => ({
  performanceCount: count,
  countSource: 'test',
  totalCount,
  describe: 'pairs',
  feedsOf: (i) => ({ x: { type: 'float32', dims: [1, 2], data: Float32Array.of(i, i + 0.5) } }),
});

describe('loadSampleStore', () => {
  it('loads the count asked for into one shared buffer per input', () => {
    const { store, info } = loadSampleStore(pairs(3));
    expect(store.count).toBe(3);
    expect(store.inputs.x!.data.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect([...(store.inputs.x!.data as Float32Array).subarray(0, 6)]).toEqual([0, 0.5, 1, 1.5, 2, 2.5]);
    expect(info).toMatchObject({ performanceSampleCount: 3, loadedSampleCount: 3, cappedBy: null, bytes: 24 });
    expect(sampleFeeds(store, 2).x).toMatchObject({ dims: [1, 2], data: Float32Array.of(2, 2.5) });
  });

  it('a 20-byte budget holds 2 samples of 8 bytes: the cap and its reason are recorded and warned', () => {
    const { store, info } = loadSampleStore(pairs(1024), 20);
    expect(store.count).toBe(2);
    expect(info).toMatchObject({ performanceSampleCount: 1024, loadedSampleCount: 2, cappedBy: 'memory-budget', memoryBudgetBytes: 20, bytes: 16 });
    expect(sampleSetWarnings(info)[0]).toMatch(/holds 2 of 1024 samples/);
  });

  it('a library of 5 caps a count of 64 at 5; a sample larger than the whole budget is a USAGE error', () => {
    expect(loadSampleStore(pairs(64, 5)).info).toMatchObject({ loadedSampleCount: 5, cappedBy: 'library-size' });
    expect(() => loadSampleStore(pairs(4), 4)).toThrow(/more than the performance set's budget/);
  });

  it('samples of growing length are kept whole past the first sample\'s size', () => {
    const grow: PerformanceSamples = { ...pairs(4), feedsOf: (i) => ({ ids: { type: 'int64', dims: [1, i + 1], data: BigInt64Array.from({ length: i + 1 }, (_, k) => BigInt(10 * i + k)) } }) };
    const { store } = loadSampleStore(grow);
    expect(store.inputs.ids!.offsets).toEqual([0, 1, 3, 6, 10]);
    expect([...sampleFeeds(store, 3).ids!.data]).toEqual([30n, 31n, 32n, 33n]);
  });
});

describe('callFeeds', () => {
  it('stacks samples 2, 0 along the leading dimension, in the call\'s order', () => {
    const { store } = loadSampleStore(pairs(3));
    const f = callFeeds(store, [2, 0]);
    expect(f.x!.dims).toEqual([2, 2]);
    expect([...f.x!.data]).toEqual([2, 2.5, 0, 0.5]);
    expect(f.x!.data.buffer).not.toBeInstanceOf(SharedArrayBuffer);
  });

  it('pads token sequences of lengths 2 and 3 to 3 with the pad value', () => {
    const seqs: PerformanceSamples = {
      ...pairs(2),
      padValues: { ids: 0 },
      feedsOf: (i) => ({ ids: { type: 'int64', dims: [1, 2 + i], data: i === 0 ? BigInt64Array.of(101n, 7n) : BigInt64Array.of(101n, 8n, 102n) } }),
    };
    const { store } = loadSampleStore(seqs);
    const f = callFeeds(store, [0, 1]);
    expect(f.ids!.dims).toEqual([2, 3]);
    expect([...f.ids!.data]).toEqual([101n, 7n, 0n, 101n, 8n, 102n]);
    expect(() => callFeeds(store, [0, 2])).toThrow(/sample 2 is not in the loaded set of 2/);
  });

  it('with a staging allocator even one sample is copied out of shared memory (onnxruntime-node refuses it), into one reused buffer', () => {
    const { store } = loadSampleStore(pairs(3));
    const staging = stagingAllocator();
    const a = callFeeds(store, [1], staging).x!;
    expect(a).toMatchObject({ dims: [1, 2], data: Float32Array.of(1, 1.5) });
    expect(a.data.buffer).not.toBeInstanceOf(SharedArrayBuffer);
    const b = callFeeds(store, [2], staging).x!;
    expect(b.data.buffer).toBe(a.data.buffer);
  });
});

describe('scenarioSamples', () => {
  it('a workload without a set: its call (0, 0) feeds, first row for a batched model, as the one sample', () => {
    const feeds = { x: { type: 'float32' as const, dims: [2, 2], data: Float32Array.of(1, 2, 3, 4) } };
    const one = scenarioSamples({ feedsFor: () => feeds }, false);
    expect(one).toMatchObject({ performanceCount: 1, totalCount: 1 });
    expect(one.feedsOf(0).x).toMatchObject({ dims: [1, 2], data: Float32Array.of(1, 2) });
    expect(scenarioSamples({ feedsFor: () => feeds }, true).feedsOf(0).x!.dims).toEqual([2, 2]);
  });
});

describe("performance_sample_count_override (a conf file's, LoadGen's TestSettingsInternal)", () => {
  const override = { count: 256, source: 'performance_sample_count_override = 256 (user.conf:4)' };
  it("a non-zero override replaces the workload's count: 256 of a 1,024 set are loaded, the record says where it came from", () => {
    const { store, info } = loadSampleStore(scenarioSamples({ performanceSamples: pairs(1024), feedsFor: () => ({}) }, false, override));
    expect(store.count).toBe(256);
    expect(info).toMatchObject({ performanceSampleCount: 256, qslPerformanceSampleCount: 1024, countSource: 'performance_sample_count_override = 256 (user.conf:4)', loadedSampleCount: 256, cappedBy: null });
  });

  it('an override above the library is capped at it (LoadGen caps at the QSL total) and warned', () => {
    const { info } = loadSampleStore(withPerformanceCountOverride(pairs(64, 100), override));
    expect(info).toMatchObject({ performanceSampleCount: 256, loadedSampleCount: 100, cappedBy: 'library-size' });
    expect(sampleSetWarnings(info)[0]).toBe('the performance set holds 100 samples, fewer than the 256 asked for (performance_sample_count_override = 256 (user.conf:4)): the library has no more');
  });

  it("without an override the QSL's count is the count asked for", () => {
    expect(loadSampleStore(pairs(3)).info).toMatchObject({ performanceSampleCount: 3, qslPerformanceSampleCount: 3 });
  });

  it('no override, or 0, keeps the workload\'s count', () => {
    expect(withPerformanceCountOverride(pairs(64), undefined).performanceCount).toBe(64);
    expect(withPerformanceCountOverride(pairs(64), { count: 0, source: 'x' }).performanceCount).toBe(64);
  });
});
