import { describe, expect, it } from 'vitest';
import type { ProfileInfo } from '@modelbench/core';
import { compareOperatorProfiles, operatorComparisonTable } from '../src/operator-comparison.ts';

const prof = (runs: number, ops: [string, number][]): ProfileInfo => ({
  tracePath: 't',
  runs,
  modelRunMeanMs: null,
  operators: ops.map(([opType, totalMs]) => ({ opType, calls: 1, totalMs, meanMs: totalMs, percent: 0 })),
});

describe('operator profiles, fp32 against the candidate', () => {
  it('compares per run: slower, faster, only on one side', () => {
    const rows = compareOperatorProfiles(prof(2, [['Conv', 100], ['Relu', 10]]), prof(1, [['Conv', 80], ['Cast', 5], ['Relu', 5]]));
    // per run: Conv 100/2 = 50 vs 80, Relu 10/2 = 5 vs 5, Cast only in the candidate
    expect(rows.map((r) => [r.opType, r.referenceMsPerRun, r.candidateMsPerRun])).toEqual([
      ['Conv', 50, 80],
      ['Cast', null, 5],
      ['Relu', 5, 5],
    ]);
    expect(rows[0]!.ratio).toBeCloseTo(1.6, 12);
    const text = operatorComparisonTable(rows, 'bf16 (emulated)', 10);
    expect(text).toMatch(/Conv\s+50\.000\s+80\.000\s+1\.60×\s+slower/);
    expect(text).toMatch(/Cast\s+—\s+5\.000\s+—\s+only in candidate/);
    expect(text.split('\n')[0]).toMatch(/operator\s+fp32 ms\/run\s+bf16 \(emulated\) ms\/run\s+ratio/);
  });
});
