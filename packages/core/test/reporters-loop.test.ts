/** The plain loop's rows: how it stopped (with the machine's load), and the efficiency with its range and, above 100 %, its reason. */
import { describe, expect, it } from 'vitest';
import { efficiencyText, renderHumanReport, stopText } from '../src/reporters.ts';
import type { RunRecord } from '../src/record.ts';
import { sample } from './sample-record.ts';

type Loop = NonNullable<RunRecord['loop']>;
const loop: Loop = { stopReason: 'rme-target', minIterations: 3, maxIterations: 10, timeBudgetSeconds: 20, targetRmePercent: 2, timedSeconds: 4.25, othersBusyPercent: 31.6, loadAverage1m: [3.1, 3.4], sessionLoadMs: 812.4, efficiencyRange: { low: 0.8, high: 0.85 } };

describe('the plain loop in the report', () => {
  it('says which bound stopped the loop and how busy the machine was', () => {
    expect(stopText(loop, 4)).toBe('mean known to ±2 % (95 %), 4.3 s timed; others used 32 % of the CPU');
    expect(stopText({ ...loop, stopReason: 'time-budget', othersBusyPercent: null }, 3)).toBe('20 s budget spent (at least 3 batches), 4.3 s timed');
    expect(stopText({ ...loop, stopReason: 'iterations', othersBusyPercent: null }, 10)).toBe('10 iterations (the cap; ±2 % not yet reached), 4.3 s timed');
    const text = renderHumanReport({ ...sample, loop });
    expect(text).toMatch(/^stopped\s+mean known to ±2 %/m);
    expect(text).toMatch(/^session load\s+812 ms$/m);
  });

  it('gives the efficiency range against the GEMM runs before and after the loop', () => {
    expect(efficiencyText({ ...sample, loop })).toBe('80.0 % of 290.0 GFLOP/s GEMM peak (80.0–85.0 % against the GEMM runs before and after the loop)');
  });

  it('never prints above 100 % without its reason on the same line', () => {
    const over = efficiencyText({ ...sample, efficiency: 1.12, loop: { ...loop, efficiencyRange: { low: 1.12, high: 1.2 } } });
    expect(over).toMatch(/^112\.0 % of 290\.0 GFLOP\/s GEMM peak \(112\.0–120\.0 % .*\) — above 100 %: the model's kernels .* ran faster than the 1024×1024 SGEMM yardstick/);
    // a peak calibrated apart from the run (compare's matrix: no loop range) says so
    expect(efficiencyText({ ...sample, efficiency: 3.35 })).toMatch(/^335\.0 % .* — above 100 %: the peak was calibrated apart from this run/);
  });
});
