import { resolveScenarioSettings, type ScenarioContext, type ScenarioSettings } from '../src/settings.ts';
import type { ScenarioOptions } from '../src/scenario-options.ts';

/** The option each flag of these tests gives (the harness's flag table and converter are harness/src/scenario-flags.ts). */
const OPTION: Record<string, [keyof ScenarioOptions, 'number' | 'boolean' | 'string']> = {
  scenario: ['scenario', 'string'],
  'samples-per-query': ['samplesPerQuery', 'number'],
  instances: ['instances', 'number'],
  pin: ['pin', 'boolean'],
  'target-qps': ['targetQps', 'number'],
  'latency-bound-ms': ['latencyBoundMs', 'number'],
  'find-peak': ['findPeak', 'boolean'],
  'find-peak-decimals': ['findPeakDecimals', 'number'],
  'min-duration': ['minDurationS', 'number'],
  'min-queries': ['minQueries', 'number'],
  'max-duration': ['maxDurationS', 'number'],
  'max-queries': ['maxQueries', 'number'],
  mlperf: ['mlperf', 'boolean'],
  'target-rme': ['targetRmePercent', 'number'],
  'scenario-warmup': ['warmupCalls', 'number'],
};

/** A short way to write options in tests: `['--scenario', 'server', '--target-qps', '5']` (`--instances auto` too). */
export function optionsFrom(argv: readonly string[]): ScenarioOptions {
  const o: Record<string, unknown> = {};
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i]!.replace(/^--/, '');
    const entry = OPTION[name];
    if (!entry) throw new Error(`test helper: unknown flag ${argv[i]}`);
    const [key, kind] = entry;
    if (kind === 'boolean') o[key] = true;
    else {
      const raw = argv[++i]!;
      o[key] = kind === 'string' || raw === 'auto' ? raw : Number(raw);
    }
  }
  return o as ScenarioOptions;
}

/** Settings resolved from options written as flags. */
export function settingsFrom(argv: string[], ctx: Partial<ScenarioContext> = {}): ScenarioSettings {
  const s = resolveScenarioSettings(optionsFrom(argv), { physicalCores: 4, workload: 'resnet50', ...ctx });
  if (!s) throw new Error('no scenario');
  return s;
}
