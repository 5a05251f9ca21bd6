import { describe, expect, it } from 'vitest';
import { buildRecord, loadSnapshot, runRecordProblems, type RunConfig } from '../src/index.ts';

const config: RunConfig = { batch: 2, batchMode: 'sequential', warmupIterations: 1, warmupMs: 0, iterations: 3, timeBudgetSeconds: null, threads: 2, interOpThreads: null, input: 'random', extra: {} };
const model = { source: 'synthetic', id: 'tiny', path: '/m.onnx', sha256: 'b'.repeat(64), sizeBytes: 1, parameters: 1, macsPerSample: 1e9, adapter: 'a' };
const backend = { id: 'ort-cpu', runtime: 'onnxruntime-node', runtimeVersion: '1.30.0', provider: 'cpu', precision: 'fp32' as const, execution: 'native' as const, sessionOptions: {} };

describe('buildRecord', () => {
  it('keeps every timed sample and per-call latency raw, and derives throughput and GFLOP/s from the median', () => {
    const before = loadSnapshot();
    const r = buildRecord({
      mode: 'performance', workload: 'bert', startedAt: new Date(0), model, backend, config,
      samplesMs: [10, 30, 20], callSamplesMs: [4, 6, 15, 15, 9, 11], calibratedPeakGflopsPerSecond: 400, loadBefore: before,
      runtimeEnv: { versions: { node: '1.30.0' }, logLevel: 'warning' },
    });
    expect(runRecordProblems(r)).toEqual([]);
    expect(r).toMatchObject({ status: 'ok', error: null, samplesMs: [10, 30, 20], callSamplesMs: [4, 6, 15, 15, 9, 11] });
    // median 20 ms for a batch of 2: 100 samples/s; 2 × 1e9 MAC × 2 samples / 0.020 s = 200 GFLOP/s, half of 400
    expect(r.throughputSamplesPerSecond).toBeCloseTo(100, 10);
    expect(r.gflopsPerSecond).toBeCloseTo(200, 10);
    expect(r.efficiency).toBeCloseTo(0.5, 10);
    expect(r.environment.load.before).toEqual(before);
    expect(r.environment.software.onnxruntime.env).toEqual({ versions: { node: '1.30.0' }, logLevel: 'warning' });
  });

  it('a tensor batch has no per-call samples; an error makes the error variant', () => {
    const r = buildRecord({ mode: 'validate', workload: 'bert', startedAt: new Date(0), model, backend, config: { ...config, batchMode: 'tensor' }, error: { code: 'INFERENCE_FAILED', message: 'x' } });
    expect(runRecordProblems(r)).toEqual([]);
    expect(r).toMatchObject({ status: 'error', error: { code: 'INFERENCE_FAILED', message: 'x' }, samplesMs: [], callSamplesMs: null, latency: null });
  });
});
