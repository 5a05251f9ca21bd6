import { describe, expect, it } from 'vitest';
import { latencyCdf, scalingPoints, serverCurve } from '../src/scaling.ts';

const run = (instances: number, threadsPerInstance: number, samplesPerSecond: number, scenario = 'offline') => ({
  settings: { instances, threadsPerInstance, scenario } as never,
  totals: { samplesPerSecond } as never,
});

describe('scaling against cores used', () => {
  it('baseline 1 × 1 at 10/s: 2 × 1 at 18/s is speedup 1.8, efficiency 0.9; 1 × 4 at 30/s efficiency 0.75', () => {
    const pts = scalingPoints([run(1, 4, 30), run(2, 1, 18), run(1, 1, 10), run(1, 2, 16)]);
    expect(pts.map((p) => [p.instances, p.threadsPerInstance, p.coresUsed])).toEqual([
      [1, 1, 1],
      [1, 2, 2],
      [2, 1, 2],
      [1, 4, 4],
    ]);
    expect(pts.map((p) => p.speedup)).toEqual([1, 1.6, 1.8, 3]);
    expect(pts.map((p) => p.parallelEfficiency)).toEqual([1, 0.8, 0.9, 0.75]);
  });

  it('without a 1-core run the fewest cores are the baseline', () => {
    const pts = scalingPoints([run(2, 2, 40), run(1, 2, 25)]);
    expect(pts[1]!.parallelEfficiency).toBe(0.8); // (40 / 4) / (25 / 2)
    expect(scalingPoints([])).toEqual([]);
  });

  it('single-stream on 2 instances and server report no parallel efficiency (#23: one query at a time cannot use a 2nd instance)', () => {
    const pts = scalingPoints([run(1, 1, 20, 'single-stream'), run(2, 1, 20, 'single-stream'), run(1, 2, 30, 'single-stream')]);
    // 1 × 2 threads is intra-op scaling of the one query: (30 / 2) / 20 = 0.75
    expect(pts.map((p) => [p.instances, p.threadsPerInstance, p.parallelEfficiency])).toEqual([[1, 1, 1], [1, 2, 0.75], [2, 1, null]]);
    expect(scalingPoints([run(1, 1, 5, 'server')])[0]!.parallelEfficiency).toBeNull();
  });
});

describe('latency CDF', () => {
  it('every point when few: 4 latencies give quarters', () => {
    expect(latencyCdf([4, 1, 3, 2])).toEqual({ ms: [1, 2, 3, 4], fraction: [0.25, 0.5, 0.75, 1] });
  });

  it('thins to evenly spaced ranks and keeps the maximum: 10 values at most 4 points → ranks 3, 6, 9, 10', () => {
    const xs = Array.from({ length: 10 }, (_, i) => 10 - i);
    expect(latencyCdf(xs, 4)).toEqual({ ms: [3, 6, 9, 10], fraction: [0.3, 0.6, 0.9, 1] });
  });
});

describe('server curve', () => {
  it('orders the find-peak probes by target rate', () => {
    const probes = [
      { qps: 20, meets: false, p99Ms: 80, achievedQps: 15, queries: 10, stopReason: 'bound-certainly-missed' },
      { qps: 10, meets: true, p99Ms: 12, achievedQps: 9.8, queries: 100, stopReason: 'schedule-done' },
    ];
    expect(serverCurve({ findPeak: { boundMs: 15, peakQps: 10, phase: 'found', probes, notes: [] } })).toEqual([
      { targetQps: 10, achievedQps: 9.8, p99Ms: 12, meets: true },
      { targetQps: 20, achievedQps: 15, p99Ms: 80, meets: false },
    ]);
    expect(serverCurve({})).toEqual([]);
  });
});
