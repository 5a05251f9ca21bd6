import { parseCommandLine } from '@modelbench/core';
import { resolveScenarioSettings, scenarioFlags, type ScenarioContext, type ScenarioSettings } from '../src/settings.ts';

/** Settings as the harness would resolve them from a command line. */
export function settingsFrom(argv: string[], ctx: Partial<ScenarioContext> = {}): ScenarioSettings {
  const { flags } = parseCommandLine(argv, scenarioFlags, 'test');
  const s = resolveScenarioSettings(flags, { physicalCores: 4, workload: 'resnet50', ...ctx });
  if (!s) throw new Error('no scenario');
  return s;
}
