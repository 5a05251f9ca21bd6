/** Hand-made run records for the tests: real RunRecords (checked against the schema), with latencies from given samples. */
import { RECORD_SCHEMA_VERSION, summarize, type PrecisionExecution, type PrecisionName, type ProfileSummaryRow, type RunRecord } from '@modelbench/core';

export interface RecordOptions {
  workload?: string;
  backend?: string;
  precision?: PrecisionName;
  execution?: PrecisionExecution;
  threads?: number;
  batch?: number;
  samplesMs?: number[];
  status?: 'ok' | 'error' | 'skipped';
  error?: { code: string; message: string };
  hostname?: string;
  cpuModel?: string;
  arch?: string;
  peakGflopsPerSecond?: number | null;
  macsPerSample?: number;
  operators?: ProfileSummaryRow[];
  profiledRuns?: number;
  startedAt?: string;
}

export function makeRecord(o: RecordOptions = {}): RunRecord {
  const status = o.status ?? 'ok';
  const batch = o.batch ?? 1;
  const latency = status === 'ok' ? summarize(o.samplesMs ?? [100, 101, 99, 100, 100]) : null;
  const macs = o.macsPerSample ?? 4.09e9;
  const gflops = latency ? (2 * macs * batch) / (latency.medianMs / 1000) / 1e9 : null;
  const peak = o.peakGflopsPerSecond === undefined ? 100 : o.peakGflopsPerSecond;
  const base = {
    schemaVersion: RECORD_SCHEMA_VERSION,
    mode: 'performance' as const,
    workload: o.workload ?? 'resnet50',
    startedAt: o.startedAt ?? '2026-01-02T03:04:05.000Z',
    model: status === 'ok'
      ? { source: 'synthetic', id: 'resnet50-synthetic', path: '/cache/resnet50.onnx', sha256: 'a'.repeat(64), sizeBytes: 102_000_000, parameters: 25_557_032, macsPerSample: macs, adapter: 'torchvision' }
      : null,
    backend: {
      id: o.backend ?? 'ort-cpu',
      runtime: 'onnxruntime-node',
      runtimeVersion: '1.30.0',
      provider: 'cpu',
      precision: o.precision ?? 'fp32',
      execution: o.execution ?? 'native',
      sessionOptions: {},
    },
    environment: {
      cpu: {
        model: o.cpuModel ?? 'Test CPU 9000', arch: o.arch ?? 'x64', logicalCores: 2, physicalCores: 2, flags: ['avx2'],
        frequency: { currentMHz: null, maxMHz: null, source: null }, caches: null, smt: { threadsPerCore: null, active: null }, numa: null,
      },
      os: { platform: 'linux', release: '6.1.0', type: 'Linux', kernelVersion: null, distribution: null },
      node: 'v20.19.0',
      totalMemoryBytes: 24 * 1024 ** 3,
      hostname: o.hostname ?? 'box-a',
      virtualization: { container: null, containerEvidence: [], hypervisorFlag: null, dmiVendor: null, dmiProduct: null },
      software: { modelbenchVersion: '0.1.0', git: null, onnxruntime: { nodeVersion: '1.30.0', commonVersion: '1.30.0', env: null }, argv: [] },
      load: { before: null, after: null, stealPercent: null },
    },
    config: {
      batch,
      batchMode: 'tensor' as const,
      warmupIterations: 1,
      warmupMs: 0,
      iterations: latency?.samples ?? null,
      timeBudgetSeconds: null,
      threads: o.threads ?? 2,
      interOpThreads: null,
      input: 'random normal, seed 0',
      extra: {},
    },
    latency,
    samplesMs: status === 'ok' ? (o.samplesMs ?? [100, 101, 99, 100, 100]) : [],
    callSamplesMs: null,
    throughputSamplesPerSecond: latency ? batch / (latency.medianMs / 1000) : null,
    gflopsPerSecond: gflops,
    efficiency: gflops !== null && peak ? gflops / peak : null,
    calibratedPeakGflopsPerSecond: status === 'ok' ? peak : null,
    peakRssBytes: 600_000_000,
    timers: {},
    profile: o.operators ? { tracePath: '/tmp/trace.json', runs: o.profiledRuns ?? 5, modelRunMeanMs: null, operators: o.operators } : null,
    agreement: null,
    warnings: [],
  };
  if (status === 'ok') return { ...base, status, error: null };
  const error = o.error ?? { code: 'INFERENCE_FAILED', message: 'test failure' };
  return status === 'error' ? { ...base, status, error } : { ...base, status, error };
}

/** A spread of samples around a median: median ± delta, deterministic. */
export function around(medianMs: number, deltaMs: number, n = 9): number[] {
  return Array.from({ length: n }, (_, i) => medianMs + deltaMs * ((i - (n - 1) / 2) / ((n - 1) / 2 || 1)));
}
