/** End-to-end scenario runs on a fake clock with fake executors: every figure below is derived by hand. */
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../src/clock.ts';
import { fakeExecutorFactory, type Executor, type ExecutorFactory } from '../src/executor.ts';
import { runScenario } from '../src/run-scenario.ts';
import { scenarioLines } from '../src/report.ts';
import { settingsFrom } from './helpers.ts';

const noLoad = { machineLoad: false } as const;

describe('single-stream', () => {
  it('64 queries of 10..19 ms: p50 14, p90 18, p99 19, early-stopping p90 estimate 19, VALID', async () => {
    const clock = new FakeClock();
    const s = settingsFrom(['--scenario', 'single-stream', '--min-duration', '0', '--min-queries', '64', '--scenario-warmup', '0']);
    const r = await runScenario(s, fakeExecutorFactory(clock, (_i, _n, call) => 10 + (call % 10)), { clock, ...noLoad });
    expect(r.totals.queries).toBe(64);
    // 10..13 appear 7 times, 14..19 6 times: sorted[32] = 14, sorted[57] = 18, sorted[63] = 19
    expect(r.latency).toMatchObject({ count: 64, p50Ms: 14, p90Ms: 18, p99Ms: 19, minMs: 10, maxMs: 19 });
    expect(r.validity).toMatchObject({ verdict: 'VALID', earlyStoppingEstimateMs: 19, percentileLatencyMs: 18 });
    expect(r.raw.latencyMs.slice(0, 3)).toEqual([10, 11, 12]);
    expect(r.raw.issuedMs.slice(0, 3)).toEqual([0, 10, 21]);
    const total = r.raw.latencyMs.reduce((a, b) => a + b, 0);
    expect(r.totals.durationMs).toBe(total);
    expect(r.stopReason).toBe('minimums-met');
  });

  it('stops at the minimum duration measured to the last issue: 10 ms queries, 95 ms → 11 queries', async () => {
    const clock = new FakeClock();
    const s = settingsFrom(['--scenario', 'single-stream', '--min-duration', '0.095', '--min-queries', '1', '--scenario-warmup', '0']);
    const r = await runScenario(s, fakeExecutorFactory(clock, () => 10), { clock, ...noLoad });
    // issued at 0, 10, …, 100: the 11th (issued at 100 ≥ 95) is the last
    expect(r.totals.queries).toBe(11);
    expect(r.validity.reasons).toEqual(['early stopping not met: 11 queries < 64 needed for the p90 estimate (raise --min-queries)']);
  });

  it('--target-rme 5 on latencies alternating 9 and 11 ms stops at the 19th query (RME 4.97 %)', async () => {
    const clock = new FakeClock();
    const s = settingsFrom(['--scenario', 'single-stream', '--target-rme', '5', '--scenario-warmup', '0']);
    const r = await runScenario(s, fakeExecutorFactory(clock, (_i, _n, call) => (call % 2 === 0 ? 9 : 11)), { clock, ...noLoad });
    expect(r.totals.queries).toBe(19);
    expect(r.stopReason).toBe('target-rme-reached');
    expect(r.rme!.percent).toBeCloseTo(4.9714, 3);
  });
});

describe('multi-stream', () => {
  it('8 samples per query over 2 instances in calls of 4: each query takes one 4-sample call time', async () => {
    const clock = new FakeClock();
    const s = settingsFrom(['--scenario', 'multi-stream', '--instances', '2', '--min-duration', '0', '--min-queries', '20', '--scenario-warmup', '0'], { threads: 1 });
    expect(s.batch).toBe(4);
    const r = await runScenario(s, fakeExecutorFactory(clock, (_i, n) => 5 * n), { clock, ...noLoad });
    expect(r.totals).toMatchObject({ queries: 20, samples: 160, durationMs: 400 });
    expect(new Set(r.raw.latencyMs)).toEqual(new Set([20]));
    expect(r.instances.map((i) => [i.calls, i.samples])).toEqual([
      [20, 80],
      [20, 80],
    ]);
    expect(r.validity.reasons[0]).toMatch(/needed for the p99 estimate/);
  });
});

describe('offline', () => {
  it('sizes the query from the warm-up (1.1 × duration × QPS) and reports samples / last completion', async () => {
    const clock = new FakeClock();
    const s = settingsFrom(['--scenario', 'offline', '--instances', '2', '--min-duration', '1', '--min-queries', '10', '--scenario-warmup', '2'], { threads: 1 });
    const r = await runScenario(s, fakeExecutorFactory(clock, () => 10), { clock, ...noLoad });
    // warm-up: 10 ms per call on 2 instances → 200 samples/s expected; 1.1 × 1 s × 200 = 220 samples
    expect(r.offlineExpectedQps).toBe(200);
    expect(r.totals).toMatchObject({ samples: 220, durationMs: 1100, samplesPerSecond: 200 });
    expect(r.raw.sampleDoneMs!.slice(0, 4)).toEqual([10, 10, 20, 20]);
    expect(r.latency.maxMs).toBe(1100);
    expect(r.validity.verdict).toBe('VALID');
    expect(r.queue).toMatchObject({ submitted: 220, completed: 220, maxDepth: 218 });
  });
});

describe('offline rerun', () => {
  it('a query that ends short of the minimum duration is rerun larger from the rate it achieved', async () => {
    const clock = new FakeClock();
    const s = settingsFrom(['--scenario', 'offline', '--min-duration', '1', '--min-queries', '10', '--scenario-warmup', '2']);
    // warm-up calls take 20 ms (the kept second one says 50 samples/s); timed calls take 10 ms
    const r = await runScenario(s, fakeExecutorFactory(clock, (_i, _n, call) => (call < 2 ? 20 : 10)), { clock, ...noLoad });
    // attempt 1: floor(1.1 × 50) = 55 samples in 550 ms < 1 s; attempt 2: floor(1.1 × 100) = 110 samples in 1100 ms
    expect(r.offlineAttempts).toBe(2);
    expect(r.offlineExpectedQps).toBe(100);
    expect(r.totals).toMatchObject({ samples: 110, durationMs: 1100 });
    expect(r.validity.verdict).toBe('VALID');
    expect(r.warnings.some((w) => w.startsWith('offline attempt 1: 55 samples took 0.55 s'))).toBe(true);
  });
});

describe('server', () => {
  it('one 10 ms instance is a FIFO queue: every latency follows Lindley\'s recursion from the Poisson schedule', async () => {
    const clock = new FakeClock();
    const s = settingsFrom(['--scenario', 'server', '--target-qps', '20', '--latency-bound-ms', '40', '--min-duration', '10', '--min-queries', '5', '--scenario-warmup', '0']);
    const r = await runScenario(s, fakeExecutorFactory(clock, () => 10), { clock, ...noLoad });
    const sched = r.raw.scheduledMs;
    // start_i = max(due_i, done_{i−1}); latency_i = start_i + 10 − due_i
    let prevDone = -Infinity;
    const expected = sched.map((due) => {
      const done = Math.max(due, prevDone) + 10;
      prevDone = done;
      return done - due;
    });
    expect(r.raw.latencyMs.length).toBe(sched.length);
    r.raw.latencyMs.forEach((l, i) => expect(l).toBeCloseTo(expected[i]!, 3));
    expect(Math.min(...r.raw.latencyMs)).toBeCloseTo(10, 9);
    expect(sched[sched.length - 1]!).toBeGreaterThanOrEqual(10_000);
    expect(sched[sched.length - 2]!).toBeLessThan(10_000);
    const p99 = [...expected].sort((a, b) => a - b)[Math.floor(expected.length * 0.99)]!;
    expect(r.latency.p99Ms).toBeCloseTo(p99, 3);
    // a fake clock issues every query exactly when due
    expect(r.totals.meanIssueDelayMs).toBe(0);
    expect(r.validity.checks.latencyBound).toBe(p99 <= 40);
    expect(r.validity.checks.earlyStopping).toBe(false); // ~200 queries < 459
    // loadgen's achieved QPS: (n − 1) / last completion
    expect(r.totals.achievedQps).toBeCloseTo(((sched.length - 1) * 1000) / (sched[sched.length - 1]! + expected[expected.length - 1]!), 2);
  });

  it('at 200 QPS one 10 ms instance cannot keep up: the queue grows and the bound is missed', async () => {
    const clock = new FakeClock();
    const s = settingsFrom(['--scenario', 'server', '--target-qps', '200', '--min-duration', '1', '--min-queries', '50', '--scenario-warmup', '0']);
    const r = await runScenario(s, fakeExecutorFactory(clock, () => 10), { clock, ...noLoad });
    expect(r.validity.verdict).toBe('INVALID');
    expect(r.validity.checks.latencyBound).toBe(false);
    // capacity is 100 QPS: the completed rate cannot exceed it
    expect(r.totals.achievedQps!).toBeLessThanOrEqual(100);
    expect(r.validity.reasons.some((x) => x.startsWith('latency bound missed'))).toBe(true);
  });

  it('find-peak brackets and bisects to a rate under the 100 QPS capacity whose p99 meets a 50 ms bound', async () => {
    const clock = new FakeClock();
    const s = settingsFrom(['--scenario', 'server', '--find-peak', '--latency-bound-ms', '50', '--target-qps', '10', '--min-duration', '2', '--min-queries', '50', '--scenario-warmup', '0']);
    const r = await runScenario(s, fakeExecutorFactory(clock, () => 10), { clock, ...noLoad });
    const fp = r.findPeak!;
    expect(fp.phase).toBe('found');
    expect(fp.probes.slice(0, 3).map((p) => p.qps)).toEqual([10, 20, 40]);
    expect(fp.peakQps!).toBeLessThan(100);
    expect(fp.peakQps!).toBeGreaterThan(20);
    const peakProbe = fp.probes.find((p) => p.qps === fp.peakQps)!;
    expect(peakProbe.meets && peakProbe.p99Ms! <= 50).toBe(true);
    // every rate above the peak that was tried missed
    expect(fp.probes.filter((p) => p.qps > fp.peakQps!).every((p) => !p.meets)).toBe(true);
    expect(r.totals.targetQps).toBe(fp.peakQps);
    // each probe says the rate its Poisson schedule realised, (n − 1) / the last scheduled time, beside the nominal one
    const first = fp.probes[0]!;
    expect(first.scheduledQps).toBeGreaterThan(0);
    expect(scenarioLines(r).some((l) => /find-peak: peak \d+\.\d QPS to 1 decimal .*; the peak's schedule realised \d+\.\d\d QPS$/.test(l))).toBe(true);
  });
});

describe('failures', () => {
  it('an instance failing mid-run rejects the run and every instance is disposed (no result to record)', async () => {
    const clock = new FakeClock();
    const disposed: number[] = [];
    const factory: ExecutorFactory = async (spec) => {
      let call = 0;
      const e: Executor = {
        info: { index: spec.index, threads: 1, kind: 'fake', pinnedCpus: null, pinning: 'none' },
        run: async () => {
          await clock.sleep(5);
          if (spec.index === 1 && ++call === 3) throw new Error('instance 1 lost its session');
        },
        dispose: async () => {
          disposed.push(spec.index);
        },
      };
      return e;
    };
    const s = settingsFrom(['--scenario', 'offline', '--instances', '2', '--min-duration', '0', '--min-queries', '40', '--scenario-warmup', '0'], { threads: 1 });
    await expect(runScenario(s, factory, { clock, ...noLoad })).rejects.toThrow('instance 1 lost its session');
    expect(disposed.sort()).toEqual([0, 1]);
  });
});
