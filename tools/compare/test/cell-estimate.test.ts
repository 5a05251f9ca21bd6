import { describe, expect, it } from 'vitest';
import { DEFAULT_SCENARIO_SECONDS, estimateCellSeconds, estimateCellsSeconds } from '../src/cell-estimate.ts';
import { estimateRemainingMs } from '../src/progress.ts';

describe('the per-cell estimate (before any cell is measured)', () => {
  it('is half set-up, half batches of the reference run, scaled by the batches asked for; bf16 twice; scenarios their run length', () => {
    // resnet50's reference run: 76 s = 38 s set-up + 11 batches of 38/11 s
    expect(estimateCellSeconds({ workload: 'resnet50', precision: 'fp32', scenario: null, iterations: null, warmup: null })).toBeCloseTo(76, 10);
    expect(estimateCellSeconds({ workload: 'resnet50', precision: 'fp32', scenario: null, iterations: 20, warmup: 2 })).toBeCloseTo(38 + 76, 10);
    expect(estimateCellSeconds({ workload: 'resnet50', precision: 'bf16', scenario: null, iterations: 20, warmup: 2 })).toBeCloseTo(38 + 152, 10);
    expect(estimateCellSeconds({ workload: 'resnet50', precision: 'fp32', scenario: 'offline', iterations: null, warmup: null, minDurationSeconds: 5 })).toBeCloseTo(38 + 38 / 11 + 5, 10);
    expect(estimateCellSeconds({ workload: 'resnet50', precision: 'fp32', scenario: 'server', iterations: null, warmup: null })).toBeCloseTo(38 + 38 / 11 + DEFAULT_SCENARIO_SECONDS, 10);
    // an unknown workload counts as the slowest (maskrcnn, 639 s)
    expect(estimateCellSeconds({ workload: 'other', precision: 'fp32', scenario: null, iterations: null, warmup: null })).toBeCloseTo(639, 10);
    expect(estimateCellsSeconds([])).toBe(0);
  });

  it('stands in for the remaining time until the first cell is measured, then the measured mean takes over', () => {
    expect(estimateRemainingMs([], 3, 90_000)).toBe(90_000);
    expect(estimateRemainingMs([], 3)).toBeNull();
    expect(estimateRemainingMs([10_000], 3, 90_000)).toBe(30_000);
  });
});
