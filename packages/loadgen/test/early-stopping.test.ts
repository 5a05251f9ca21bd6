/**
 * Worked values, computed independently with exact rational arithmetic (Python fractions: the smallest h with
 * Σ_{x≤t} C(h+t,x) p^(h+t−x) (1−p)^x < 0.01), and cross-checked against MLPerf's own published figures: loadgen's
 * "Need to process at least 64 queries" for single-stream p90, and mlperf.conf's MultiStream min_query_count = 662.
 */
import { describe, expect, it } from 'vitest';
import { binomialOdds, minPassingQueries, serverEarlyStopping, streamEarlyStopping } from '../src/early-stopping.ts';

describe('minPassingQueries (c = 0.99, d = 0)', () => {
  it('t = 0 is ceil(ln 0.01 / ln p)', () => {
    expect(minPassingQueries(0, 0.9)).toBe(44); // 0.9^44 = 0.0097 < 0.01 ≤ 0.9^43 = 0.0108
    expect(minPassingQueries(0, 0.99)).toBe(459);
  });

  it('t = 1: 0.9^h (1 + 0.1 h) < 0.01 first at h = 63 (0.009563; h = 62 gives 0.010480)', () => {
    expect(binomialOdds(63, 1, 0.9)).toBeCloseTo(0.0095631, 6);
    expect(binomialOdds(62, 1, 0.9)).toBeCloseTo(0.0104802, 6);
    expect(minPassingQueries(1, 0.9)).toBe(63);
  });

  it('more over-latency queries need more passing ones', () => {
    expect(minPassingQueries(2, 0.9)).toBe(79);
    expect(minPassingQueries(3, 0.9)).toBe(94);
    expect(minPassingQueries(1, 0.99)).toBe(661);
    expect(minPassingQueries(5, 0.99)).toBe(1302);
  });
});

describe('single/multi-stream early-stopping estimate', () => {
  it('needs 64 queries at p90 and 662 at p99', () => {
    const at63 = streamEarlyStopping(Array.from({ length: 63 }, (_, i) => i), 0.9);
    expect(at63).toEqual({ minQueries: 64, met: false });
    expect(streamEarlyStopping(Array.from({ length: 661 }, (_, i) => i), 0.99).met).toBe(false);
    expect(streamEarlyStopping(Array.from({ length: 662 }, (_, i) => i), 0.99).minQueries).toBe(662);
  });

  it('64 queries: t = 1, the estimate is the largest latency', () => {
    const xs = Array.from({ length: 64 }, (_, i) => 64 - i);
    expect(streamEarlyStopping(xs, 0.9)).toEqual({ minQueries: 64, met: true, estimateMs: 64, overLatencyAllowed: 1 });
  });

  it('100 queries: t = 3 (h(3) + 3 = 97 ≤ 100 < h(4) + 4), discard the 2 highest: sorted[97]', () => {
    const xs = Array.from({ length: 100 }, (_, i) => (i * 37) % 100 + 1); // 1..100 shuffled
    expect(streamEarlyStopping(xs, 0.9)).toMatchObject({ met: true, overLatencyAllowed: 3, estimateMs: 98 });
  });

  it('200 queries: t = 10, the estimate is sorted[190]', () => {
    const xs = Array.from({ length: 200 }, (_, i) => i + 1);
    expect(streamEarlyStopping(xs, 0.9)).toMatchObject({ overLatencyAllowed: 10, estimateMs: 191 });
  });
});

describe('server early stopping', () => {
  it('no over-latency query: 459 queries needed', () => {
    expect(serverEarlyStopping(new Array(458).fill(1), 10, 0.99)).toEqual({ overLatency: 0, queriesNeeded: 459, met: false });
    expect(serverEarlyStopping(new Array(459).fill(1), 10, 0.99).met).toBe(true);
  });

  it('one over the bound: 661 + 1 = 662 needed; a latency equal to the bound is not over', () => {
    const xs = [...new Array(700).fill(1), 11];
    expect(serverEarlyStopping(xs, 10, 0.99)).toEqual({ overLatency: 1, queriesNeeded: 662, met: true });
    expect(serverEarlyStopping([...new Array(459).fill(1), 10], 10, 0.99).overLatency).toBe(0);
  });
});
