import { describe, expect, it } from 'vitest';
import { judgeValidity } from '../src/validity.ts';

const ones = (n: number, v = 1): number[] => new Array(n).fill(v);

describe('VALID / INVALID with reasons, as loadgen decides', () => {
  it('single-stream: 64 queries over 2 s is VALID; 63 fails early stopping; 1.5 s fails the duration', () => {
    const base = { scenario: 'single-stream' as const, minDurationMs: 2000, minQueries: 64, percentile: 0.9 };
    expect(judgeValidity({ ...base, durationMs: 2000, queries: 64, latenciesMs: ones(64) })).toMatchObject({ verdict: 'VALID', reasons: [], earlyStoppingEstimateMs: 1 });
    const few = judgeValidity({ ...base, minQueries: 10, durationMs: 2500, queries: 63, latenciesMs: ones(63) });
    expect(few.verdict).toBe('INVALID');
    expect(few.checks).toEqual({ minDuration: true, minQueries: true, earlyStopping: false });
    expect(few.reasons).toEqual(['early stopping not met: 63 queries < 64 needed for the p90 estimate (raise --min-queries)']);
    const short = judgeValidity({ ...base, durationMs: 1500, queries: 64, latenciesMs: ones(64) });
    expect(short.reasons).toEqual(['too short: 1.50 s < minimum 2.00 s (raise --min-duration\'s run length or the query count)']);
  });

  it('server: p99 over the bound is "latency bound missed"; the p99 of 100 is the largest', () => {
    const base = { scenario: 'server' as const, minDurationMs: 0, minQueries: 1, percentile: 0.99, durationMs: 10, latencyBoundMs: 15 };
    const xs = [...ones(99, 10), 16];
    const v = judgeValidity({ ...base, queries: 100, latenciesMs: xs });
    expect(v.percentileLatencyMs).toBe(16);
    expect(v.checks.latencyBound).toBe(false);
    expect(v.reasons[0]).toBe('latency bound missed: p99 16.00 ms > 15.00 ms (lower --target-qps)');
    // early stopping with 1 over: 662 needed
    expect(v.reasons[1]).toBe('early stopping not met: 100 queries with 1 over the bound, 662 needed (raise --min-queries or --min-duration)');
    const ok = judgeValidity({ ...base, queries: 700, latenciesMs: [...ones(699, 10), 16] });
    // p99 of 700 is sorted[693] = 10: the one slow query does not miss the bound, and 700 ≥ 662 passes early stopping
    expect(ok).toMatchObject({ verdict: 'VALID', percentileLatencyMs: 10 });
  });

  it('offline: judged on samples and the last completion, no latency checks', () => {
    const v = judgeValidity({ scenario: 'offline', durationMs: 4000, queries: 50, minDurationMs: 5000, minQueries: 64, latenciesMs: [], percentile: 0.99 });
    expect(v.checks).toEqual({ minDuration: false, minQueries: false });
    expect(v.reasons).toEqual(['too short: 4.00 s < minimum 5.00 s (raise --min-duration\'s run length or the query count)', 'too few samples: 50 < minimum 64 (--min-queries)']);
  });

  it('a server run needs a bound', () => {
    expect(() => judgeValidity({ scenario: 'server', durationMs: 1, queries: 1, minDurationMs: 0, minQueries: 1, latenciesMs: [1], percentile: 0.99 })).toThrow(RangeError);
  });
});

describe('loadgen\'s figures and words beside the verdict', () => {
  it('single-stream: the p99 estimate too once 662 queries ran (none below); over-latency count and needed queries on a server', () => {
    const ss = { scenario: 'single-stream' as const, minDurationMs: 0, minQueries: 1, percentile: 0.9, durationMs: 1 };
    // 662 latencies 1..662 ms: the p99 estimate allows t = 1 (661 + 1 = 662), so it is the largest, 662
    const xs = Array.from({ length: 662 }, (_, i) => i + 1);
    expect(judgeValidity({ ...ss, queries: 662, latenciesMs: xs }).earlyStoppingP99EstimateMs).toBe(662);
    expect(judgeValidity({ ...ss, queries: 661, latenciesMs: xs.slice(1) }).earlyStoppingP99EstimateMs).toBeUndefined();
    const v = judgeValidity({ scenario: 'server', minDurationMs: 10, minQueries: 1, percentile: 0.99, durationMs: 5, latencyBoundMs: 15, queries: 100, latenciesMs: [...ones(98, 10), 16, 20] });
    expect(v).toMatchObject({ overLatencyCount: 2, earlyStoppingQueriesNeeded: 838 });
    expect(v.loadgenReasons).toEqual([
      'Reduce target QPS to improve latency.',
      'Increase the target QPS so the loadgen pre-generates more queries.',
      'Run unsuccessful. Processed 100 queries. Would need to run at least 738 more queries, with the run being successful if every additional query were under latency.',
    ]);
  });
});
