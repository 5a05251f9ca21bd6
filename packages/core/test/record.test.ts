import { describe, expect, expectTypeOf, it } from 'vitest';
import { captureEnvironment } from '../src/environment.ts';
import { RECORD_SCHEMA_VERSION, type LatencyStatsOfSchema, type OkRecord } from '../src/record.ts';
import { runRecordProblems } from '../src/record-validate.ts';
import { summarize, type LatencyStats } from '../src/stats.ts';

/** A complete record: the type forces every key to be present, the schema must then accept it. */
const sample: OkRecord = {
  schemaVersion: RECORD_SCHEMA_VERSION,
  status: 'ok',
  mode: 'performance',
  workload: 'resnet50',
  startedAt: new Date(0).toISOString(),
  model: { source: 'synthetic', id: 'resnet50-synthetic', path: '/x.onnx', sha256: 'a'.repeat(64), sizeBytes: 10, parameters: 25557032, macsPerSample: 4.09e9, adapter: 'torchvision' },
  backend: { id: 'ort-cpu', runtime: 'onnxruntime-node', runtimeVersion: '1.30.0', provider: 'cpu', precision: 'bf16', execution: 'emulated', sessionOptions: {} },
  environment: captureEnvironment(),
  config: { batch: 4, batchMode: 'sequential', warmupIterations: 1, warmupMs: 0, iterations: 3, timeBudgetSeconds: null, threads: null, interOpThreads: null, input: 'random', extra: {} },
  latency: summarize([10, 11, 12]),
  samplesMs: [10, 11, 12],
  callSamplesMs: [2.5, 2.5, 2.5, 2.5, 2.7, 2.8, 2.7, 2.8, 3, 3, 3, 3],
  throughputSamplesPerSecond: 2900,
  gflopsPerSecond: 230,
  efficiency: 0.8,
  calibratedPeakGflopsPerSecond: 290,
  peakRssBytes: 1,
  timers: { 'preprocess ms': 1.5 },
  profile: { tracePath: '/p.json', runs: 10, modelRunMeanMs: 10.9, operators: [{ opType: 'Conv', calls: 530, totalMs: 100, meanMs: 0.19, percent: 98 }] },
  agreement: null,
  warnings: [],
  error: null,
};

describe('RunRecord schema', () => {
  it("describes stats.ts's LatencyStats exactly (a compile error in typecheck when they drift)", () => {
    expectTypeOf<LatencyStats>().toEqualTypeOf<LatencyStatsOfSchema>();
  });

  it('accepts a complete ok record, and the error and skipped variants with their error', () => {
    expect(runRecordProblems(sample)).toEqual([]);
    const failed = { ...sample, status: 'error', mode: 'matrix', model: null, latency: null, error: { code: 'IO', message: 'cannot write x', hint: 'choose a path' } };
    expect(runRecordProblems(failed)).toEqual([]);
    expect(runRecordProblems({ ...sample, status: 'skipped', error: { code: 'EMULATED_ONLY', message: 'no native bf16' } })).toEqual([]);
  });

  it('ties error to status: an ok record with an error, or an error record without one, is rejected', () => {
    expect(runRecordProblems({ ...sample, error: { code: 'IO', message: 'x' } })).toEqual(['/error must be null']);
    expect(runRecordProblems({ ...sample, status: 'error' })).toEqual(['/error must be object']);
    // only the error variant may name a tool's own mode
    expect(runRecordProblems({ ...sample, mode: 'matrix' })[0]).toMatch(/^\/mode /);
  });

  it('names the field that is wrong: a bad status, a short sha256, an extra key, a negative sample', () => {
    expect(runRecordProblems({ ...sample, status: 'fine' })).toEqual(['/status must be one of ok, error, skipped (got "fine")']);
    expect(runRecordProblems({ ...sample, model: { ...sample.model, sha256: 'abc' } })).toEqual(['/model/sha256 must match pattern "^[0-9a-f]{64}$"', '/model must be null', '/model must match a schema in anyOf']);
    expect(runRecordProblems({ ...sample, surprise: 1 })).toEqual(['/ must NOT have additional properties']);
    expect(runRecordProblems({ ...sample, samplesMs: [1, -2] })[0]).toBe('/samplesMs/1 must be >= 0');
  });

  it('requires the provenance in the environment', () => {
    const { software: _software, ...withoutSoftware } = sample.environment;
    expect(runRecordProblems({ ...sample, environment: withoutSoftware })).toEqual(["/environment must have required property 'software'"]);
  });
});
