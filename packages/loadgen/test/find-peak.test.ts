import { describe, expect, it } from 'vitest';
import { bisectionFinished, findPeakQps } from '../src/find-peak.ts';

/** A synthetic system: the p99 meets the bound at and below 37.3 QPS. */
const capacity = (limit: number) => async (qps: number) => ({ meets: qps <= limit });

describe('find-peak: loadgen bracket (× (1 + step)) then bisection to 10^−decimals', () => {
  it('from 5 QPS: 5 10 20 40✗ | 30 35 37.5✗ 36.25 36.875 37.1875 37.34375✗ 37.265625 → peak 37.265625', async () => {
    const r = await findPeakQps({ startQps: 5, step: 1, decimals: 1, maxHalvings: 4, maxProbes: 50 }, capacity(37.3));
    expect(r.probes.map((p) => p.qps)).toEqual([5, 10, 20, 40, 30, 35, 37.5, 36.25, 36.875, 37.1875, 37.34375, 37.265625]);
    expect(r.probes.map((p) => p.outcome.meets)).toEqual([true, true, true, false, true, true, false, true, true, true, false, true]);
    expect(r.peakQps).toBe(37.265625);
    expect(r.phase).toBe('found');
  });

  it('decimals 0 stops at whole QPS: [36.25, 37.5) is done since floor 36 + 1 ≥ floor 37', async () => {
    const r = await findPeakQps({ startQps: 5, step: 1, decimals: 0, maxHalvings: 4, maxProbes: 50 }, capacity(37.3));
    // 5 10 20 40✗ 30 35 37.5✗ 36.25
    expect(r.peakQps).toBe(36.25);
    expect(r.probes).toHaveLength(8);
  });

  it('the finish rule: floor(l·10^d) + 1 ≥ floor(u·10^d)', () => {
    expect(bisectionFinished(37.2, 37.3, 1)).toBe(true);
    expect(bisectionFinished(37.2, 37.31, 1)).toBe(true);
    expect(bisectionFinished(37.1, 37.3, 1)).toBe(false);
  });

  it('a start that misses is halved (loadgen would stop), and stops for good after maxHalvings', async () => {
    const r = await findPeakQps({ startQps: 50, step: 1, decimals: 0, maxHalvings: 4, maxProbes: 50 }, capacity(30));
    expect(r.probes.slice(0, 3).map((p) => p.qps)).toEqual([50, 25, 50]);
    expect(r.peakQps).toBeLessThanOrEqual(30);
    expect(r.peakQps).toBeGreaterThan(29);
    expect(r.notes[0]).toMatch(/halving/);
    const none = await findPeakQps({ startQps: 8, step: 1, decimals: 0, maxHalvings: 2, maxProbes: 50 }, capacity(1));
    expect(none).toMatchObject({ peakQps: undefined, phase: 'start-missed' });
    expect(none.probes.map((p) => p.qps)).toEqual([8, 4, 2]);
  });

  it('the probe cap ends the search with the best rate so far', async () => {
    const r = await findPeakQps({ startQps: 1, step: 1, decimals: 3, maxHalvings: 0, maxProbes: 5 }, capacity(1000));
    expect(r).toMatchObject({ phase: 'probe-cap', peakQps: 16 });
  });
});
