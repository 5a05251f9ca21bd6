import { describe, expect, it } from 'vitest';
import type { RunRecord } from '@modelbench/core';
import { overheadRow, renderOverheadTable } from '../src/overhead-table.ts';

function record(partial: Partial<RunRecord>): RunRecord {
  return {
    latency: { samples: 3, minMs: 9, maxMs: 12, meanMs: 10, sdMs: 1, medianMs: 10, p90Ms: 11, p95Ms: 11.5, p99Ms: 11.9, rmePercent: 5 },
    config: { batch: 1, batchMode: 'tensor' },
    profile: null,
    gflopsPerSecond: 800,
    efficiency: 0.8,
    calibratedPeakGflopsPerSecond: 1000,
    ...partial,
  } as RunRecord;
}

describe('overhead table', () => {
  it('subtracts onnxruntime model_run from the median wall time per call', () => {
    const row = overheadRow(record({ profile: { tracePath: 'p', runs: 3, modelRunMeanMs: 9.9, operators: [] } }), record({ latency: { ...record({}).latency!, medianMs: 0.05 } }));
    expect(row.wallMinusModelRunMs).toBeCloseTo(0.1, 12);
    expect(row.nullBackendMs).toBe(0.05);
    const table = renderOverheadTable([row]);
    expect(table).toContain('| 1 | 10.00 | 11.90 | 800.0 | 80.0 % | 1000.0 | 0.100 | 1.00 % | 0.050 | 0.50 % |');
  });

  it('divides by the number of calls when a batch runs as consecutive calls', () => {
    const row = overheadRow(record({ config: { batch: 4, batchMode: 'sequential' } as RunRecord['config'], profile: { tracePath: 'p', runs: 3, modelRunMeanMs: 2.4, operators: [] } }), null);
    expect(row.wallMinusModelRunMs).toBeCloseTo(0.1, 12);
    expect(row.nullBackendMs).toBeNull();
  });

  it('refuses a record without latency', () => {
    expect(() => overheadRow(record({ latency: null, status: 'error' }), null)).toThrow(/no latency/);
  });
});
