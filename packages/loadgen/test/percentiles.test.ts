import { describe, expect, it } from 'vitest';
import { percentile } from '@modelbench/core';
import { countOverBound, latencyPercentiles, loadgenPercentile } from '../src/percentiles.ts';

describe('loadgen percentiles: sorted[floor(n × p)], no interpolation', () => {
  const shuffled = [7, 3, 10, 1, 9, 2, 8, 5, 4, 6];

  it('takes the element at floor(n × p) of the sorted values', () => {
    expect(loadgenPercentile(shuffled, 0.5)).toBe(6); // sorted[5]
    expect(loadgenPercentile(shuffled, 0.9)).toBe(10); // sorted[9]
    expect(loadgenPercentile(shuffled, 0)).toBe(1);
    // numpy's interpolated median of 1..10 is 5.5: loadgen's differs
    expect(percentile(shuffled, 50)).toBe(5.5);
  });

  it('p99 of 100 values is the largest, p90 the 91st', () => {
    const xs = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(loadgenPercentile(xs, 0.99)).toBe(100);
    expect(loadgenPercentile(xs, 0.9)).toBe(91);
    expect(loadgenPercentile(xs, 0.5)).toBe(51);
  });

  it('p99 of 1000 values is sorted[990]', () => {
    const xs = Array.from({ length: 1000 }, (_, i) => i + 1);
    expect(loadgenPercentile(xs, 0.99)).toBe(991);
    expect(latencyPercentiles(xs)).toMatchObject({ count: 1000, minMs: 1, maxMs: 1000, p50Ms: 501, p90Ms: 901, p95Ms: 951, p99Ms: 991, p999Ms: 1000, meanMs: 500.5 });
  });

  it('rejects p = 1 and empty input, as loadgen asserts p < 1', () => {
    expect(() => loadgenPercentile([1], 1)).toThrow(RangeError);
    expect(() => loadgenPercentile([], 0.5)).toThrow(RangeError);
  });

  it('counts latencies strictly over the bound', () => {
    expect(countOverBound([10, 15, 15.0001, 20], 15)).toBe(2);
  });
});
