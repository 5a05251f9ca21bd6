/**
 * The scenario options' bad input, for two tests: loadgen's (options written as flags, test/settings.test.ts) and the
 * harness's (the same command lines through its flag table, harness/test/scenario-flags.test.ts), so both routes are
 * held to one list of worked messages. Exported to the harness's tests as `@modelbench/loadgen/test/scenario-bad-input`.
 */
import { expect } from 'vitest';
import { BenchError, formatError } from '@modelbench/core';
import type { ScenarioOptions } from '../src/scenario-options.ts';
import { resolveScenarioSettings, type ScenarioContext } from '../src/settings.ts';

/**
 * The error some options give: one line naming the problem, one naming the fix, exit code 2. `options` is called
 * inside the check, so an error in making them (a command line's flag kinds) counts too.
 */
export function usageErrorOf(options: () => ScenarioOptions, ctx: Partial<ScenarioContext>, what: string): BenchError {
  try {
    resolveScenarioSettings(options(), { physicalCores: 4, workload: 'resnet50', ...ctx });
  } catch (e) {
    expect(e).toBeInstanceOf(BenchError);
    const b = e as BenchError;
    expect(b.code).toBe('USAGE');
    expect(b.exitCode).toBe(2);
    expect(b.hint).toBeTruthy();
    expect(formatError(b).split('\n')).toHaveLength(2);
    return b;
  }
  throw new Error(`no error for ${what}`);
}

export interface BadScenarioCase {
  /** what the case shows, the test's name */
  name: string;
  argv: string[];
  ctx?: Partial<ScenarioContext>;
  /** the whole message (a string) or a part of it (a pattern) */
  message?: string | RegExp;
  hint?: string;
}

/** Refused the same way whether the options come from the command line or from another caller. */
export const SCENARIO_BAD_INPUT: readonly BadScenarioCase[] = [
  { name: '--instances 0', argv: ['--scenario', 'offline', '--instances', '0'], message: "--instances must be a whole number of at least 1 or 'auto', got '0'" },
  { name: '--instances 1.5', argv: ['--scenario', 'offline', '--instances', '1.5'], message: /--instances must be a whole number/ },
  { name: 'a scenario that does not exist names the four', argv: ['--scenario', 'streaming'], message: "unknown scenario 'streaming'", hint: 'use --scenario single-stream | multi-stream | offline | server' },
  { name: '--find-peak for a workload MLPerf gives no bound', argv: ['--scenario', 'server', '--find-peak'], ctx: { workload: 'maskrcnn' }, message: 'maskrcnn has no MLPerf Server latency bound, so --find-peak needs one' },
  { name: '--find-peak outside server', argv: ['--scenario', 'offline', '--find-peak'], message: /server scenario's peak QPS only/ },
  { name: '--find-peak without a scenario', argv: ['--find-peak'], message: '--find-peak needs a scenario' },
  { name: '--instances 2 without a scenario', argv: ['--instances', '2'], hint: 'add --scenario NAME' },
  { name: 'server without a rate', argv: ['--scenario', 'server'], message: '--scenario server needs an arrival rate' },
  { name: '--target-rme outside single-stream', argv: ['--scenario', 'offline', '--target-rme', '2'], message: /single-stream runs only/ },
];

/** A case's error against its worked message and hint. */
export function expectBadInput(c: BadScenarioCase, e: BenchError): void {
  if (typeof c.message === 'string') expect(e.message).toBe(c.message);
  else if (c.message) expect(e.message).toMatch(c.message);
  if (c.hint !== undefined) expect(e.hint).toBe(c.hint);
}
