import { describe, expect, it } from 'vitest';
import type { BenchError } from '@modelbench/core';
import { planPinning, parseCpuList, type PinningHost } from '../src/pinning.ts';
import { SCENARIO_DEFAULTS } from '../src/scenario-options.ts';
import { resolveScenarioSettings, type ScenarioContext } from '../src/settings.ts';
import { optionsFrom, settingsFrom } from './helpers.ts';
import { expectBadInput, SCENARIO_BAD_INPUT, usageErrorOf } from './scenario-bad-input.ts';

/** The error some options give (the command line's own checks, e.g. --target-qps 0 refused by its kind, are
 * harness/test/scenario-flags.test.ts; the cases both routes refuse alike are SCENARIO_BAD_INPUT). */
const usageError = (argv: string[], ctx: Partial<ScenarioContext> = {}): BenchError => usageErrorOf(() => optionsFrom(argv), ctx, argv.join(' '));

describe('scenario options: bad input is one line and exit 2', () => {
  it.each(SCENARIO_BAD_INPUT)('$name', (c) => expectBadInput(c, usageError(c.argv, c.ctx)));

  it('a rate, bound or RME ≤ 0 (given by a caller that is not the command line, whose kinds refuse them first)', () => {
    expect(usageError(['--scenario', 'server', '--target-qps', '0']).message).toBe('--target-qps must be greater than zero, got 0');
    expect(usageError(['--scenario', 'server', '--target-qps', '-3']).message).toBe('--target-qps must be greater than zero, got -3');
    expect(usageError(['--scenario', 'server', '--target-qps', '5', '--latency-bound-ms', '0']).message).toBe('--latency-bound-ms must be greater than zero, got 0');
    expect(usageError(['--scenario', 'single-stream', '--target-rme', '-1']).hint).toBe('for example --target-rme 2');
  });
});

describe('settings', () => {
  it('defaults: MLPerf Server bound per workload with its source, laptop minima, loadgen percentiles', () => {
    const s = settingsFrom(['--scenario', 'server', '--target-qps', '10'], { workload: 'bert' });
    expect(s).toMatchObject({ latencyBoundMs: 130, percentile: 0.99, minDurationMs: 5000, minQueries: 662, minimaSource: 'laptop', maxDurationMs: null, maxQueryCount: 0 });
    expect(s.latencyBoundSource).toMatch(/bert\.Server\.target_latency = 130/);
    expect(settingsFrom(['--scenario', 'single-stream'])).toMatchObject({ percentile: 0.9, minQueries: 64, batch: 1 });
  });

  it('--mlperf: 600 s, 662 multi-stream queries, 24,576 ResNet50 offline samples', () => {
    expect(settingsFrom(['--scenario', 'multi-stream', '--mlperf'])).toMatchObject({ minDurationMs: 600_000, minQueries: 662, samplesPerQuery: 8 });
    expect(settingsFrom(['--scenario', 'offline', '--mlperf'])).toMatchObject({ minDurationMs: 600_000, minQueries: 24576 });
    expect(settingsFrom(['--scenario', 'offline', '--mlperf'], { workload: 'bert' }).minQueries).toBe(10833);
  });

  it('--instances auto covers the physical cores; more instances × threads than cores warns and runs', () => {
    expect(settingsFrom(['--scenario', 'offline', '--instances', 'auto'], { threads: 2, physicalCores: 8 })).toMatchObject({ instances: 4, threadsPerInstance: 2 });
    expect(settingsFrom(['--scenario', 'offline', '--instances', 'auto'], { physicalCores: 8 })).toMatchObject({ instances: 8, threadsPerInstance: 1 });
    const over = settingsFrom(['--scenario', 'offline', '--instances', '3'], { threads: 2, physicalCores: 4 });
    expect(over.instances).toBe(3);
    expect(over.warnings[0]).toBe('3 instances × 2 threads = 6 threads on 4 physical cores: they will share cores (fewer instances or --threads 1)');
  });

  it('no scenario: undefined, the harness keeps its plain loop', () => {
    expect(resolveScenarioSettings({}, { physicalCores: 2 })).toBeUndefined();
    expect(resolveScenarioSettings({ instances: 1, findPeak: false }, { physicalCores: 2 })).toBeUndefined();
  });

  it('an option left out takes its default from SCENARIO_DEFAULTS', () => {
    const offline = settingsFrom(['--scenario', 'offline'], { physicalCores: 4 });
    expect(offline).toMatchObject({ instances: 1, pin: false, findPeak: false, findPeakDecimals: 1, findPeakStep: 1, warmupCalls: 2, maxQueryCount: 0, threadsPerInstance: 4 });
    expect(SCENARIO_DEFAULTS).toMatchObject({ instances: 1, findPeakDecimals: 1, warmupCalls: 2, samplesPerQuery: 8 });
    expect(settingsFrom(['--scenario', 'multi-stream'], { threads: 1 }).samplesPerQuery).toBe(8);
    // --target-rme alone: no minimum duration, 10 queries, a 60 s cap
    expect(settingsFrom(['--scenario', 'single-stream', '--target-rme', '2'])).toMatchObject({ minDurationMs: 0, minQueries: 10, maxDurationMs: 60_000, targetRmePercent: 2 });
  });
});

describe('pinning', () => {
  const linux: PinningHost = { platform: 'linux', tasksetPath: '/usr/bin/taskset', allowedCpus: [0, 1, 2, 3, 4, 5, 6, 7], coreCpus: [0, 1, 2, 3] };

  it('parses CPU lists', () => {
    expect(parseCpuList('0-3,8,10-11')).toEqual([0, 1, 2, 3, 8, 10, 11]);
  });

  it('gives each instance its own physical cores', () => {
    expect(planPinning(2, 2, linux)).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });

  it('cannot pin: not Linux, no taskset, too few cores — each a USAGE error naming the fix', () => {
    const cases: [PinningHost, number, number, RegExp][] = [
      [{ ...linux, platform: 'darwin' }, 1, 1, /--pin needs Linux \(taskset\); this is darwin/],
      [{ ...linux, tasksetPath: undefined }, 1, 1, /--pin needs taskset, which is not on PATH/],
      [linux, 3, 2, /--pin needs 6 cores for 3 instances × 2 threads; this process may use 4/],
    ];
    for (const [host, n, t, message] of cases) {
      try {
        planPinning(n, t, host);
        throw new Error('no error');
      } catch (e) {
        expect((e as BenchError).code).toBe('USAGE');
        expect((e as BenchError).message).toMatch(message);
        expect((e as BenchError).hint).toMatch(/--pin/);
      }
    }
  });
});

describe('caps, seeds and runs that cannot be VALID', () => {
  it('--max-duration is no cap unless given (loadgen max_duration 0); --target-rme keeps a 60 s budget; --max-queries', () => {
    expect(settingsFrom(['--scenario', 'single-stream']).maxDurationMs).toBeNull();
    expect(settingsFrom(['--scenario', 'single-stream', '--max-duration', '30']).maxDurationMs).toBe(30_000);
    expect(settingsFrom(['--scenario', 'single-stream', '--target-rme', '2']).maxDurationMs).toBe(60_000);
    expect(settingsFrom(['--scenario', 'offline', '--max-queries', '5']).maxQueryCount).toBe(5);
  });

  it('mlperf.conf v6.1 seeds by default; --seed N gives N, N + 1, N + 2; a negative --seed is a USAGE error', () => {
    expect(settingsFrom(['--scenario', 'server', '--target-qps', '1'])).toMatchObject({
      seeds: { qslRngSeed: '2085463073848966840', sampleIndexRngSeed: '2747215439041700203', scheduleRngSeed: '16159082839903944936' },
      seedsSource: 'mlperf.conf v6.1',
    });
    expect(settingsFrom(['--scenario', 'offline'], { seed: 7 })).toMatchObject({ seeds: { qslRngSeed: '7', sampleIndexRngSeed: '8', scheduleRngSeed: '9' }, seedsSource: '--seed 7' });
    expect(() => settingsFrom(['--scenario', 'offline'], { seed: -1 })).toThrow(/--seed must be a whole number/);
  });

  it('says before the run when its minimum query count cannot pass early stopping; the laptop defaults can', () => {
    for (const argv of [['--scenario', 'single-stream'], ['--scenario', 'multi-stream'], ['--scenario', 'offline'], ['--scenario', 'server', '--target-qps', '5']]) {
      expect(settingsFrom(argv).warnings.filter((w) => /cannot be VALID/.test(w))).toEqual([]);
    }
    const server = settingsFrom(['--scenario', 'server', '--target-qps', '5', '--min-queries', '100']);
    expect(server.warnings).toContain("this run cannot be VALID unless it runs past its minimum: loadgen's early stopping a server run needs at least 459 queries (none over the bound), and the minimum is 100 queries (give --min-queries 459 or more)");
    expect(settingsFrom(['--scenario', 'single-stream', '--min-queries', '63']).warnings.some((w) => /p90 estimate needs at least 64 queries/.test(w))).toBe(true);
  });
});
