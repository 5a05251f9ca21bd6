/** A complete ok record of this machine for the schema tests: the type forces every key to be present. */
import { captureEnvironment } from '../src/environment.ts';
import { RECORD_SCHEMA_VERSION, type OkRecord } from '../src/record.ts';
import { summarize } from '../src/stats.ts';

export const sample: OkRecord = {
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

