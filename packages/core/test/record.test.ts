import { describe, expect, it } from 'vitest';
import { captureEnvironment } from '../src/environment.ts';
import { RECORD_SCHEMA_VERSION, type RunRecord } from '../src/record.ts';
import { runRecordSchema } from '../src/record-schema.ts';
import { runRecordProblems } from '../src/record-validate.ts';
import { summarize } from '../src/stats.ts';

/** A complete record: the type forces every key to be present, the schema must then accept it. */
const sample: RunRecord = {
  schemaVersion: RECORD_SCHEMA_VERSION,
  status: 'ok',
  mode: 'performance',
  workload: 'resnet50',
  startedAt: new Date(0).toISOString(),
  model: { source: 'synthetic', id: 'resnet50-synthetic', path: '/x.onnx', sha256: 'a'.repeat(64), sizeBytes: 10, parameters: 25557032, macsPerSample: 4.09e9, adapter: 'torchvision' },
  backend: { id: 'ort-cpu', runtime: 'onnxruntime-node', runtimeVersion: '1.30.0', provider: 'cpu', precision: 'bf16', execution: 'emulated', sessionOptions: {} },
  environment: captureEnvironment(),
  config: { batch: 32, batchMode: 'tensor', warmupIterations: 1, warmupMs: 0, iterations: 10, timeBudgetSeconds: null, threads: null, interOpThreads: null, input: 'random', extra: {} },
  latency: summarize([10, 11, 12]),
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

const validate = { call: (v: unknown) => runRecordProblems(v) };

describe('RunRecord schema', () => {
  it('accepts a complete record', () => {
    expect(validate.call(sample)).toEqual([]);
  });

  it('requires exactly the keys of the type at every level', () => {
    expect([...runRecordSchema.required].sort()).toEqual(Object.keys(sample).sort());
    expect([...runRecordSchema.properties.model.required].sort()).toEqual(Object.keys(sample.model!).sort());
    expect([...runRecordSchema.properties.backend.required].sort()).toEqual(Object.keys(sample.backend!).sort());
    expect([...runRecordSchema.properties.config.required].sort()).toEqual(Object.keys(sample.config!).sort());
    expect([...runRecordSchema.properties.latency.required].sort()).toEqual(Object.keys(sample.latency!).sort());
    expect([...runRecordSchema.properties.environment.required].sort()).toEqual(Object.keys(sample.environment).sort());
  });

  it('rejects a wrong status, a short sha256 and an extra key', () => {
    expect(validate.call({ ...sample, status: 'fine' })[0]).toMatch(/status/);
    expect(validate.call({ ...sample, model: { ...sample.model, sha256: 'abc' } })[0]).toMatch(/sha256/);
    expect(validate.call({ ...sample, surprise: 1 })[0]).toMatch(/additional/);
  });
});
