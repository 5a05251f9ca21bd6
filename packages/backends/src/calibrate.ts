/**
 * Calibration: the fp32 GEMM rate a backend achieves here (a large square MatMul), the yardstick for each workload's
 * efficiency = model FLOPs ÷ time ÷ this peak. `calibrateGemm` measures once per backend and threads (compare's
 * matrix); `openGemmYardstick` keeps the MatMul session open so a run can measure it in its own conditions — right
 * before and right after its timed loop, on the same threads — and state the efficiency against both.
 */
import { Rng, min, timeLoop } from '@modelbench/core';
import { GraphBuilder } from '@modelbench/onnx';
import type { BackendOptions, InferenceBackend } from './types.ts';

export interface Calibration {
  gemmSize: number;
  /** the fastest of the timed runs: the achievable rate, least disturbed by other processes */
  bestMs: number;
  gflopsPerSecond: number;
}

export function matmulModel(n: number): Uint8Array {
  const g = new GraphBuilder('calibration_matmul');
  g.input('a', 'FLOAT', [n, n]);
  const w = g.initializer('b', 'FLOAT', [n, n], new Rng(7).fillNormal(new Float32Array(n * n), 0, 1));
  g.op('MatMul', ['a', w], {}, 'y');
  g.output('y', 'FLOAT', [n, n]);
  return g.toBytes();
}

const cache = new Map<string, Calibration>();

export async function calibrateGemm(backend: InferenceBackend, options: Omit<BackendOptions, 'precision'>, n = 1024, iterations = 10): Promise<Calibration> {
  const key = `${backend.id}:${options.threads ?? 'default'}:${n}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const loaded = await backend.load({ path: `<calibration matmul ${n}x${n}>`, bytes: matmulModel(n) }, { ...options, precision: backend.planPrecision('fp32'), profilePrefix: undefined as unknown as string });
  const a = { type: 'float32' as const, dims: [n, n], data: new Rng(3).fillNormal(new Float32Array(n * n), 0, 1) };
  const { samplesMs } = await timeLoop({ warmupIterations: 2, warmupMs: 0, iterations, timeBudgetMs: undefined, minIterations: 1 }, () => loaded.run({ a }));
  await loaded.dispose();
  const bestMs = min(samplesMs);
  const result = { gemmSize: n, bestMs, gflopsPerSecond: (2 * n * n * n) / (bestMs / 1000) / 1e9 };
  cache.set(key, result);
  return result;
}

/** A GEMM session kept open: `measure(k)` times k MatMuls (after one warm-up call) and returns each run's GFLOP/s. */
export interface GemmYardstick {
  gemmSize: number;
  measure(runs: number): Promise<number[]>;
  dispose(): Promise<void>;
}

export async function openGemmYardstick(backend: InferenceBackend, options: Omit<BackendOptions, 'precision'>, n = 1024): Promise<GemmYardstick> {
  const loaded = await backend.load({ path: `<calibration matmul ${n}x${n}>`, bytes: matmulModel(n) }, { ...options, precision: backend.planPrecision('fp32'), profilePrefix: undefined as unknown as string });
  const a = { type: 'float32' as const, dims: [n, n], data: new Rng(3).fillNormal(new Float32Array(n * n), 0, 1) };
  const flop = 2 * n * n * n;
  return {
    gemmSize: n,
    async measure(runs) {
      const { samplesMs } = await timeLoop({ warmupIterations: 1, warmupMs: 0, iterations: runs, timeBudgetMs: undefined, minIterations: 1 }, () => loaded.run({ a }));
      return samplesMs.map((ms) => flop / (ms / 1000) / 1e9);
    },
    dispose: () => loaded.dispose(),
  };
}
