import { describe, expect, it } from 'vitest';
import { toCellView } from '../src/cell-view.ts';
import { batchMeansThroughput, completions, sweepWorkloads } from '../src/sweep.ts';
import { summarizeCells } from '../src/summary.ts';
import { sweepLoaded } from './sweep-records.ts';

const cells = sweepLoaded().map(toCellView);
const parts = summarizeCells(cells).parts;
const [resnet] = sweepWorkloads(cells, parts);

describe('batch means of the throughput', () => {
  it('cuts the completions in 5 consecutive blocks: 10, 10, 5, 5, 10 samples/s → mean 8, sd √7.5', () => {
    // batches of 100,100 | 100,100 | 200,200 | 200,200 | 100,100 ms, one sample each: completions at their running sums
    const done = [100, 200, 300, 400, 600, 800, 1000, 1200, 1300, 1400];
    const s = batchMeansThroughput(done, 1)!;
    expect(s.blocks).toBe(5);
    expect(s.meanPerSecond).toBeCloseTo(8, 12);
    expect(s.sdPerSecond).toBeCloseTo(Math.sqrt(7.5), 12); // deviations 2, 2, −3, −3, 2: 30 / 4
    // with 4 samples a completion every block carries 4× the rate
    expect(batchMeansThroughput(done, 4)!.sdPerSecond).toBeCloseTo(4 * Math.sqrt(7.5), 12);
    expect(batchMeansThroughput([100], 1)).toBeNull();
    // 3 completions: 3 blocks of one, 1/0.1, 1/0.1, 1/0.2 s → 10, 10, 5
    expect(batchMeansThroughput([100, 200, 400], 1, 5)).toMatchObject({ blocks: 3, meanPerSecond: 25 / 3 });
  });

  it('takes a plain cell\'s running sums, a closed-loop scenario\'s due + latency, offline\'s sample completions', () => {
    const plain = cells.find((c) => c.scenario === null)!;
    expect(completions(plain)).toEqual({ doneMs: [100, 200, 300, 400, 600, 800, 1000, 1200, 1300, 1400], samplesEach: 1 });
    const ss = cells.find((c) => c.scenario === 'single-stream' && c.threads === 1)!;
    expect(completions(ss)!.doneMs).toEqual([90, 190, 300, 400, 500, 600, 700, 800, 900, 1000]);
    const off = cells.find((c) => c.scenario === 'offline' && c.coresUsed === 1)!;
    expect(completions(off)!.doneMs.slice(0, 3)).toEqual([100, 200, 300]);
  });
});

describe('throughput against cores used', () => {
  it('gives offline speedup and parallel efficiency against the 1 × 1 cell', () => {
    const offline = resnet!.scaling.find((g) => g.label.includes('offline'))!;
    expect(offline.label).toBe('ort-cpu fp32 offline, batch 1');
    expect(offline.baseline).toBe('1 × 1 (1 core)');
    // 20, 36, 38, 60 samples in 2 s → 10, 18, 19, 30 samples/s on 1, 2, 2, 4 cores
    expect(offline.rows.map((r) => [`${r.instances}×${r.threads}`, r.coresUsed, r.samplesPerSecond])).toEqual([
      ['1×1', 1, 10],
      ['1×2', 2, 18],
      ['2×1', 2, 19],
      ['2×2', 4, 30],
    ]);
    expect(offline.rows.map((r) => r.speedup)).toEqual([1, 1.8, 1.9, 3]);
    const eff = offline.rows.map((r) => r.parallelEfficiency!);
    [1, 0.9, 0.95, 0.75].forEach((e, i) => expect(eff[i]).toBeCloseTo(e, 12));
    // evenly spaced completions: no spread between blocks
    expect(offline.rows[0]!.sdSamplesPerSecond).toBeCloseTo(0, 9);
  });

  it('keeps single-stream and the plain loop in their own groups, server out of the scaling', () => {
    const ss = resnet!.scaling.find((g) => g.label.includes('single-stream'))!;
    // 10 queries in 1 s and in 0.6 s
    expect(ss.rows.map((r) => r.samplesPerSecond)).toEqual([10, 10 / 0.6]);
    expect(ss.rows[1]!.parallelEfficiency).toBeCloseTo(10 / 0.6 / 2 / 10, 12);
    // closed loop completions 90, 190 | 300, 400 | … : blocks of 2 queries over 190, 210, 200, 200, 200 ms
    const rates = [2 / 0.19, 2 / 0.21, 10, 10, 10];
    const mean = rates.reduce((a, b) => a + b) / 5;
    expect(ss.rows[0]!.sdSamplesPerSecond).toBeCloseTo(Math.sqrt(rates.reduce((a, r) => a + (r - mean) ** 2, 0) / 4), 9);
    const plain = resnet!.scaling.find((g) => g.label.includes('plain'))!;
    expect(plain.rows.map((r) => [r.coresUsed, r.samplesPerSecond, r.sdSamplesPerSecond])).toEqual([[2, 10, Math.sqrt(7.5)]]);
    expect(resnet!.scaling.some((g) => g.label.includes('server'))).toBe(false);
  });
});

describe('server latency against throughput', () => {
  it('draws find-peak probes in target order, and cells at their own target QPS as one series', () => {
    const peak = resnet!.server.find((s) => s.from === 'find-peak')!;
    expect(peak.points.map((p) => [p.targetQps, p.achievedQps, p.p99Ms, p.meets])).toEqual([
      [8, 7.9, 60, true],
      [12, 11.8, 90, true],
      [16, 12, 400, false],
    ]);
    const cellsSeries = resnet!.server.find((s) => s.from === 'cells')!;
    expect(cellsSeries.label).toBe('ort-cpu fp32 2t ×1');
    // p99 of 4 queries is the max (loadgen: sorted[floor(0.99 × 4)]); bound 100 ms
    expect(cellsSeries.points.map((p) => [p.targetQps, p.achievedQps, p.p99Ms, p.meets])).toEqual([
      [5, 4.9, 50, true],
      [10, 9.7, 180, false],
    ]);
  });
});

describe('latency distributions', () => {
  it('gives every measured cell its CDF: queries for scenarios, batches for the plain loop, completions for offline', () => {
    expect(resnet!.cdfs).toHaveLength(cells.length);
    const ss = resnet!.cdfs.find((c) => c.label === 'ort-cpu fp32 1t single-stream ×1')!;
    // 90, then eight 100s, then 110: the CDF's steps at ranks 1…10
    expect(ss.cdf.ms).toEqual([90, 100, 100, 100, 100, 100, 100, 100, 100, 110]);
    expect(ss.cdf.fraction).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    const off = resnet!.cdfs.filter((c) => c.of === 'completion');
    expect(off).toHaveLength(4);
    expect(off[0]!.cdf.ms.at(-1)).toBe(2000);
  });
});
