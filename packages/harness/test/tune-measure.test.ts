/**
 * tune's figures, worked by hand: the offline rate's 95 % interval by batch means over time windows, the server
 * find-peak's bracket, the default grid and the cells --confirm-s measures.
 */
import { describe, expect, it } from 'vitest';
import type { ScenarioResult } from '@modelbench/loadgen';
import { confirmCells } from '../src/tune/confirm.ts';
import { coreSplits, defaultBatches, parseBatches, tuneCells } from '../src/tune/grid.ts';
import { offlineRateInterval } from '../src/tune/interval.ts';
import { serverEstimate } from '../src/tune/measure.ts';

describe('the offline rate interval', () => {
  it('is the mean ± t·sd/√m of the window rates: 2 windows of 1 s holding 10 and 12 samples → 11/s ± 12.706 · 1.414/√2', () => {
    const done = [...Array.from({ length: 10 }, (_, i) => 0.05 + i * 0.09), ...Array.from({ length: 12 }, (_, i) => 1.05 + i * 0.07)].map((s) => s * 1000);
    const r = offlineRateInterval(done, 2000, 6, 2);
    expect(r.value).toBeCloseTo(11, 12);
    expect(r.windows).toBe(2);
    // rates 10 and 12: sd √2, t(0.975, 1) = 12.706
    expect(r.high! - r.value).toBeCloseTo((12.706 * Math.SQRT2) / Math.SQRT2, 2);
    expect(r.low).toBe(0); // 11 − 12.7 < 0: clipped at zero
  });

  it('has no interval with fewer than 6 calls (a window needs about 3)', () => {
    expect(offlineRateInterval([1000, 2000, 3000, 4000, 5000], 5000, 5)).toEqual({ value: 1, low: null, high: null, windows: 0 });
  });
});

describe('the server figure', () => {
  const result = (findPeak: ScenarioResult['findPeak']): ScenarioResult => ({ findPeak }) as ScenarioResult;
  it('is the peak QPS, bracketed by the lowest QPS above it that missed the bound', () => {
    const probes = [
      { qps: 10, meets: true },
      { qps: 20, meets: true },
      { qps: 40, meets: false },
      { qps: 30, meets: false },
      { qps: 25, meets: true },
    ].map((p) => ({ ...p, p99Ms: 1, achievedQps: p.qps, queries: 10, stopReason: 'x' }));
    expect(serverEstimate(result({ boundMs: 100, peakQps: 25, phase: 'found', probes, notes: [] }))).toEqual({ value: 25, low: 25, high: 30, valid: true, note: 'p99 bound 100 ms; 5 probes' });
  });
  it('is not valid where no QPS met the bound', () => {
    const probes = [{ qps: 4, meets: false, p99Ms: 300, achievedQps: 4, queries: 10, stopReason: 'x' }];
    expect(serverEstimate(result({ boundMs: 15, peakQps: undefined, phase: 'start-missed', probes, notes: [] }))).toMatchObject({ valid: false, note: 'no QPS met the 15 ms bound (lowest tried 4)' });
  });
});

describe('the grid', () => {
  it('splits the cores every way that uses them all, a split\'s batches together', () => {
    expect(coreSplits(4)).toEqual([{ instances: 1, threads: 4 }, { instances: 2, threads: 2 }, { instances: 4, threads: 1 }]);
    expect(coreSplits(6).map((s) => `${s.instances}x${s.threads}`)).toEqual(['1x6', '2x3', '3x2', '6x1']);
    expect(tuneCells(2, [1, 8]).map((c) => `${c.instances}x${c.threads}b${c.batch}`)).toEqual(['1x2b1', '1x2b8', '2x1b1', '2x1b8']);
  });
  it("defaults to 1, 4, 16 and the workload's batch up to 32; --batches is checked", () => {
    expect(defaultBatches(32)).toEqual([1, 4, 16, 32]);
    expect(defaultBatches(64)).toEqual([1, 4, 16]);
    expect(defaultBatches(8)).toEqual([1, 4, 8]);
    expect(parseBatches('8,1,8')).toEqual([1, 8]);
    expect(() => parseBatches('1,x')).toThrow(/--batches must be a comma-separated list/);
  });
  it('--confirm-s measures the best, 1 × cores and cores × 1 at its batch and at 1, each once', () => {
    expect(confirmCells({ instances: 2, threads: 1, batch: 8 }, 2).map((c) => `${c.instances}x${c.threads}b${c.batch}`)).toEqual(['1x2b1', '1x2b8', '2x1b1', '2x1b8']);
    expect(confirmCells({ instances: 2, threads: 2, batch: 1 }, 4).map((c) => `${c.instances}x${c.threads}b${c.batch}`)).toEqual(['1x4b1', '2x2b1', '4x1b1']);
  });
});
