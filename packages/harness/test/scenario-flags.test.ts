/**
 * The CLI edge of the scenarios: the flag table parses a command line, scenarioOptionsOf turns it into loadgen's
 * options (defaults from loadgen's SCENARIO_DEFAULTS), and bad input stays one line and exit 2.
 */
import { describe, expect, it } from 'vitest';
import { parseCommandLine, type BenchError } from '@modelbench/core';
import { SCENARIO_DEFAULTS, type ScenarioContext } from '@modelbench/loadgen';
import { expectBadInput, SCENARIO_BAD_INPUT, usageErrorOf } from '@modelbench/loadgen/test/scenario-bad-input';
import { mlperfConfOptionsOf, mlperfFileFlags, scenarioFlags, scenarioOptionsOf } from '../src/scenario-flags.ts';

const optionsOf = (argv: string[]) => scenarioOptionsOf(parseCommandLine(argv, scenarioFlags, 'performance').flags);

/** The error a command line gives: one line naming the problem, one naming the fix, exit code 2. */
const usageError = (argv: string[], ctx: Partial<ScenarioContext> = {}): BenchError => usageErrorOf(() => optionsOf(argv), ctx, argv.join(' '));

describe('scenarioOptionsOf: flags to options', () => {
  it('no flags: the table\'s defaults, which are loadgen\'s', () => {
    expect(optionsOf([])).toEqual({
      scenario: undefined, samplesPerQuery: undefined, instances: 1, pin: undefined, targetQps: undefined, latencyBoundMs: undefined, findPeak: undefined,
      findPeakDecimals: 1, minDurationS: undefined, minQueries: undefined, maxDurationS: undefined, maxQueries: undefined, mlperf: undefined, targetRmePercent: undefined, warmupCalls: 2,
    });
    expect(scenarioFlags.instances.default).toBe(String(SCENARIO_DEFAULTS.instances));
    expect(scenarioFlags['find-peak-decimals'].default).toBe(SCENARIO_DEFAULTS.findPeakDecimals);
    expect(scenarioFlags['scenario-warmup'].default).toBe(SCENARIO_DEFAULTS.warmupCalls);
  });

  it('each flag under its option, units in the names (seconds stay seconds)', () => {
    expect(optionsOf(['--scenario', 'server', '--target-qps', '12.5', '--latency-bound-ms', '40', '--min-duration', '1.5', '--max-duration', '9', '--min-queries', '70', '--max-queries', '80', '--instances', '3', '--pin', '--scenario-warmup', '0'])).toMatchObject({
      scenario: 'server', targetQps: 12.5, latencyBoundMs: 40, minDurationS: 1.5, maxDurationS: 9, minQueries: 70, maxQueries: 80, instances: 3, pin: true, warmupCalls: 0,
    });
    expect(optionsOf(['--scenario', 'multi-stream', '--samples-per-query', '4', '--mlperf', '--instances', 'auto'])).toMatchObject({ scenario: 'multi-stream', samplesPerQuery: 4, mlperf: true, instances: 'auto' });
    expect(optionsOf(['--scenario', 'server', '--find-peak', '--find-peak-decimals', '0'])).toMatchObject({ findPeak: true, findPeakDecimals: 0 });
    expect(optionsOf(['--scenario', 'single-stream', '--target-rme', '2'])).toMatchObject({ targetRmePercent: 2 });
  });

  it('--instances without a scenario is "given or not": 1 is the default, anything else needs a scenario', () => {
    expect(optionsOf(['--instances', '1']).instances).toBe(1);
    expect(usageError(['--instances', 'x']).message).toBe('--instances needs a scenario');
    expect(usageError(['--instances', 'auto']).message).toBe('--instances needs a scenario');
  });

  it('the conf-file flags as the merge\'s options', () => {
    const { flags } = parseCommandLine(['--mlperf-conf', 'a.conf', '--user-conf', 'b.conf', '--mlperf-model', 'retinanet', '--mlperf-log-dir', 'logs'], mlperfFileFlags, 'performance');
    expect(mlperfConfOptionsOf(flags)).toEqual({ mlperfConfPath: 'a.conf', userConfPath: 'b.conf', mlperfModel: 'retinanet' });
    expect(mlperfConfOptionsOf({})).toEqual({ mlperfConfPath: undefined, userConfPath: undefined, mlperfModel: undefined });
  });
});

describe('scenario flags: bad input is one line and exit 2', () => {
  // the cases loadgen refuses alike from any caller (its own test runs them on options written directly)
  it.each(SCENARIO_BAD_INPUT)('$name', (c) => expectBadInput(c, usageError(c.argv, c.ctx)));

  it('--target-qps ≤ 0 and a latency bound ≤ 0', () => {
    expect(usageError(['--scenario', 'server', '--target-qps', '0']).message).toBe("--target-qps must be greater than zero, got '0'");
    expect(usageError(['--scenario', 'server', '--target-qps=-3']).message).toBe("--target-qps must be greater than zero, got '-3'");
    expect(usageError(['--scenario', 'server', '--target-qps', '5', '--latency-bound-ms', '0']).message).toBe("--latency-bound-ms must be greater than zero, got '0'");
  });
});
