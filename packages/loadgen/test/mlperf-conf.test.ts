import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BenchError } from '@modelbench/core';
import { confInteger, lookupConfs, parseMlperfConf } from '../src/mlperf-conf.ts';
import { confSettings } from '../src/mlperf-conf-map.ts';
import { withMlperfConf } from '../src/mlperf-conf-merge.ts';
import { resolveScenarioSettings } from '../src/settings.ts';

// an excerpt of the real mlperf.conf (origin in its first lines)
const MLPERF = parseMlperfConf(readFileSync(join(import.meta.dirname, 'fixtures', 'mlperf-conf', 'mlperf.conf'), 'utf8'), 'mlperf.conf');
const user = (text: string) => parseMlperfConf(text, 'user.conf');

function usageError(f: () => unknown): BenchError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(BenchError);
    expect((e as BenchError).code).toBe('USAGE');
    return e as BenchError;
  }
  throw new Error('expected a USAGE error');
}

describe("mlperf.conf as LoadGen reads it (TestSettings::FromConfig)", () => {
  it("the real mlperf.conf: resnet50's server bound, 600 s, MLPerf's seeds", () => {
    const s = confSettings({ mlperf: MLPERF }, 'resnet50', 'server');
    // resnet50.Server.target_latency = 15 beats *.Server.target_latency = 10; *.Server.min_duration = 600000 ms
    expect(s.options).toEqual({ minDurationS: 600, targetQps: 1, latencyBoundMs: 15 });
    expect(s.seeds).toEqual({ qslRngSeed: 2085463073848966840n, sampleIndexRngSeed: 2747215439041700203n, scheduleRngSeed: 16159082839903944936n });
    expect(s.performanceSampleCount).toBe(1024);
    expect(s.sources).toContain('--latency-bound-ms 15 ← mlperf.conf:55');
  });

  it('bert offline: 10,833 samples; multi-stream: 8 samples a query, 662 queries', () => {
    expect(confSettings({ mlperf: MLPERF }, 'bert', 'offline').options).toEqual({ minDurationS: 600, minQueries: 10833 });
    expect(confSettings({ mlperf: MLPERF }, 'resnet50', 'multi-stream').options).toEqual({ minDurationS: 600, minQueries: 662, samplesPerQuery: 8 });
    // an SSD under MLPerf's name for its detector
    expect(confSettings({ mlperf: MLPERF }, 'retinanet', 'server').options.latencyBoundMs).toBe(100);
  });

  it("user.conf after mlperf.conf: a user value wins; the seeds come from mlperf.conf only", () => {
    const u = user('# my laptop\nresnet50.Server.target_qps = 12.5\n*.*.min_duration = 60000\n*.*.qsl_rng_seed = 7\n');
    const s = confSettings({ mlperf: MLPERF, user: u }, 'resnet50', 'server');
    // user.conf's *.*.min_duration is found in user.conf, so it replaces mlperf.conf's *.Server.min_duration
    expect(s.options).toEqual({ minDurationS: 60, targetQps: 12.5, latencyBoundMs: 15 });
    expect(s.seeds.qslRngSeed).toBe(2085463073848966840n);
  });

  it('within a file: model.scenario, then *.scenario, then model.*, then *.*', () => {
    const f = user(['*.*.min_query_count = 1', 'resnet50.*.min_query_count = 2', '*.Server.min_query_count = 3'].join('\n'));
    // LoadGen looks up *.Server before resnet50.*: the scenario wildcard wins over the model name
    expect(lookupConfs({ user: f }, 'resnet50', 'Server', 'min_query_count')?.text).toBe('3');
    expect(lookupConfs({ user: f }, 'resnet50', 'Offline', 'min_query_count')?.text).toBe('2');
    expect(lookupConfs({ user: f }, 'bert', 'Offline', 'min_query_count')?.text).toBe('1');
    const g = user('*.Server.min_query_count = 3\nresnet50.Server.min_query_count = 4\nresnet50.Server.min_query_count = 5');
    expect(lookupConfs({ user: g }, 'resnet50', 'Server', 'min_query_count')?.text).toBe('5'); // a later line replaces
  });

  it("values as strtoul base 0 reads them: hex, octal, and ms converted to seconds", () => {
    expect(confInteger('0x10')).toBe(16n);
    expect(confInteger('010')).toBe(8n);
    expect(confInteger('16159082839903944936')).toBe(16159082839903944936n);
    expect(confSettings({ user: user('*.SingleStream.min_duration = 2500') }, 'resnet50', 'single-stream').options.minDurationS).toBe(2.5);
    // max_duration 0 is LoadGen's "no cap": no flag
    expect(confSettings({ user: user('*.*.max_duration = 0') }, 'resnet50', 'single-stream').options).toEqual({});
  });

  it('the options given (the command line) win over both files; the merged options resolve to settings', () => {
    const { options } = withMlperfConf({ scenario: 'server', targetQps: 20 }, { mlperfConfPath: join(import.meta.dirname, 'fixtures', 'mlperf-conf', 'mlperf.conf') }, 'resnet50');
    expect(options.targetQps).toBe(20);
    const s = resolveScenarioSettings(options, { workload: 'resnet50', physicalCores: 4 })!;
    expect(s.minDurationMs).toBe(600_000);
    expect(s.latencyBoundMs).toBe(15);
    expect(s.targetQps).toBe(20);
  });

  it('a bad line or key: one line naming it and the fix', () => {
    expect(usageError(() => confSettings({ user: user('resnet50.Server.target_qsp = 10') }, 'resnet50', 'server')).message).toBe("user.conf:1: unknown key 'target_qsp' in resnet50.Server.target_qsp");
    expect(usageError(() => confSettings({ user: user('resnet50.Server.target_qsp = 10') }, 'resnet50', 'server')).hint).toBe("LoadGen has no such setting; did you mean 'target_qps'?");
    expect(usageError(() => user('\n*.Server.target_qps=10')).message).toBe("user.conf:2: '*.Server.target_qps=10' has no spaces around '=', so LoadGen ignores the line");
    expect(usageError(() => user('*.Server.target_qps = 10 # ten')).hint).toBe('put a comment on a line of its own');
    expect(usageError(() => user('*.Server.target_qps = ten')).message).toBe("user.conf:1: value 'ten' of *.Server.target_qps is not a number");
    expect(usageError(() => confSettings({ user: user('*.Streaming.min_duration = 10') }, 'resnet50', 'server')).message).toContain("unknown scenario 'Streaming'");
    expect(usageError(() => confSettings({ user: user('*.*.min_duration = 6e5') }, 'resnet50', 'server')).hint).toBe('write a whole number, e.g. min_duration = 600000');
    expect(usageError(() => confSettings({ user: user('*.SingleStream.target_latency_percentile = 99') }, 'resnet50', 'single-stream')).message).toContain('judges single-stream at the 90th percentile');
    expect(usageError(() => withMlperfConf({}, { userConfPath: 'x.conf' }, 'resnet50')).hint).toContain('add --scenario');
  });

  it("keys of other models are read, not applied (3d-unet's equal-issue mode, pointpainting's 99.9)", () => {
    expect(() => confSettings({ mlperf: MLPERF }, 'resnet50', 'single-stream')).not.toThrow();
    expect(usageError(() => confSettings({ mlperf: MLPERF }, '3d-unet', 'single-stream')).message).toContain('sample_concatenate_permutation = 1 applies to 3d-unet');
  });
});
