import { describe, expect, it } from 'vitest';
import { exponentialGapMs, poissonSchedule, sampleIndices, SeededUniform } from '../src/arrivals.ts';

describe('seeded Poisson arrivals', () => {
  it('inverts the exponential CDF: u = 1 − e^−1 at 2 QPS is a 500 ms gap; u = 0 is no gap', () => {
    expect(exponentialGapMs(1 - Math.exp(-1), 2)).toBeCloseTo(500, 9);
    expect(exponentialGapMs(0, 5)).toBe(0);
    expect(exponentialGapMs(0.5, 10)).toBeCloseTo(69.3147, 3); // ln 2 / 10 s
  });

  it('the same seed gives the same schedule; another seed another', () => {
    const plan = { targetQps: 20, minDurationMs: 5000, minQueries: 10, seed: 7 };
    expect(poissonSchedule(plan)).toEqual(poissonSchedule(plan));
    expect(poissonSchedule({ ...plan, seed: 8 })).not.toEqual(poissonSchedule(plan));
  });

  it('stops as loadgen does: the last query is past the minimum duration, the one before is not', () => {
    const t = poissonSchedule({ targetQps: 10, minDurationMs: 3000, minQueries: 5, seed: 1 });
    expect(t[0]).toBe(0);
    expect(t[t.length - 1]!).toBeGreaterThanOrEqual(3000);
    expect(t[t.length - 2]!).toBeLessThan(3000);
    expect(poissonSchedule({ targetQps: 1, minDurationMs: 0, minQueries: 40, seed: 1 })).toHaveLength(40);
  });

  it('over 4000 s at 10 QPS: mean gap 100 ms, coefficient of variation 1, counts per second with variance ≈ mean', () => {
    const t = poissonSchedule({ targetQps: 10, minDurationMs: 4_000_000, minQueries: 1, seed: 2026 });
    const gaps = t.slice(1).map((x, i) => x - t[i]!);
    const n = gaps.length;
    const mean = gaps.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(gaps.reduce((a, g) => a + (g - mean) ** 2, 0) / (n - 1));
    // n ≈ 40,000: the mean's standard error is 100 / √n = 0.5 ms; allow 4 of them
    expect(Math.abs(mean - 100)).toBeLessThan(2);
    expect(Math.abs(sd / mean - 1)).toBeLessThan(0.03);
    const perSecond = new Array(4000).fill(0);
    for (const x of t) if (x < 4_000_000) perSecond[Math.floor(x / 1000)]++;
    const m = perSecond.reduce((a, b) => a + b, 0) / perSecond.length;
    const v = perSecond.reduce((a, c) => a + (c - m) ** 2, 0) / (perSecond.length - 1);
    expect(Math.abs(m - 10)).toBeLessThan(0.25);
    // index of dispersion of a Poisson count is 1; its standard error over 4000 windows is √(2/3999) ≈ 0.022
    expect(Math.abs(v / m - 1)).toBeLessThan(0.1);
    // P(gap > mean) = e^−1 for an exponential
    expect(Math.abs(gaps.filter((g) => g > 100).length / n - Math.exp(-1))).toBeLessThan(0.01);
  });

  it('rejects a rate ≤ 0', () => {
    expect(() => poissonSchedule({ targetQps: 0, minDurationMs: 1, minQueries: 1, seed: 0 })).toThrow(RangeError);
  });

  it('the uniform generator is mulberry32 (first value of seed 0 matches @modelbench/models Rng)', async () => {
    const { Rng } = await import('@modelbench/models');
    const a = new SeededUniform(42);
    const b = new Rng(42);
    for (let i = 0; i < 5; i++) expect(a.next()).toBe(b.uniform());
  });

  it('sample indices stay in the performance set', () => {
    const rows = sampleIndices(50, 8, 3, 1);
    expect(rows).toHaveLength(50);
    expect(rows.flat().every((i) => i >= 0 && i < 3 && Number.isInteger(i))).toBe(true);
    expect(new Set(rows.flat()).size).toBe(3);
  });
});
