/** The Nx run summary (tools/nx-plugin/summary.cjs): a load scenario's row shows MLPerf's metric, the plain percentile beside it. */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const summary = createRequire(import.meta.url)('../../../tools/nx-plugin/summary.cjs') as { summaryRows(records: unknown[]): Record<string, string>[] };

const scenarioRecord = (headline: Record<string, unknown>, verdict: string) => ({
  workload: 'resnet50', mode: 'performance', status: 'ok', config: { batch: 1 }, backend: { precision: 'fp32', execution: 'native' },
  latency: { samples: 64, medianMs: 50, rmePercent: 1 }, throughputSamplesPerSecond: 20, error: null,
  scenario: { scenario: 'single-stream', validity: { verdict, reasons: [] }, headline },
});

describe('the run summary of a scenario task', () => {
  it('its verdict column carries the validity and MLPerf\'s metric, with the plain percentile beside it', () => {
    // the resnet50 single-stream run: estimate 64.29 ms against a plain p90 of 53.99 ms
    const ss = scenarioRecord({ mlperfName: 'Early stopping 90th percentile estimate', mlperfKey: 'early_stopping_latency_ss', value: 64.29, unit: 'ms', better: 'lower', plain: { name: 'p90 latency', value: 53.99, unit: 'ms' } }, 'VALID');
    const server = scenarioRecord({ mlperfName: 'Completed samples per second', mlperfKey: 'result_completed_samples_per_sec', value: 9.876, unit: 'samples/s', better: 'higher', plain: { name: 'p99 latency', value: 120, unit: 'ms' } }, 'INVALID');
    const none = scenarioRecord({ mlperfName: 'Early stopping 90th percentile estimate', mlperfKey: 'early_stopping_latency_ss', value: null, unit: 'ms', better: 'lower', plain: { name: 'p90 latency', value: 5, unit: 'ms' }, missing: 'too few' }, 'INVALID');
    expect(summary.summaryRows([ss, server, none]).map((r) => r['verdict'])).toEqual([
      'VALID: Early stopping 90th percentile estimate 64.3 ms (p90 latency 54.0 ms)',
      'INVALID: Completed samples per second 9.88 samples/s (p99 latency 120 ms)',
      'INVALID: no Early stopping 90th percentile estimate (p90 latency 5.00 ms)',
    ]);
  });
});
