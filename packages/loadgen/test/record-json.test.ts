/** A ScenarioResult goes into the run record as plain JSON: no NaN, no Infinity, nothing JSON would drop or change. */
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../src/clock.ts';
import { fakeExecutorFactory } from '../src/executor.ts';
import { runScenario } from '../src/run-scenario.ts';
import { settingsFrom } from './helpers.ts';

function nonFinite(value: unknown, path = '$'): string[] {
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [`${path} = ${value}`];
  if (Array.isArray(value)) return value.flatMap((v, i) => nonFinite(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => nonFinite(v, `${path}.${k}`));
  return [];
}

const cases: [string, string[]][] = [
  ['single-stream, no warm-up', ['--scenario', 'single-stream', '--min-duration', '0', '--min-queries', '5', '--scenario-warmup', '0']],
  ['single-stream, RME budget spent after one query', ['--scenario', 'single-stream', '--target-rme', '1', '--max-duration', '0.001', '--scenario-warmup', '0']],
  ['offline, instant executor', ['--scenario', 'offline', '--min-duration', '0', '--min-queries', '4', '--scenario-warmup', '1']],
  ['server find-peak', ['--scenario', 'server', '--find-peak', '--target-qps', '50', '--latency-bound-ms', '30', '--min-duration', '1', '--min-queries', '20', '--scenario-warmup', '0']],
];

describe('ScenarioResult as JSON', () => {
  for (const [name, argv] of cases) {
    it(name, async () => {
      const clock = new FakeClock();
      const service = name.includes('instant') ? () => 0 : () => 10;
      const r = await runScenario(settingsFrom(argv), fakeExecutorFactory(clock, service), { clock, machineLoad: false });
      expect(nonFinite(r)).toEqual([]);
      expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    });
  }
});
