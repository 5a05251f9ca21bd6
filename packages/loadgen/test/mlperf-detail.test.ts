import { describe, expect, it } from 'vitest';
import { mllogLine, mllogValueText, mlperfPerformanceDetailText, resultEntries } from '../src/mlperf-log/detail.ts';
import { CASES, fixtureText, runOfFixture } from './mlperf-log-fixtures.ts';

describe('mlperf_log_detail.txt results against MLPerf LoadGen 6.0.17 on the same traces', () => {
  for (const name of CASES) {
    it(`${name}: LoadGen's result keys and values, in its order`, () => {
      const expected = JSON.parse(fixtureText(name, 'detail-results.json')) as { key: string; value: unknown }[];
      const got = resultEntries(runOfFixture(name)).map(([key, value]) => ({ key, value: JSON.parse(mllogValueText(value)) as unknown }));
      expect(got).toEqual(expected);
    });
  }

  it('each line is :::MLLOG and a JSON object with LoadGen\'s fields', () => {
    const line = mllogLine({ key: 'result_validity', value: 'VALID', timeMs: 1234.5678919 }, { pid: 42 });
    expect(line.startsWith(':::MLLOG {"key": "result_validity", "value": "VALID", "time_ms": 1234.567892, ')).toBe(true);
    const o = JSON.parse(line.slice(':::MLLOG '.length)) as Record<string, unknown>;
    expect(Object.keys(o)).toEqual(['key', 'value', 'time_ms', 'namespace', 'event_type', 'metadata']);
    expect(o.metadata).toMatchObject({ is_error: false, is_warning: false, line_no: 0, pid: 42, tid: 42 });
  });

  it('a whole performance log: settings, warnings flagged, results; every line parses', () => {
    const run = { ...runOfFixture('server'), warnings: ['machine was busy'] };
    const text = mlperfPerformanceDetailText(run, { startedAt: new Date('2026-01-02T03:04:05.678Z'), qslName: 'resnet50', totalSampleCount: 64, performanceSampleCount: 64, layout: 'x' }, { pid: 1, endMs: 6000 });
    const entries = text.trimEnd().split('\n').map((l) => JSON.parse(l.slice(':::MLLOG '.length)) as { key: string; value: unknown; metadata: { is_warning: boolean } });
    const byKey = new Map(entries.map((e) => [e.key, e]));
    expect(byKey.get('test_datetime')?.value).toBe('2026-01-02T03:04:05Z');
    expect(byKey.get('effective_scenario')?.value).toBe('Server');
    expect(byKey.get('effective_target_latency_ns')?.value).toBe(15000000);
    expect(byKey.get('warning_generic_message')).toMatchObject({ value: 'machine was busy', metadata: { is_warning: true } });
    expect(byKey.get('result_validity')?.value).toBe('INVALID');
  });
});
