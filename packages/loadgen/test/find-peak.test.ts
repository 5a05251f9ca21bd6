import { describe, expect, it } from 'vitest';
import { atDecimals, bisectionFinished, findPeakQps } from '../src/find-peak.ts';

/** A synthetic system: the p99 meets the bound at and below `limit` QPS. */
const capacity = (limit: number) => async (qps: number) => ({ meets: qps <= limit });

describe('find-peak: loadgen\'s FindPeakPerformanceMode — bracket (× (1 + step)), then bisection to 10^−decimals', () => {
  it('from 5 QPS: 5 10 20 40✗ | 30 35 37.5✗ 36.25 36.875 37.1875 37.34375✗ 37.265625 → peak 37.265625, 37.2 to 1 decimal', async () => {
    const r = await findPeakQps({ startQps: 5, step: 1, decimals: 1, maxHalvings: 0 }, capacity(37.3));
    expect(r.probes.map((p) => p.qps)).toEqual([5, 10, 20, 40, 30, 35, 37.5, 36.25, 36.875, 37.1875, 37.34375, 37.265625]);
    expect(r.probes.map((p) => p.outcome.meets)).toEqual([true, true, true, false, true, true, false, true, true, true, false, true]);
    expect(r).toMatchObject({ peakQps: 37.265625, peakQpsAtDecimals: 37.2, phase: 'found' });
  });

  it('decimals 0: [36.25, 37.5) is done since floor 36 + 1 ≥ floor 37; the peak to 0 decimals is 36', async () => {
    const r = await findPeakQps({ startQps: 5, step: 1, decimals: 0, maxHalvings: 0 }, capacity(37.3));
    expect(r.probes.map((p) => p.qps)).toEqual([5, 10, 20, 40, 30, 35, 37.5, 36.25]);
    expect(r).toMatchObject({ peakQps: 36.25, peakQpsAtDecimals: 36 });
  });

  it('no cap on the runs: 2 decimals from 1 QPS to a 999.997 limit takes 11 widenings and 16 bisections → 999.9921875', async () => {
    const r = await findPeakQps({ startQps: 1, step: 1, decimals: 2, maxHalvings: 0 }, capacity(999.997));
    // 1, 2, …, 512 meet, 1024 misses; bisection halves 512 down to 512 / 2^16 = 0.0078125; the last lower bound is
    // 512 + 62463 × 0.0078125 = 999.9921875 and the upper 1000: floor(99999.2) + 1 ≥ floor(100000)
    expect(r.probes).toHaveLength(27);
    expect(r).toMatchObject({ peakQps: 999.9921875, peakQpsAtDecimals: 999.99, phase: 'found' });
  });

  it('the finish rule: floor(l·10^d) + 1 ≥ floor(u·10^d); atDecimals floors', () => {
    expect(bisectionFinished(37.2, 37.3, 1)).toBe(true);
    expect(bisectionFinished(37.2, 37.31, 1)).toBe(true);
    expect(bisectionFinished(37.1, 37.3, 1)).toBe(false);
    expect(atDecimals(11.25, 0)).toBe(11);
    expect(atDecimals(999.9921875, 2)).toBe(999.99);
  });

  it('a start the user gave that misses ends the search, as in loadgen', async () => {
    const r = await findPeakQps({ startQps: 8, step: 1, decimals: 0, maxHalvings: 0 }, capacity(1));
    expect(r).toMatchObject({ peakQps: undefined, phase: 'start-missed' });
    expect(r.probes.map((p) => p.qps)).toEqual([8]);
    expect(r.notes[0]).toMatch(/needs a start that meets it/);
  });

  it('a guessed start that misses is halved, and the lowest missed rate is the upper bound: no rate runs twice', async () => {
    const r = await findPeakQps({ startQps: 50, step: 1, decimals: 0, maxHalvings: 4 }, capacity(30));
    // 50✗ 25✓ | [25, 50): 37.5✗ 31.25✗ 28.125✓ 29.6875✓ 30.46875✗ → [29.6875, 30.46875): 29 + 1 ≥ 30
    expect(r.probes.map((p) => p.qps)).toEqual([50, 25, 37.5, 31.25, 28.125, 29.6875, 30.46875]);
    expect(r).toMatchObject({ peakQps: 29.6875, peakQpsAtDecimals: 29 });
    expect(new Set(r.probes.map((p) => p.qps)).size).toBe(r.probes.length);
    const none = await findPeakQps({ startQps: 8, step: 1, decimals: 0, maxHalvings: 2 }, capacity(1));
    expect(none).toMatchObject({ peakQps: undefined, phase: 'start-missed' });
    expect(none.probes.map((p) => p.qps)).toEqual([8, 4, 2]);
  });
});
