/** A real instance: a worker thread (and, where taskset exists, a pinned child process) running a tiny ONNX model. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BenchError } from '@modelbench/core';
import { GraphBuilder } from '@modelbench/onnx';
import { findOnPath } from '../src/pinning.ts';
import { workerExecutorFactory } from '../src/worker-instance.ts';

const dir = mkdtempSync(join(tmpdir(), 'mb-loadgen-'));
const modelPath = join(dir, 'tiny.onnx');
const g = new GraphBuilder('tiny');
g.input('x', 'FLOAT', ['N', 4]);
g.op('Relu', ['x'], {}, 'y');
g.output('y', 'FLOAT', ['N', 4]);
writeFileSync(modelPath, g.toBytes());
const feeds = { x: { type: 'float32' as const, dims: [2, 4], data: Float32Array.from([1, -2, 3, -4, 5, -6, 7, -8]) } };
const config = { backendId: 'ort-cpu', modelPath, precision: 'fp32' as const, options: {}, feeds };
const disposers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const d of disposers) await d();
});

describe('worker instances', () => {
  it('a worker thread opens the model and answers calls of 1 and 2 samples with the model time', async () => {
    const e = await workerExecutorFactory(config)({ index: 0, threads: 1 });
    disposers.push(() => e.dispose());
    expect(e.info).toEqual({ index: 0, threads: 1, kind: 'worker-thread', pinnedCpus: null, pinning: 'none' });
    expect(e.sessionOptions).toMatchObject({ intraOpNumThreads: 1 });
    const one = await e.run([0]);
    const two = await e.run([0, 1]);
    expect(typeof one).toBe('number');
    expect(typeof two).toBe('number');
    await expect(e.run([0, 1, 2])).rejects.toThrow(/needs feeds for at least that batch/);
  });

  it('a missing model is the backend\'s own error, passed back', async () => {
    const err = await workerExecutorFactory({ ...config, modelPath: join(dir, 'absent.onnx') })({ index: 0, threads: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BenchError);
    expect((err as BenchError).code).toBe('MODEL_NOT_FOUND');
  });

  const taskset = findOnPath('taskset');
  it.skipIf(!taskset)('a pinned instance is a child process under taskset on the CPUs asked for', async () => {
    const e = await workerExecutorFactory({ ...config, tasksetPath: taskset })({ index: 0, threads: 1, cpus: [0] });
    disposers.push(() => e.dispose());
    expect(e.info).toMatchObject({ kind: 'child-process', pinnedCpus: [0], pinning: 'taskset' });
    expect(typeof (await e.run([0]))).toBe('number');
    await e.dispose();
    expect(e.outsideCpuMs!()).toBeGreaterThan(0);
  });
});
