import { describe, expect, it } from 'vitest';
import { max, mean, median, min, percentile, rme, sd, summarize, tQuantile975 } from '../src/stats.ts';

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

  it('summarize gathers every figure', () => {
    const s = summarize([2, 4]);
    expect(s).toEqual({ samples: 2, minMs: 2, maxMs: 4, meanMs: 3, sdMs: Math.SQRT2, medianMs: 3, p90Ms: 3.8, p95Ms: 3.9, p99Ms: 3.98, rmePercent: expect.any(Number) });
    // t(1) is the Cauchy quantile tan(0.475 π) = 12.7062047…
    expect(s.rmePercent).toBeCloseTo(((Math.tan(0.475 * Math.PI) * Math.SQRT2) / Math.SQRT2 / 3) * 100, 9);
  });
});
