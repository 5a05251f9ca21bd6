import { describe, expect, it } from 'vitest';
import { max, mean, median, min, nearestRankPercentile, percentile, rme, sd, summarize, tailPercentile, tQuantile975 } from '../src/stats.ts';

const ten = [7, 1, 10, 3, 5, 2, 9, 4, 8, 6]; // 1..10, shuffled

describe('statistics', () => {
  it('min, max, mean', () => {
    expect(min(ten)).toBe(1);
    expect(max(ten)).toBe(10);
    expect(mean(ten)).toBe(5.5);
  });

  it('sample standard deviation divides by n-1', () => {
    expect(sd(ten)).toBeCloseTo(Math.sqrt(82.5 / 9), 12); // Σ(x-5.5)² = 82.5
    expect(sd([4, 4, 4])).toBe(0);
    expect(sd([42])).toBe(0);
  });

  it('percentiles interpolate linearly between closest ranks (numpy default)', () => {
    expect(median(ten)).toBe(5.5);
    expect(median([3, 1, 2])).toBe(2);
    expect(percentile(ten, 90)).toBeCloseTo(9.1, 12);
    expect(percentile(ten, 95)).toBeCloseTo(9.55, 12);
    expect(percentile(ten, 99)).toBeCloseTo(9.91, 12);
    expect(percentile(ten, 0)).toBe(1);
    expect(percentile(ten, 100)).toBe(10);
    expect(percentile([5], 99)).toBe(5);
  });

  it('relative margin of error uses Student t at 95 %', () => {
    // t(9) = 2.262157162798205 (scipy 1.17.1 stats.t.ppf(0.975, 9)); 2.262157… · (sd / √10) / 5.5 · 100 with sd = √(82.5/9),
    // = scipy.stats.sem(1..10) · t / mean · 100
    expect(tQuantile975(9)).toBeCloseTo(2.262157162798205, 12);
    expect(rme(ten)).toBeCloseTo(39.37910163033035, 10);
    expect(rme([3])).toBe(0);
  });

  it('rejects empty samples and bad percentiles', () => {
    expect(() => mean([])).toThrow(RangeError);
    expect(() => percentile(ten, 101)).toThrow(/percentile/);
  });

  it("tail percentiles are LoadGen's sorted[floor(n·p)], from the count at which each exists (p90: 10, p95: 20, p99: 100)", () => {
    const upTo = (n: number) => Array.from({ length: n }, (_, i) => n - i); // n, n-1, …, 1 (unsorted on purpose)
    expect(nearestRankPercentile(upTo(10), 90)).toBe(10); // sorted[9]
    expect(nearestRankPercentile(upTo(20), 90)).toBe(19); // sorted[18]
    expect(nearestRankPercentile(upTo(100), 90)).toBe(91); // sorted[90]; numpy's interpolation would say 90.1
    expect(nearestRankPercentile(upTo(100), 99)).toBe(100); // sorted[99]
    expect(tailPercentile(upTo(9), 90)).toBeNull();
    expect(tailPercentile(upTo(19), 95)).toBeNull();
    expect(tailPercentile(upTo(20), 95)).toBe(20);
    expect(tailPercentile(upTo(99), 99)).toBeNull();
    const s = summarize(upTo(100));
    expect([s.p90Ms, s.p95Ms, s.p99Ms]).toEqual([91, 96, 100]);
    expect(() => nearestRankPercentile([1], 100)).toThrow(RangeError);
  });

  it('summarize gathers every figure', () => {
    const s = summarize([2, 4]);
    // two samples define no tail percentile (p90 needs 10): null, not an interpolation between the two
    expect(s).toEqual({ samples: 2, minMs: 2, maxMs: 4, meanMs: 3, sdMs: Math.SQRT2, medianMs: 3, p90Ms: null, p95Ms: null, p99Ms: null, rmePercent: expect.any(Number) });
    // t(1) is the Cauchy quantile tan(0.475 π) = 12.7062047…
    expect(s.rmePercent).toBeCloseTo(((Math.tan(0.475 * Math.PI) * Math.SQRT2) / Math.SQRT2 / 3) * 100, 9);
  });
});
